// Renders <echo-schedule> against a real hub in headless Chromium and saves PNGs for a human to look at.
// Usage (from the repo root): npm run screenshot -w packages/elements [-- <output dir>]
// Default output: packages/elements/screenshots/. Needs /usr/bin/chromium (or CHROMIUM_PATH).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startTestHub } from '@teleecho/test-kit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(process.argv[2] ?? join(packageDir, 'screenshots'));
mkdirSync(outDir, { recursive: true });

const hub = await startTestHub({ storage: 'sqlite' });
const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(new URL(path, hub.url), {
    method,
    headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const at = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

const site = mkdtempSync(join(tmpdir(), 'echo-schedule-shot-'));
const server = createServer((req, res) => {
  const file = req.url === '/app.js' ? 'app.js' : 'index.html';
  readFile(join(site, file)).then(
    (body) => res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body),
    () => res.writeHead(404).end(),
  );
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

try {
  const program = await api<{ id: string }>('POST', '/v1/programs', { name: 'HCV ECHO', specialty: 'hepatology' });
  const sessions = [
    { title: 'HCV ECHO #41: Case review', topic: 'Treating HCV in people who inject drugs', startsAt: at(0, 23) },
    { title: 'HCV ECHO #42', topic: 'Cirrhosis: when to refer', startsAt: at(2, 15), recurrence: 'FREQ=WEEKLY' },
    { title: 'HCV ECHO #43', topic: 'HBV co-infection', startsAt: at(9, 15), durationMinutes: 90 },
    { title: 'Special session', topic: 'Pregnancy and HCV', startsAt: at(12, 17) },
  ];
  const created = [];
  for (const s of sessions) {
    created.push(
      await api<{ id: string }>('POST', `/v1/programs/${program.id}/sessions`, { durationMinutes: 60, ...s }),
    );
  }
  await api('PATCH', `/v1/sessions/${created[0]?.id}`, { status: 'live' });
  await api('PATCH', `/v1/sessions/${created[3]?.id}`, { status: 'cancelled' });
  const token = await hub.mint({ role: 'participant', programId: program.id, ttlSeconds: 3600 });

  await build({
    entryPoints: [join(packageDir, 'src/define.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['source', 'browser', 'import'],
    tsconfig: join(packageDir, '../../tsconfig.json'),
    outfile: join(site, 'app.js'),
    logLevel: 'warning',
  });
  const schedule = (lang: string, theme: string) =>
    `<echo-schedule lang="${lang}" theme="${theme}" hub-url="${hub.url}" token="${token}" program-id="${program.id}"
      time-zone="America/Lima"><h2 slot="heading">${lang === 'es' ? 'Próximas sesiones' : 'Upcoming sessions'}</h2>
    </echo-schedule>`;
  writeFileSync(
    join(site, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>echo-schedule</title>
    <script type="module" src="/app.js"></script>
    <style>body{margin:0;display:grid;grid-template-columns:1fr 1fr;gap:24px;padding:24px;background:#e9edf3}
    .dark{background:#0d0f13;padding:16px;border-radius:12px} h2{font:600 1.1rem system-ui;margin:0 0 8px}
    .dark h2{color:#e8eaed}</style></head><body>
    <div>${schedule('en', 'light')}</div><div class="dark">${schedule('es', 'dark')}</div></body></html>`,
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const page = await browser.newPage({ viewport: { width: 1200, height: 720 }, deviceScaleFactor: 1 });
  page.on('console', (m) => m.type() === 'error' && console.error('[page]', m.text()));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('echo-schedule')].every((e) => e.shadowRoot?.querySelector('[part="list"]')),
  );
  const file = join(outDir, 'echo-schedule.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
  // Right-to-left: borders, badges and separators must mirror.
  await page.evaluate(() => {
    document.documentElement.dir = 'rtl';
    for (const el of document.querySelectorAll('echo-schedule')) el.setAttribute('dir', 'rtl');
  });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('echo-schedule')].every(
      (e) => e.shadowRoot?.querySelector('[part="base"]')?.getAttribute('dir') === 'rtl',
    ),
  );
  const rtl = join(outDir, 'echo-schedule-rtl.png');
  await page.screenshot({ path: rtl, fullPage: true });
  console.log(rtl);
} finally {
  await browser.close();
  server.close();
  await hub.close();
}
