// Runs in headless Chromium (@web/test-runner). The page is served from one origin and the hub
// (started by scripts/wtr-hub-plugin.mjs) listens on another, so every call here is cross-origin.
import { executeServerCommand } from '@web/test-runner-commands';
import { createEchoClient } from './echo-client.js';
import { NotFoundError } from '../errors.js';
import type { EchoEvent, Role } from '../types.js';
import { caseResponse, deidReport, presentedCase } from '../internal/test-fixtures.js';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void>) => void;

interface HubInfo {
  url: string;
  programId: string;
  tokens: Record<Role, string>;
}

function ok(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

function until<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms)),
  ]);
}

describe('@teleecho/sdk in the browser', () => {
  it('calls a hub on another origin (CORS) and maps its problem+json errors', async () => {
    const hub = await executeServerCommand<HubInfo, { name: string }>('teleecho-hub', { name: 'SDK browser CORS' });
    ok(new URL(hub.url).origin !== location.origin, 'the hub runs on another origin than the page');
    const client = createEchoClient({ hubUrl: hub.url, token: hub.tokens.coordinator });
    const health = await client.health();
    ok(health.status === 'ok', `health status ok (got ${health.status})`);
    const program = await client.programs.get(hub.programId);
    ok(program.id === hub.programId, 'reads the programme');
    ok(program.name === 'SDK browser CORS', 'programme name round-trips');
    ok(client.getClaims()?.role === 'coordinator', 'decodes the token claims');
    const templates = await client.templates.list(hub.programId);
    ok(templates.items.length >= 1, 'a new programme has a default case template');
    const error = await client.cases.get('case_does_not_exist').then(
      () => undefined,
      (e: unknown) => e,
    );
    ok(error instanceof NotFoundError, `a missing case is a NotFoundError (got ${String(error)})`);
    ok(error.code === 'not_found', 'with code not_found');
  });

  it('receives recommendation.issued over SSE, cross-origin', async () => {
    const hub = await executeServerCommand<HubInfo, { name: string }>('teleecho-hub', { name: 'SDK browser events' });
    const as = (role: Role) => createEchoClient({ hubUrl: hub.url, token: hub.tokens[role] });
    const presenter = as('presenter');
    const { case: presented } = await presentedCase({ coordinator: as('coordinator'), presenter }, hub.programId);

    const received: EchoEvent[] = [];
    let notify: (() => void) | undefined;
    const statuses: string[] = [];
    const sub = presenter.events.subscribe(
      { caseId: presented.id },
      (event) => {
        received.push(event);
        notify?.();
      },
      { onStatus: (status) => statuses.push(status) },
    );
    try {
      await until(
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (sub.status === 'open') resolve();
            else setTimeout(check, 20);
          };
          check();
        }),
        10_000,
        'the stream to open',
      );
      const specialist = as('specialist');
      const draft = await specialist.recommendations.create(presented.id, {
        body: 'Start sofosbuvir/velpatasvir for 12 weeks.',
        category: 'treatment',
      });
      await specialist.recommendations.issue(draft.id);
      await until(
        new Promise<void>((resolve) => {
          notify = () => {
            if (received.some((e) => e.type === 'recommendation.issued')) resolve();
          };
          notify();
        }),
        10_000,
        'recommendation.issued',
      );
      const issued = received.find((e) => e.type === 'recommendation.issued')!;
      ok(issued.caseId === presented.id, 'the event is about our case');
      ok(
        received.every((e) => e.caseId === presented.id),
        'the caseId filter holds',
      );
      ok(sub.lastEventId === received.at(-1)!.id, 'lastEventId tracks the last delivered event');
    } finally {
      sub.unsubscribe();
    }
    ok(sub.status === 'closed', 'unsubscribe closes');
    ok(statuses[0] === 'connecting' && statuses.includes('open'), `statuses ${statuses.join(',')}`);
  });

  it('resumes with lastEventId (Last-Event-ID header, cross-origin) and gets missed events once', async () => {
    const hub = await executeServerCommand<HubInfo, { name: string }>('teleecho-hub', { name: 'SDK browser resume' });
    const as = (role: Role) => createEchoClient({ hubUrl: hub.url, token: hub.tokens[role] });
    const coordinator = as('coordinator');
    const presenter = as('presenter');
    const templateId = (await presenter.templates.list(hub.programId)).items[0]!.id;
    const submit = async (title: string): Promise<string> =>
      (
        await presenter.cases.submit({
          programId: hub.programId,
          templateId,
          title,
          response: caseResponse(),
          deidentification: deidReport(),
        })
      ).id;
    const waitForEvents = async (list: EchoEvent[], count: number, what: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (list.length < count) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    const first: EchoEvent[] = [];
    const sub1 = coordinator.events.subscribe({ programId: hub.programId }, (e) => first.push(e));
    await waitForOpen(sub1);
    const a = await submit('Seen live');
    await waitForEvents(first, 1, 'the live event');
    sub1.unsubscribe();
    const saved = sub1.lastEventId;
    ok(saved === first[0]!.id, 'lastEventId is the last delivered id');

    const missed = [await submit('Missed 1'), await submit('Missed 2')];
    const second: EchoEvent[] = [];
    const sub2 = coordinator.events.subscribe({ programId: hub.programId }, (e) => second.push(e), {
      lastEventId: saved,
    });
    try {
      await waitForEvents(second, 2, 'the missed events');
      ok(
        second.map((e) => e.caseId).join() === missed.join(),
        `missed events in order (got ${second.map((e) => e.caseId).join()})`,
      );
      ok(!second.some((e) => e.caseId === a), 'the event seen before is not delivered again');
    } finally {
      sub2.unsubscribe();
    }
  });
});

function waitForOpen(sub: { readonly status: string }): Promise<void> {
  return until(
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (sub.status === 'open') resolve();
        else setTimeout(check, 20);
      };
      check();
    }),
    10_000,
    'the stream to open',
  );
}
