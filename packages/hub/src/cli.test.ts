import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli.js';
import { createHub } from './index.js';
import { hubFetch, openEventStream } from '@teleecho/test-kit';

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

const existedBefore = existsSync(join(process.cwd(), '.teleecho', 'hub-secret'));

describe('teleecho CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('seed-demo twice does not duplicate; api-key and token work against a hub on that data dir', async () => {
    const first = await cli(['seed-demo', '--data', dataDir]);
    const second = await cli(['seed-demo', '--data', dataDir]);
    assert.equal(first.code, 0);
    const programId = first.out.at(-1)!;
    assert.match(programId, /^prg_/);
    assert.equal(second.out.at(-1), programId);
    const key = await cli(['api-key', 'create', '--data', dataDir, '--origins', 'https://ehr.example.org']);
    assert.equal(key.code, 0);
    const apiKey = key.out.at(-1)!;
    assert.match(apiKey, /^teleecho_sk_[a-z0-9]{12}\.[A-Za-z0-9_-]{32,}$/);
    const token = await cli([
      'token',
      '--role',
      'coordinator',
      '--program',
      programId,
      '--data',
      dataDir,
      '--name',
      'Dr. C',
    ]);
    assert.equal(token.code, 0);

    const hub = await createHub({ port: 0, dataDir, logger: false });
    try {
      const url = await hub.listen();
      const programs = await hubFetch(url, 'GET', '/v1/programs', { token: apiKey });
      assert.equal(programs.status, 200);
      assert.equal(programs.body.items.filter((p: { name: string }) => p.name === 'HCV ECHO').length, 1);
      const sessions = await hubFetch(url, 'GET', `/v1/programs/${programId}/sessions`, { token: token.out.at(-1) });
      assert.equal(sessions.status, 200);
      // two scheduled sessions (one weekly) and the drop-in that is open now, printed on its own line
      assert.equal(sessions.body.items.length, 3);
      assert.ok(sessions.body.items.some((s: { recurrence?: string }) => s.recurrence?.startsWith('FREQ=WEEKLY')));
      const dropIn = /open now: +(ses_\w+)/.exec(first.out.join('\n'))?.[1];
      assert.ok(dropIn, first.out.join('\n'));
      assert.equal(/open now: +(ses_\w+)/.exec(second.out.join('\n'))?.[1], dropIn, 'a rerun keeps the same drop-in');
      const open = await hubFetch(url, 'GET', `/v1/sessions/${dropIn}`, { token: token.out.at(-1) });
      assert.equal(open.body.joinWindow.open, true, 'the drop-in session can be joined now');
      const templates = await hubFetch(url, 'GET', `/v1/programs/${programId}/case-templates`, {
        token: token.out.at(-1),
      });
      // the general template plus the six shipped ones (HCV, HIV, DR-TB, type 2 diabetes, palliative care, QI)
      assert.equal(templates.body.items.length, 7);
      const titles = templates.body.items.map((t: { title: string }) => t.title).join(' | ');
      for (const word of ['Hepatitis C', 'HIV', 'TB', 'diabetes', 'Palliative', 'improvement'])
        assert.match(titles, new RegExp(word, 'i'), titles);
    } finally {
      await hub.close();
    }
    assert.equal(statSync(join(dataDir, 'hub-secret')).mode & 0o777, 0o600);
  });

  test('bad flags give a clear message and exit code 2 (and touch nothing)', async () => {
    const unknown = await cli(['hub', '--frobnicate', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err.join('\n'), /Unknown option '--frobnicate'/);
    const partial = await cli(['hub', '--livekit-url', 'ws://127.0.0.1:7880']);
    assert.equal(partial.code, 2);
    assert.match(partial.err.join('\n'), /--livekit-url, --livekit-key and --livekit-secret go together/);
    const badUrl = await cli(['hub', '--livekit-url', 'x', '--livekit-key', 'k', '--livekit-secret', 's']);
    assert.equal(badUrl.code, 2);
    const role = await cli(['token', '--role', 'admin', '--program', 'p']);
    assert.equal(role.code, 2);
    assert.match(role.err.join('\n'), /--role is required: one of/);
    assert.equal((await cli(['token', '--role', 'presenter'])).code, 2);
    assert.equal((await cli(['token', '--role', 'presenter', '--program', 'p', '--ttl', '9999'])).code, 2);
    assert.equal((await cli(['api-key', 'delete'])).code, 2);
    assert.equal((await cli(['api-key', 'create', '--origins', 'not an origin', '--data', dataDir])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['--help'])).code, 0);
    assert.ok(!existsSync(join(process.cwd(), '.teleecho', 'hub-secret')) || existedBefore, 'no stray data dir');
  });
});

