// Every client method against a real hub (SQLite) from @teleecho/test-kit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEchoClient } from './echo-client.js';
import type { EchoError } from '../errors.js';
import { AuthError, ForbiddenError, NotFoundError, PhiRejectedError, ValidationError } from '../errors.js';
import { createEmbedToken } from '../server/index.js';
import { caseInput, caseResponse, deidReport, presentedCase } from '../internal/test-fixtures.js';
import { newProgram, startHub } from '../internal/test-hub.js';
import type { TestHub } from '../internal/test-hub.js';
import { startGateway } from '../internal/test-server.js';
import type { Gateway } from '../internal/test-server.js';

let hub: TestHub;
const gateways: Gateway[] = [];
before(async () => {
  hub = await startHub();
});
after(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await hub?.close();
});

const isError =
  (Class: typeof EchoError, code?: string) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof Class, `expected ${Class.name}, got ${String(e)}`);
    if (code) assert.equal(e.code, code);
    return true;
  };

describe('hub client against a real hub', () => {
  test('health()', async () => {
    const health = await createEchoClient({ hubUrl: hub.url }).health();
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.version, 'string');
  });

  test('embedTokens.create mints a working, scoped token; an embed token cannot mint', async () => {
    const { program, admin } = await newProgram(hub);
    const minted = await admin.embedTokens.create({
      user: { id: 'dr-42', name: 'Dr. Ana Lima' },
      role: 'specialist',
      programId: program.id,
      ttlSeconds: 600,
    });
    const expiresIn = Date.parse(minted.expiresAt) - Date.now();
    assert.ok(expiresIn > 590_000 && expiresIn <= 601_000, `expiresAt ~10 min ahead (${expiresIn} ms)`);
    const specialist = createEchoClient({ hubUrl: hub.url, token: minted.token });
    assert.deepEqual(
      { sub: specialist.getClaims()?.sub, name: specialist.getClaims()?.name, role: specialist.getClaims()?.role },
      { sub: 'dr-42', name: 'Dr. Ana Lima', role: 'specialist' },
    );
    assert.equal(specialist.getClaims()?.prg, program.id);
    assert.equal((await specialist.programs.get(program.id)).id, program.id);
    await assert.rejects(
      specialist.embedTokens.create({ user: { id: 'x', name: 'X' }, role: 'coordinator', programId: program.id }),
      (e: unknown) => e instanceof AuthError || e instanceof ForbiddenError,
    );
  });

  test('programs: create, get, list, update', async () => {
    const { program, admin } = await newProgram(hub, 'Programs round trip');
    assert.equal(program.name, 'Programs round trip');
    assert.equal(program.specialty, 'hepatology');
    assert.deepEqual(await admin.programs.get(program.id), program);
    const all = await admin.paginate((cursor) => admin.programs.list({ cursor })).collect();
    assert.ok(all.some((p) => p.id === program.id));
    const updated = await admin.programs.update(program.id, { name: 'Programs renamed', language: 'es' });
    assert.equal(updated.name, 'Programs renamed');
    assert.equal(updated.language, 'es');
    assert.equal((await admin.programs.get(program.id)).name, 'Programs renamed');
  });

  test('sessions: create, list, get with agenda, update', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const startsAt = new Date(Date.UTC(2030, 0, 10, 15, 0)).toISOString();
    const created = await coordinator.sessions.create(fx.program.id, {
      title: 'HCV in primary care',
      topic: 'DAA regimens',
      startsAt,
      durationMinutes: 60,
      recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4',
    });
    assert.equal(created.title, 'HCV in primary care');
    assert.equal(Date.parse(created.startsAt), Date.parse(startsAt));
    assert.equal(created.status, 'scheduled');
    const list = await coordinator.sessions.list(fx.program.id);
    assert.ok(list.items.some((s) => s.id === created.id));
    const got = await (await fx.as('participant')).sessions.get(created.id);
    assert.equal(got.id, created.id);
    assert.deepEqual(got.agenda, []);
    const updated = await coordinator.sessions.update(created.id, { topic: 'DAA regimens, part 2' });
    assert.equal(updated.topic, 'DAA regimens, part 2');
  });

  test('sessions: a facilitator opens one early and starts an ad-hoc one; a participant may not', async () => {
    const fx = await newProgram(hub);
    const facilitator = await fx.as('facilitator');
    const participant = await fx.as('participant');
    const later = await (
      await fx.as('coordinator')
    ).sessions.create(fx.program.id, {
      title: 'Next week',
      topic: 'Cirrhosis',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      durationMinutes: 60,
    });
    assert.equal((await participant.sessions.get(later.id)).joinWindow?.reason, 'not_yet_open');
    await assert.rejects(participant.sessions.open(later.id), isError(ForbiddenError, 'forbidden'));
    const opened = await facilitator.sessions.open(later.id);
    assert.equal(opened.joinWindow?.open, true);
    assert.equal(opened.openedBy?.role, 'facilitator');
    assert.equal((await facilitator.sessions.open(later.id)).openedAt, opened.openedAt, 'idempotent');
    const adHoc = await facilitator.sessions.startNow(fx.program.id, { title: 'Consult', durationMinutes: 20 });
    assert.equal(adHoc.adHoc, true);
    assert.equal(adHoc.durationMinutes, 20);
    assert.equal((await participant.sessions.get(adHoc.id)).joinWindow?.open, true);
    await assert.rejects(
      participant.sessions.startNow(fx.program.id, { title: 'Nope' }),
      isError(ForbiddenError, 'forbidden'),
    );
  });

  test('templates: list default, create, get, update (version bump), delete', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const defaults = await coordinator.templates.list(fx.program.id);
    assert.ok(defaults.items.length >= 1, 'a new programme gets a default template');
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'active',
      item: [{ linkId: 'q', text: 'Q?', type: 'text' }],
    };
    const created = await coordinator.templates.create(fx.program.id, { title: 'TB case', questionnaire });
    assert.equal(created.title, 'TB case');
    assert.equal(created.questionnaire.resourceType, 'Questionnaire');
    const got = await coordinator.templates.get(fx.program.id, created.id);
    assert.equal(got.id, created.id);
    const updated = await coordinator.templates.update(fx.program.id, created.id, { title: 'TB case v2' });
    assert.equal(updated.title, 'TB case v2');
    assert.equal(updated.version, created.version + 1);
    assert.deepEqual(updated.questionnaire, created.questionnaire, 'a title-only update keeps the questionnaire');
    const replaced = await coordinator.templates.update(fx.program.id, created.id, {
      questionnaire: { ...questionnaire, title: 'TB v3' },
    });
    assert.equal(replaced.title, 'TB case v2');
    assert.equal(replaced.questionnaire.title, 'TB v3');
    assert.equal(replaced.version, created.version + 2);
    await coordinator.templates.delete(fx.program.id, created.id);
    await assert.rejects(coordinator.templates.get(fx.program.id, created.id), isError(NotFoundError, 'not_found'));
  });

  test('cases: submit, get, list, transition, agenda, follow-up', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    const coordinator = await fx.as('coordinator');
    const input = await caseInput(presenter, fx.program.id, 'HCV with cirrhosis');
    const submitted = await presenter.cases.submit(input);
    assert.equal(submitted.status, 'submitted');
    assert.equal(submitted.title, 'HCV with cirrhosis');
    assert.equal(submitted.presenterId, 'presenter-1');
    assert.deepEqual(submitted.deidentification, input.deidentification);
    assert.deepEqual(await presenter.cases.get(submitted.id), submitted);
    const mine = await presenter.cases.list({ programId: fx.program.id });
    assert.deepEqual(
      mine.items.map((c) => c.id),
      [submitted.id],
    );
    const other = await fx.as('presenter', { sub: 'presenter-2' });
    assert.equal(
      (await other.cases.list({ programId: fx.program.id })).items.length,
      0,
      'presenters see only their own',
    );

    const returned = await coordinator.cases.transition(submitted.id, { status: 'returned', reason: 'Add labs' });
    assert.equal(returned.status, 'returned');
    assert.equal(returned.returnReason, 'Add labs');
    const resubmitted = await presenter.cases.transition(submitted.id, { status: 'submitted' });
    assert.equal(resubmitted.status, 'submitted');
    const accepted = await coordinator.cases.transition(submitted.id, { status: 'accepted' });
    assert.equal(accepted.status, 'accepted');
    const session = await coordinator.sessions.create(fx.program.id, {
      title: 'S',
      topic: 'T',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 60,
    });
    const scheduled = await coordinator.cases.transition(submitted.id, { status: 'scheduled', sessionId: session.id });
    assert.equal(scheduled.sessionId, session.id);
    const agenda = (await coordinator.sessions.get(session.id)).agenda;
    assert.deepEqual(
      agenda.map((a) => a.caseId),
      [submitted.id],
    );
    const onSession = await coordinator.cases.list({ sessionId: session.id });
    assert.deepEqual(
      onSession.items.map((c) => c.id),
      [submitted.id],
    );
    const followUp = await presenter.cases.submit({ ...input, title: 'Follow-up', followUpOf: submitted.id });
    assert.equal(followUp.followUpOf, submitted.id);
    await assert.rejects(coordinator.cases.transition(submitted.id, { status: 'closed' }), isError(ValidationError));
  });

  test('recommendations: draft, issue, amend with history, acknowledge', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    const specialist = await fx.as('specialist');
    const { case: presented } = await presentedCase(
      { coordinator: await fx.as('coordinator'), presenter },
      fx.program.id,
    );
    const draft = await specialist.recommendations.create(presented.id, {
      body: 'Check HBV serology before DAA start.',
      category: 'diagnostics',
      followUp: '2030-02-01',
    });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.caseId, presented.id);
    assert.equal((await presenter.recommendations.list(presented.id)).items.length, 0, 'presenters never see drafts');
    const edited = await specialist.recommendations.update(draft.id, { body: 'Check HBV serology first.' });
    assert.equal(edited.body, 'Check HBV serology first.');
    assert.equal(edited.status, 'draft');
    const issued = await specialist.recommendations.issue(draft.id);
    assert.equal(issued.status, 'issued');
    assert.equal(issued.number, 1);
    assert.equal((await presenter.cases.get(presented.id)).status, 'recommendations_issued');
    const seen = await presenter.recommendations.list(presented.id);
    assert.deepEqual(
      seen.items.map((r) => r.id),
      [draft.id],
    );
    const amended = await specialist.recommendations.amend(draft.id, { body: 'Check HBV serology and HIV status.' });
    assert.equal(amended.version, 2);
    assert.equal(amended.body, 'Check HBV serology and HIV status.');
    assert.equal(amended.history[0]?.body, 'Check HBV serology first.');
    const ack = await presenter.recommendations.acknowledge(draft.id, { reply: 'Thanks, ordered.' });
    assert.equal(ack.reply, 'Thanks, ordered.');
    assert.equal(ack.version, 2);
    assert.equal(ack.by, 'presenter-1');
    const after = (await presenter.recommendations.list(presented.id)).items[0];
    assert.equal(after?.acknowledgement?.reply, 'Thanks, ordered.');
  });

  test('errors map to the right subclass and code', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    await assert.rejects(presenter.cases.get('case_missing'), isError(NotFoundError, 'not_found'));
    await assert.rejects(
      presenter.sessions.create(fx.program.id, {
        title: 'x',
        topic: 'y',
        startsAt: new Date().toISOString(),
        durationMinutes: 30,
      }),
      isError(ForbiddenError),
    );
    const coordinator = await fx.as('coordinator');
    await assert.rejects(
      coordinator.sessions.create(fx.program.id, {
        title: 'x',
        topic: 'y',
        startsAt: 'not a date',
        durationMinutes: 'ninety' as unknown as number,
      }),
      (e: unknown) => isError(ValidationError)(e) && (e as ValidationError).status === 400,
    );
    const input = await caseInput(presenter, fx.program.id, 'Has an SSN');
    const leaky = caseResponse('Patient SSN 123-45-6789, call 555-123-4567');
    await assert.rejects(
      presenter.cases.submit({ ...input, response: leaky }),
      isError(PhiRejectedError, 'phi_detected'),
    );
    const forged = await createEmbedToken({
      apiKey: `teleecho_sk_abcdefghijkl.${'x'.repeat(43)}`,
      user: { id: 'u', name: 'U' },
      role: 'coordinator',
      programId: fx.program.id,
    });
    await assert.rejects(
      createEchoClient({ hubUrl: hub.url, token: forged }).programs.get(fx.program.id),
      isError(AuthError),
    );
    assert.deepEqual(deidReport().policy, 'safe-harbor');
  });

  test('a POST answered 503 by a gateway is retried with the same Idempotency-Key and creates nothing twice', async () => {
    const fx = await newProgram(hub);
    let posts = 0;
    const gateway = await startGateway(hub.url, (req) =>
      req.method === 'POST' && ++posts === 1 ? 'forward-then-503' : 'forward',
    );
    gateways.push(gateway);
    const token = await hub.mint({ role: 'presenter', programId: fx.program.id, sub: 'p-retry', name: 'P' });
    const presenter = createEchoClient({ hubUrl: gateway.url, token, backoffBaseMs: 10 });
    const created = await presenter.cases.submit(await caseInput(presenter, fx.program.id, 'Submitted once'));
    const postsSeen = gateway.requests.filter((r) => r.method === 'POST');
    assert.equal(postsSeen.length, 2, 'the client retried after the 503');
    assert.equal(postsSeen[0]!.headers['idempotency-key'], postsSeen[1]!.headers['idempotency-key']);
    const cases = await presenter.cases.list({ programId: fx.program.id });
    assert.deepEqual(
      cases.items.map((c) => c.id),
      [created.id],
      'the hub holds exactly one case: the retry returned the first result',
    );
  });

  test('a POST whose connection drops after the hub acted is retried safely', async () => {
    const fx = await newProgram(hub);
    let posts = 0;
    const gateway = await startGateway(hub.url, (req) =>
      req.method === 'POST' && ++posts === 1 ? 'forward-then-drop' : 'forward',
    );
    gateways.push(gateway);
    const coordinator = createEchoClient({
      hubUrl: gateway.url,
      token: await hub.mint({ role: 'coordinator', programId: fx.program.id, sub: 'c-retry', name: 'C' }),
      backoffBaseMs: 10,
    });
    const session = await coordinator.sessions.create(fx.program.id, {
      title: 'Only once',
      topic: 't',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      durationMinutes: 60,
    });
    const sessions = await coordinator.sessions.list(fx.program.id);
    assert.deepEqual(
      sessions.items.filter((s) => s.title === 'Only once').map((s) => s.id),
      [session.id],
    );
  });

  test('getToken is called again once a short-lived token expired', async () => {
    const fx = await newProgram(hub);
    let minted = 0;
    const client = createEchoClient({
      hubUrl: hub.url,
      getToken: () => {
        minted++;
        return hub.mint({ role: 'coordinator', programId: fx.program.id, sub: 'short', name: 'S', ttlSeconds: 2 });
      },
    });
    await client.programs.get(fx.program.id);
    assert.equal(minted, 1);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await client.programs.get(fx.program.id)).id, fx.program.id);
    assert.equal(minted, 2);

    const expiredToken = await hub.mint({ role: 'coordinator', programId: fx.program.id, ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    await assert.rejects(
      createEchoClient({ hubUrl: hub.url, token: expiredToken }).programs.get(fx.program.id),
      isError(AuthError, 'token_expired'),
    );
  });

  test('paginate() walks every page', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    const input = await caseInput(presenter, fx.program.id, 'Paged');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await presenter.cases.submit({ ...input, title: `Paged ${i}` })).id);
    const first = await presenter.cases.list({ programId: fx.program.id, limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor, 'a first page of 2 out of 5 has a nextCursor');
    const pages = [];
    for await (const page of presenter
      .paginate((cursor) => presenter.cases.list({ programId: fx.program.id, limit: 2, cursor }))
      .pages()) {
      pages.push(page);
    }
    assert.equal(pages.length, 3);
    const all = await presenter
      .paginate((cursor) => presenter.cases.list({ programId: fx.program.id, limit: 2, cursor }))
      .collect();
    assert.deepEqual(all.map((c) => c.id).sort(), [...ids].sort());
    assert.equal(new Set(all.map((c) => c.id)).size, 5);
  });
});
