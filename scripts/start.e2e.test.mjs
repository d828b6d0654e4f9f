// The product's front door, end to end: `npm start` on a fresh data folder brings up the hub (SQLite, demo
// programme), the sandbox EHR and the examples; the plain HTML host page (strict CSP, CDN build) shows the demo programme's
// sessions from the hub and switches language; stopping `npm start` stops the hub too.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { phoneLayout } from '@teleecho/test-kit';
import { ROOT } from './lib.mjs';
import { CHROMIUM_ARGS } from '../web-test-runner.config.mjs';

const canListen = (port) =>
  new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

// Ports below Linux's ephemeral range (32768–60999): npm start's hub starts livekit-server on an OS-chosen port, which
// could otherwise be one this test picked and released but start.mjs has not bound yet. `span` ports in a row are
// checked (the sandbox EHR uses its port and the next one).
const taken = new Set();
const freePort = async (span = 1) => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const ports = Array.from({ length: span }, (_, i) => port + i);
    if (ports.some((p) => taken.has(p))) continue;
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) {
      for (const p of ports) taken.add(p);
      return port;
    }
  }
  throw new Error(`no ${span} free port(s) in a row between 20000 and 30000 after 200 tries`);
};

test('npm start serves the hub and a working plain HTML host page', { timeout: 120000 }, async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'teleecho-start-'));
  after(() => rmSync(data, { recursive: true, force: true }));
  const hubPort = await freePort();
  const examplesPort = await freePort();
  const ehrPort = await freePort(2);
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TELEECHO_DATA: data,
      TELEECHO_HUB_PORT: String(hubPort),
      TELEECHO_EXAMPLES_PORT: String(examplesPort),
      TELEECHO_EHR_PORT: String(ehrPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  after(() => child.kill('SIGKILL'));

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 90000);
    const check = () => {
      if (output.includes('teleECHO Embed is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  assert.match(output, /prg_[A-Za-z0-9]+/, 'prints the demo programme id');
  assert.match(output, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, 'prints a ready embed token');
  assert.doesNotMatch(output, /teleecho_sk_/, 'never prints the secret API key');
  const liveKitBin = process.env.TELEECHO_LIVEKIT_BIN ?? join(ROOT, '.tools/bin/livekit-server');
  await t.test(
    'the hub started LiveKit in dev mode',
    {
      skip: !existsSync(liveKitBin) && `SKIPPED TIER livekit: ${liveKitBin} is missing (run scripts/install-tools.sh)`,
    },
    () => assert.match(output, /LiveKit: ws:\/\/127\.0\.0\.1:\d+/),
  );

  const health = await fetch(`http://127.0.0.1:${hubPort}/healthz`);
  assert.equal(health.status, 200);
  const metadata = await fetch(`http://127.0.0.1:${ehrPort}/fhir/metadata`);
  assert.equal(metadata.status, 200, 'the sandbox EHR serves FHIR');
  assert.equal((await metadata.json()).resourceType, 'CapabilityStatement');
  const landing = await fetch(`http://127.0.0.1:${examplesPort}/`);
  assert.equal(landing.status, 200);
  assert.match(await landing.text(), /plain-html/);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Trusted/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`http://127.0.0.1:${examplesPort}/plain-html/`);
  const firstTitle = page.locator('echo-schedule [part~="title"]').first();
  await firstTitle.waitFor({ timeout: 20000 });
  assert.match(await firstTitle.textContent(), /HCV ECHO/);
  const rows = await page.locator('echo-schedule [part~="item"]').count();
  assert.ok(rows >= 2, `the demo programme's sessions are listed (${rows})`);

  await page.setViewportSize({ width: 360, height: 640 });
  const phone = await phoneLayout(page);
  assert.equal(phone.sideways, 0, 'the plain HTML page fits a 360 px phone');
  assert.ok(phone.times >= 2);
  assert.deepEqual(phone.clippedTimes, [], 'every session start time is fully visible at 360 px');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.selectOption('#lang', 'es');
  await page
    .locator('echo-schedule')
    .getByText(/sesiones|Semanal/i)
    .first()
    .waitFor({ timeout: 10000 });
  assert.deepEqual(problems, []);

  child.kill('SIGTERM');
  await exited;
  const after2 = await fetch(`http://127.0.0.1:${hubPort}/healthz`).then(
    () => 'up',
    () => 'down',
  );
  assert.equal(after2, 'down', 'stopping npm start stops the hub');
});
