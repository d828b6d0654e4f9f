import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '@teleecho/sdk';
import { parse as parseCsv } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  createTestSession,
  hubFetch,
  recordTestAttendance,
  startTestHub,
  storageTiers,
  type TestHub,
} from '@teleecho/test-kit';

/** The text of every page of a PDF, items joined by spaces (pdf.js, as a PDF reader extracts it). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}

async function pdfOf(
  hub: TestHub,
  path: string,
  token: string,
): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const response = await fetch(new URL(path, hub.url), { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

const PROGRAM = 'Hepatitis C ECHO — São Paulo';
const CREDIT_TYPE = 'AMA PRA Category 1 Credit™';
const TRICKY_TITLE = 'Cirrhosis, "decompensated"\nand HCC';
const FORMULA_TOPIC = '=HYPERLINK("http://x")';

for (const { tier, skip } of await storageTiers()) {
  describe(`CME: credit rule, transcripts, certificates, evaluations [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let programId: string;
    let jose: string; // participant "José Conceição" (p-jose)
    let ana: string; // participant "Ana" (p-ana)
    let coordinator: string;
    const s: Session[] = [];

    before(async () => {
      hub = await startTestHub({ storage: tier, seed: false });
      const created = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: {
          name: PROGRAM,
          specialty: 'hepatology',
          creditRule: { creditsPerSession: 1.5, creditType: CREDIT_TYPE },
        },
      });
      programId = created.body.id;
      jose = await hub.mint({ role: 'participant', programId, sub: 'p-jose', name: 'José Conceição' });
      ana = await hub.mint({ role: 'participant', programId, sub: 'p-ana', name: 'Ana' });
      coordinator = await hub.mint({ role: 'coordinator', programId, sub: 'c-1' });
      for (const [day, title, topic] of [
        ['05', 'HCV treatment', 'DAAs in primary care'],
        ['12', 'HCV and HIV', 'Co-infection'],
        ['19', 'Liver fibrosis', 'FIB-4 and elastography'],
        ['26', TRICKY_TITLE, FORMULA_TOPIC],
      ] as const) {
        s.push(await createTestSession(hub, { programId, startsAt: `2026-03-${day}T16:00:00Z`, title, topic }));
      }
      const who = { userId: 'p-jose', userName: 'José Conceição' };
      await recordTestAttendance(hub, s[0]!, { ...who, from: -5, to: 65 }); // full (clipped to 60)
      await recordTestAttendance(hub, s[1]!, { ...who, from: 0, to: 20 }); // rejoin: 20 + 25 = 45 of 60
      await recordTestAttendance(hub, s[1]!, { ...who, from: 25, to: 50 });
      await recordTestAttendance(hub, s[2]!, { ...who, from: 0, to: 30 }); // early leave: 30 of 60
      await recordTestAttendance(hub, s[3]!, { ...who, from: 0, to: 40 }); // overlapping tabs: 0–60 once
      await recordTestAttendance(hub, s[3]!, { ...who, from: 30, to: 60 });
      await recordTestAttendance(hub, s[0]!, { userId: 'p-ana', userName: 'Ana', from: 10, to: 20 });
    });
    after(() => hub?.close());

    test('the credit rule is validated (0 < minimumShare ≤ 1, credits ≥ 0) and only coordinators change it', async () => {
      const put = (token: string, body: unknown) =>
        hubFetch(hub.url, 'PUT', `/v1/programs/${programId}/credit-rule`, { token, body });
      for (const body of [
        { creditsPerSession: 1, minimumShare: 0 },
        { creditsPerSession: 1, minimumShare: 1.2 },
        { creditsPerSession: -1 },
        { creditsPerSession: 1, evaluationTemplateId: 'tpl_unknown' },
      ]) {
        const r = await put(coordinator, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.code, 'validation_failed');
      }
      assert.equal((await put(jose, { creditsPerSession: 9 })).status, 403);
      const patched = await hubFetch(hub.url, 'PATCH', `/v1/programs/${programId}`, {
        token: coordinator,
        body: { creditRule: { minimumShare: 0 } },
      });
      assert.equal(patched.status, 400, 'PATCH /v1/programs refuses a zero share too');
      const ok = await put(coordinator, { creditsPerSession: 1.5, creditType: CREDIT_TYPE });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, { creditsPerSession: 1.5, minimumShare: 0.75, creditType: CREDIT_TYPE });
      const read = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/credit-rule`, { token: ana });
      assert.deepEqual(read.body, ok.body);
    });

    test('transcript (JSON): attended minutes merged per session, credits by the rule, self or coordinator', async () => {
      const r = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript`, { token: jose });
      assert.equal(r.status, 200);
      assert.equal(r.body.userName, 'José Conceição');
      assert.equal(r.body.programName, PROGRAM);
      assert.deepEqual(
        r.body.entries.map((e: any) => [e.title, e.attendedMinutes, e.credits, e.reason ?? null]),
        [
          ['HCV treatment', 60, 1.5, null],
          ['HCV and HIV', 45, 1.5, null],
          ['Liver fibrosis', 30, 0, 'below_minimum'],
          [TRICKY_TITLE, 60, 1.5, null],
        ],
      );
      assert.equal(r.body.totalCredits, 4.5);
      assert.equal(r.body.entries[0].creditType, CREDIT_TYPE);

      const period = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${programId}/transcript?from=2026-03-10&to=2026-03-19`,
        { token: jose },
      );
      assert.deepEqual(
        period.body.entries.map((e: any) => e.sessionId),
        [s[1]!.id, s[2]!.id],
        '`to` is inclusive of its day',
      );

      const other = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript?user=p-jose`, { token: ana });
      assert.equal(other.status, 403);
      const byCoordinator = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript?user=p-jose`, {
        token: coordinator,
      });
      assert.equal(byCoordinator.body.userName, 'José Conceição', 'name from the attendance record');
      assert.equal(byCoordinator.body.totalCredits, 4.5);
      const key = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript`, { token: hub.apiKey });
      assert.equal(key.status, 400, 'an API key must name the person');
      for (const query of ['from=yesterday', 'to=2026-13-45', 'from=2026-03-10&to=2026-03-01', 'format=xml']) {
        const bad = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript?${query}`, { token: jose });
        assert.equal(bad.status, 400, query);
        assert.equal(bad.body.code, 'validation_failed', query);
      }
    });

    test('transcript (CSV): RFC 4180 quoting survives a round trip; formulas are neutralised', async () => {
      const viaAccept = await fetch(new URL(`/v1/programs/${programId}/transcript`, hub.url), {
        headers: { authorization: `Bearer ${jose}`, accept: 'text/csv' },
      });
      assert.match(viaAccept.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
      assert.match(viaAccept.headers.get('content-disposition') ?? '', /attachment; filename="transcript-/);
      const text = await viaAccept.text();
      const viaQuery = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript?format=csv`, {
        token: jose,
      });
      assert.equal(viaQuery.body.replace(/^\uFEFF/, ''), text.replace(/^\uFEFF/, ''));
      const rows: string[][] = parseCsv(text, { bom: true, relax_column_count: false });
      assert.deepEqual(rows[0], [
        'Date (UTC)',
        'Session',
        'Topic',
        'Scheduled minutes',
        'Attended minutes',
        'Share',
        'Credits',
        'Credit type',
        'Certificate code',
      ]);
      assert.equal(rows.length, 5);
      assert.deepEqual(rows[1]!.slice(0, 8), [
        '2026-03-05 16:00',
        'HCV treatment',
        'DAAs in primary care',
        '60',
        '60',
        '1',
        '1.5',
        CREDIT_TYPE,
      ]);
      assert.deepEqual(rows[3]!.slice(4, 7), ['30', '0.5', '0']);
      assert.equal(rows[4]![1], TRICKY_TITLE, 'comma, quotes and newline kept');
      assert.equal(rows[4]![2], `'${FORMULA_TOPIC}`, 'a leading = is escaped for spreadsheets');
    });

    test('session certificate: a PDF with name, programme, credits, date and a code that verifies', async () => {
      const pdf = await pdfOf(hub, `/v1/programs/${programId}/certificates/sessions/${s[0]!.id}`, jose);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.type, 'application/pdf');
      assert.equal(Buffer.from(pdf.bytes.subarray(0, 5)).toString(), '%PDF-');
      const text = await pdfText(pdf.bytes);
      assert.match(text, /José Conceição/);
      assert.match(text, /Hepatitis C ECHO — São Paulo/);
      assert.match(text, /1\.5 AMA PRA Category 1 Credit™/);
      assert.match(text, /on 5 March 2026/);
      assert.match(text, /HCV treatment/);
      const code = /Verification code: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})/.exec(text)?.[1];
      assert.ok(code, `no code in: ${text}`);
      assert.ok(text.includes(`${hub.url}/v1/certificates/${code}`), 'the verification URL is printed');

      const again = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/certificates/sessions/${s[0]!.id}`, {
        token: jose,
        headers: { accept: 'application/json' },
      });
      assert.equal(again.body.code, code, 'one certificate per person and session');
      assert.equal(again.body.verificationUrl, `${hub.url}/v1/certificates/${code}`);

      const verified = await hubFetch(hub.url, 'GET', `/v1/certificates/${code}`);
      assert.equal(verified.status, 200);
      assert.equal(verified.body.participantName, 'José Conceição');
      assert.equal(verified.body.programName, PROGRAM);
      assert.equal(verified.body.credits, 1.5);
      assert.equal(verified.body.from, '2026-03-05T16:00:00.000Z');
      const typed = await hubFetch(hub.url, 'GET', `/v1/certificates/${code!.replace(/-/g, '').toLowerCase()}`);
      assert.equal(typed.body.code, code, 'codes verify however they are typed');
      const page = await fetch(new URL(`/v1/certificates/${code}`, hub.url), {
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const html = await page.text();
      assert.match(html, /Valid CME certificate/);
      assert.match(html, /José Conceição/);
      assert.ok(!/<script/i.test(html));
      const unknownPage = await fetch(new URL('/v1/certificates/<i>x"', hub.url), {
        headers: { accept: 'text/html' },
      });
      assert.equal(unknownPage.status, 404);
      assert.match(await unknownPage.text(), /<code>&lt;i&gt;x&quot;<\/code>/, 'escaped');
      for (const unknown of ['ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', 'not-a-code']) {
        const r = await hubFetch(hub.url, 'GET', `/v1/certificates/${unknown}`);
        assert.equal(r.status, 404);
        assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.equal(r.body.code, 'certificate_not_found');
      }

      const transcript = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript`, { token: jose });
      assert.equal(transcript.body.entries[0].certificateCode, code);
    });

    test('no certificate when not eligible (409 not_eligible + reason) or without attendance (404)', async () => {
      const below = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/certificates/sessions/${s[2]!.id}`, {
        token: jose,
      });
      assert.equal(below.status, 409);
      assert.equal(below.body.code, 'not_eligible');
      assert.equal(below.body.reason, 'below_minimum');
      const none = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/certificates/sessions/${s[1]!.id}`, {
        token: ana,
      });
      assert.equal(none.status, 404);
      const forAna = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${programId}/certificates/sessions/${s[0]!.id}?user=p-jose`,
        { token: ana },
      );
      assert.equal(forAna.status, 403, "a participant cannot fetch someone else's certificate");
    });

    test('period certificate: the eligible sessions of a finished period, once', async () => {
      const path = `/v1/programs/${programId}/certificates/period?from=2026-03-01&to=2026-03-31`;
      const pdf = await pdfOf(hub, path, jose);
      assert.equal(pdf.status, 200);
      const text = await pdfText(pdf.bytes);
      assert.match(text, /attended 3 teleECHO sessions of the programme/);
      assert.match(text, /from 5 March 2026 to 26 March 2026/);
      assert.match(text, /4\.5 AMA PRA Category 1 Credit™/);
      assert.match(text, /\(2\.75 hours attended\)/);
      const json = await hubFetch(hub.url, 'GET', `${path}&format=json`, { token: jose });
      assert.equal(json.body.credits, 4.5);
      assert.deepEqual(
        json.body.sessions.map((x: any) => x.sessionId),
        [s[0]!.id, s[1]!.id, s[3]!.id],
      );
      assert.ok(text.includes(json.body.code));

      const future = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${programId}/certificates/period?from=2026-03-01&to=2099-12-31`,
        { token: jose },
      );
      assert.equal(future.status, 409);
      assert.equal(future.body.reason, 'session_not_ended');
      const empty = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${programId}/certificates/period?from=2026-03-18&to=2026-03-20`,
        { token: jose },
      );
      assert.equal(empty.status, 409);
      assert.equal(empty.body.reason, 'no_eligible_sessions');
    });

    test('evaluation: required by the rule, validated, once per person; credit follows it', async () => {
      const questionnaire = {
        resourceType: 'Questionnaire',
        status: 'active',
        title: 'Session evaluation',
        item: [
          {
            linkId: 'useful',
            text: 'How useful was the session?',
            type: 'choice',
            required: true,
            answerOption: ['1', '2', '3', '4', '5'].map((code) => ({ valueCoding: { code, display: code } })),
          },
          { linkId: 'practice', text: 'Will you change your practice?', type: 'boolean', required: true },
          { linkId: 'comment', text: 'Comments', type: 'text' },
        ],
      };
      const template = await hubFetch(hub.url, 'POST', `/v1/programs/${programId}/case-templates`, {
        token: coordinator,
        body: { questionnaire },
      });
      const rule = await hubFetch(hub.url, 'PUT', `/v1/programs/${programId}/credit-rule`, {
        token: coordinator,
        body: { creditsPerSession: 1.5, creditType: CREDIT_TYPE, evaluationTemplateId: template.body.id },
      });
      assert.equal(rule.status, 200);
      const path = `/v1/sessions/${s[1]!.id}/evaluation`;
      const before = await hubFetch(hub.url, 'GET', path, { token: jose });
      assert.equal(before.body.submitted, false);
      assert.equal(before.body.questionnaire.title, 'Session evaluation');
      assert.equal(before.body.credit.reason, 'evaluation_pending');
      const cert = `/v1/programs/${programId}/certificates/sessions/${s[1]!.id}`;
      assert.equal((await hubFetch(hub.url, 'GET', cert, { token: jose })).body.reason, 'evaluation_pending');

      const answer = (useful: string, extra: object[] = []) => ({
        response: {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          item: [
            { linkId: 'useful', answer: [{ valueCoding: { code: useful } }] },
            { linkId: 'practice', answer: [{ valueBoolean: true }] },
            ...extra,
          ],
        },
      });
      const missing = await hubFetch(hub.url, 'POST', path, {
        token: jose,
        body: { response: { resourceType: 'QuestionnaireResponse', status: 'completed', item: [] } },
      });
      assert.equal(missing.status, 400);
      assert.deepEqual(
        missing.body.errors.map((e: any) => [e.path, e.message]),
        [
          ['/response/useful', 'required'],
          ['/response/practice', 'required'],
        ],
      );
      for (const response of [
        { resourceType: 'QuestionnaireResponse', item: 'x' },
        { resourceType: 'QuestionnaireResponse', item: [null, 3, { linkId: 7, answer: {} }] },
        { resourceType: 'Patient', name: [{ text: 'x' }] },
      ]) {
        const broken = await hubFetch(hub.url, 'POST', path, { token: jose, body: { response } });
        assert.equal(broken.status, 400, JSON.stringify(response));
      }
      const wrongOption = await hubFetch(hub.url, 'POST', path, { token: jose, body: answer('9') });
      assert.equal(wrongOption.status, 400);
      assert.deepEqual(wrongOption.body.errors, [{ path: '/response/useful', message: 'Not one of the options' }]);
      assert.equal((await hubFetch(hub.url, 'POST', path, { token: hub.apiKey, body: answer('4') })).status, 403);

      const ok = await hubFetch(hub.url, 'POST', path, {
        token: jose,
        body: answer('4', [{ linkId: 'comment', answer: [{ valueString: 'Muito útil, obrigado' }] }]),
      });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.submitted, true);
      assert.equal(ok.body.credit.eligible, true);
      assert.equal(ok.body.response.item[2].answer[0].valueString, 'Muito útil, obrigado');
      const events = await hub.hub!.storage.events.after(0, 1000, programId);
      assert.deepEqual(
        events.filter((e) => e.type === 'attendance.updated').map((e) => e.data),
        [{ sessionId: s[1]!.id, event: 'evaluation_submitted', userId: 'p-jose' }],
        'credit may have changed: the event LTI grade passback listens to',
      );
      const twice = await hubFetch(hub.url, 'POST', path, { token: jose, body: answer('5') });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'evaluation_already_submitted');
      assert.equal(
        (await hubFetch(hub.url, 'GET', cert, { token: jose, headers: { accept: 'application/json' } })).status,
        200,
      );

      const transcript = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/transcript`, { token: jose });
      assert.deepEqual(
        transcript.body.entries.map((e: any) => [e.evaluationSubmitted, e.reason ?? null]),
        [
          [false, 'evaluation_pending'],
          [true, null],
          [false, 'below_minimum'],
          [false, 'evaluation_pending'],
        ],
      );
      const future = await createTestSession(hub, { programId, startsAt: '2099-01-01T16:00:00Z' });
      const early = await hubFetch(hub.url, 'POST', `/v1/sessions/${future.id}/evaluation`, {
        token: jose,
        body: answer('4'),
      });
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'session_not_started');
    });
  });
}