describe('teleecho session', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-cli-session-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('session open lets everyone join a session a week early; start-now starts an open ad-hoc one', async () => {
    const programId = (await cli(['seed-demo', '--data', dataDir])).out.at(-1)!;
    const apiKey = (await cli(['api-key', 'create', '--data', dataDir])).out.at(-1)!;
    const livekit = { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' };
    const hub = await createHub({ port: 0, dataDir, logger: false, livekit });
    try {
      const url = await hub.listen();
      const token = async (role: string) =>
        (await cli(['token', '--role', role, '--program', programId, '--data', dataDir])).out.at(-1)!;
      const participant = await token('participant');
      const join = (sessionId: string) =>
        hubFetch(url, 'POST', `/v1/sessions/${sessionId}/join`, { token: participant, body: {} });
      const scheduled = await hubFetch(url, 'POST', `/v1/programs/${programId}/sessions`, {
        token: apiKey,
        body: {
          title: 'Next week',
          topic: 'Cirrhosis',
          startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          durationMinutes: 60,
        },
      });
      const sessionId = scheduled.body.id as string;
      assert.equal((await join(sessionId)).body.code, 'session_not_open');

      const opened = await cli(['session', 'open', sessionId, '--data', dataDir]);
      assert.equal(opened.code, 0, opened.err.join('\n'));
      assert.match(opened.out.join('\n'), new RegExp(`Opened session ${sessionId} .*everyone allowed can join now`));
      assert.equal((await join(sessionId)).status, 200);
      const again = await cli(['session', 'open', sessionId, '--data', dataDir]);
      assert.equal(again.code, 0);
      assert.match(again.out.join('\n'), /was already open .* by teleecho CLI/);

      const started = await cli([
        'session',
        'start-now',
        '--program',
        programId,
        '--title',
        'Consult',
        '--data',
        dataDir,
      ]);
      assert.equal(started.code, 0, started.err.join('\n'));
      const adHocId = started.out.at(-1)!;
      assert.match(adHocId, /^ses_/);
      assert.equal((await join(adHocId)).status, 200);
      const read = await hubFetch(url, 'GET', `/v1/sessions/${adHocId}`, { token: participant });
      assert.equal(read.body.title, 'Consult');
      assert.equal(read.body.adHoc, true);

      const log = await openEventStream(url, await token('coordinator'), { lastEventId: '0' });
      try {
        await log.waitFor((events) => events.filter((e) => e.event === 'session.opened').length === 2);
        for (const event of log.events.filter((e) => e.event === 'session.opened')) {
          assert.deepEqual(event.data.data.openedBy, { via: 'cli', id: 'cli', name: 'teleecho CLI' });
        }
      } finally {
        log.close();
      }
    } finally {
      await hub.close();
    }
  });

  test('unknown sessions and programmes fail with one line; bad flags exit 2', async () => {
    const missing = await cli(['session', 'open', 'ses_missing', '--data', dataDir]);
    assert.equal(missing.code, 1);
    assert.deepEqual(missing.err, ['teleecho: session not found']);
    const noProgram = await cli(['session', 'start-now', '--program', 'prg_x', '--title', 'T', '--data', dataDir]);
    assert.equal(noProgram.code, 1);
    assert.deepEqual(noProgram.err, ['teleecho: programme not found']);
    for (const args of [
      ['session'],
      ['session', 'close', 'ses_1'],
      ['session', 'open'],
      ['session', 'open', 'a', 'b'],
      ['session', 'start-now', '--program', 'p'],
      ['session', 'start-now', '--title', 'T'],
      ['session', 'start-now', '--program', 'p', '--title', 'T', '--duration', '0'],
    ]) {
      const r = await cli([...args, '--data', dataDir]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err[0]!, /^teleecho: /);
    }
  });
});

