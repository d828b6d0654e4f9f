/**
 * Helpers for the elements' browser tests (not part of the package's API): fixtures, waiting for what a user would
 * see, and the real hub started by the test runner (see /web-test-runner.config.mjs).
 * @internal
 * @packageDocumentation
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { Session, SessionStatus } from '@teleecho/sdk';

/** What `executeServerCommand('teleecho-hub')` returns: a fresh programme on a real hub of another origin. */
export interface TestHub {
  url: string;
  programId: string;
  tokens: Record<'coordinator' | 'facilitator' | 'specialist' | 'presenter' | 'participant' | 'observer', string>;
}

/** A real hub and a fresh programme on it. */
export async function testHub(): Promise<TestHub> {
  const hub = await executeServerCommand<TestHub, undefined>('teleecho-hub');
  if (!hub) throw new Error('the teleecho-hub server command returned nothing');
  return hub;
}

/** Calls the hub as its API key (a coordinator's powers) and returns the parsed body; throws on non-2xx. */
export async function hubCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const result = await executeServerCommand<{ status: number; body: T }, unknown>('teleecho-hub-call', {
    method,
    path,
    body,
  });
  if (!result || result.status < 200 || result.status > 299) {
    throw new Error(`${method} ${path} → ${result?.status}: ${JSON.stringify(result?.body)}`);
  }
  return result.body;
}

/** Input of {@link createSession}. */
export interface SessionInput {
  title: string;
  topic: string;
  startsAt: string;
  durationMinutes: number;
  recurrence?: string;
}

/** Schedules a session on the hub. */
export function createSession(programId: string, input: SessionInput): Promise<Session> {
  return hubCall<Session>('POST', `/v1/programs/${programId}/sessions`, input);
}

/** Changes a session on the hub (as a coordinator would). */
export function patchSession(
  sessionId: string,
  patch: Partial<SessionInput> & { status?: SessionStatus },
): Promise<Session> {
  return hubCall<Session>('PATCH', `/v1/sessions/${sessionId}`, patch);
}

/** An ISO date `days` days from now at 15:00 UTC. */
export function daysFromNow(days: number, hourUtc = 15): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

const mounted: Element[] = [];

/** Parses `markup`, attaches it to the document and returns its first element; removed by {@link cleanup}. */
export function fixture<E extends Element = HTMLElement>(markup: string, parent: Element = document.body): E {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  const el = template.content.firstElementChild as E | null;
  if (!el) throw new Error('fixture markup has no element');
  parent.append(el);
  mounted.push(el);
  return el;
}

/** Removes every fixture (call in `afterEach`). */
export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
}

/**
 * Resolves once `check` returns a truthy value (polled on animation frames), or rejects with `what` after
 * `timeoutMs` — a wait for an outcome, not a timing assertion.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let lastError: unknown;
    try {
      const value = check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Elements inside `host`'s shadow root matching `selector`. */
export function shadowAll<E extends Element = HTMLElement>(host: Element, selector: string): E[] {
  return [...(host.shadowRoot?.querySelectorAll<E>(selector) ?? [])] as E[];
}

/** The first element inside `host`'s shadow root matching `selector`. */
export function shadow<E extends Element = HTMLElement>(host: Element, selector: string): E | null {
  return host.shadowRoot?.querySelector<E>(selector) ?? null;
}