describe('teleecho deidentify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'teleecho-deid-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const patients = new URL('../../../examples/sandbox-ehr/patients/', import.meta.url);
  const hcv = fileURLToPath(new URL('hcv.json', patients));

  test('prints the de-identified Bundle on stdout and writes the report', async () => {
    const reportFile = join(dir, 'report.json');
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ name: 'hcv-echo', idKey: 'programme-secret' }));
    const r = await cli(['deidentify', hcv, '--policy', policyFile, '--report', reportFile]);
    assert.equal(r.code, 0);
    const bundle = JSON.parse(r.out.join('\n'));
    assert.equal(bundle.resourceType, 'Bundle');
    const text = JSON.stringify(bundle);
    for (const leak of ['Thibodeaux', '603-555-0147', '912-48-3301', 'MRN-4829173', 'Charlestown', '1968-04-23']) {
      assert.ok(!text.includes(leak), leak);
    }
    assert.ok(text.includes('"11011-4"') && text.includes('1240000'), 'clinical content kept');
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    assert.equal(report.policy, 'hcv-echo');
    assert.equal(report.idKey, 'policy');
    assert.ok(report.changes.length > 50);
    const again = await cli(['deidentify', hcv, '--policy', policyFile]);
    assert.equal(again.out.join('\n'), r.out.join('\n'), 'same key, same output');
  });

  test('--report lists every dropped element with its path and reason; --free-text keeps the notes asked for', async () => {
    const input = JSON.parse(readFileSync(hcv, 'utf8'));
    input.entry[0].resource.extension.push({ url: 'https://vendor.example/drivers-license', valueString: 'D77001122' });
    const file = join(dir, 'vendor.json');
    writeFileSync(file, JSON.stringify(input));
    const reportFile = join(dir, 'dropped.json');
    const r = await cli(['deidentify', file, '--report', reportFile]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.out.join('\n'), /D77001122/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const dropped = report.changes.filter((c: { action: string }) => c.action === 'dropped');
    const index = input.entry[0].resource.extension.length - 1;
    assert.ok(
      dropped.some(
        (c: { path: string; reason: string }) => c.path === `Patient.extension[${index}]` && c.reason === 'not-allowed',
      ),
      'the vendor extension is listed',
    );
    assert.ok(
      dropped.some((c: { path: string }) => c.path === 'Practitioner'),
      'a resource off the allow-list',
    );
    assert.ok(
      dropped.some((c: { reason: string }) => c.reason === 'free-text'),
      'notes not asked for',
    );
    assert.match(r.err.join('\n'), new RegExp(`${dropped.length} elements dropped`));
    const withNotes = await cli(['deidentify', file, '--free-text', 'notes']);
    assert.match(withNotes.out.join('\n'), /"note"/);
    assert.doesNotMatch(r.out.join('\n'), /"note"/);
    const bad = await cli(['deidentify', file, '--free-text', 'everything']);
    assert.equal(bad.code, 1);
  });

  test('non-FHIR input exits non-zero with one line and no stack trace', async () => {
    const notJson = join(dir, 'not.json');
    const notFhir = join(dir, 'plain.json');
    writeFileSync(notJson, 'MRN 123, not json at all');
    writeFileSync(notFhir, JSON.stringify({ hello: 'world' }));
    for (const args of [[notJson], [notFhir], [join(dir, 'missing.json')]]) {
      const r = await cli(['deidentify', ...args]);
      assert.equal(r.code, 1, args[0]);
      assert.equal(r.out.length, 0);
      assert.equal(r.err.length, 1);
      assert.equal(r.err[0]!.split('\n').length, 1);
      assert.doesNotMatch(r.err[0]!, /\bat .*:\d+:\d+/);
    }
    const usage = await cli(['deidentify']);
    assert.equal(usage.code, 2);
  });
});
