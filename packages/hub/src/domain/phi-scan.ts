/**
 * Runs the PHI guard where it cannot stall the hub: small payloads inline (a few milliseconds at most), large ones in
 * a worker thread with a time budget, so `/healthz` and every other request keep being answered while a presenter's
 * megabyte of free text is scanned. A scan over budget ends the worker (a fresh one starts on the next scan) and the
 * case is refused with 422 `phi_check_incomplete`.
 * @packageDocumentation
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from './errors.js';
import { findPhi, textSize } from './phi-guard.js';
import type { PhiFinding } from './phi-guard.js';

/** Characters of text below which a scan runs inline. */
export const PHI_SCAN_INLINE_BELOW = 32 * 1024;
/** Longest a scan may take in the worker before the case is refused. */
export const PHI_SCAN_BUDGET_MS = 1500;

/** What to scan: values and the JSON Pointer each one sits at. */
export type PhiScanParts = [value: unknown, basePath: string][];
/** @internal */
export interface PhiScanRequest {
  id: number;
  parts: PhiScanParts;
}
/** @internal */
export type PhiScanReply = { id: number; threadId: number } & ({ findings: PhiFinding[] } | { error: string });

interface Pending {
  worker: Worker;
  resolve: (findings: PhiFinding[]) => void;
  reject: (error: Error) => void;
  /** Set once the request is sent to a ready worker. */
  timer?: ReturnType<typeof setTimeout>;
  send: () => void;
}

/** How many scans ran where (for tests and logs). */
export const phiScanCounts = { inline: 0, worker: 0, overBudget: 0, lastThreadId: -1 };

let worker: Worker | undefined;
/** Workers that have loaded the guard (requests wait for it, so start-up does not count against the budget). */
const ready = new WeakSet<Worker>();
let nextId = 0;
const pending = new Map<number, Pending>();

function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./phi-scan.worker.js', import.meta.url));
  // From source (tests, `--conditions=source`): the worker loads TypeScript through tsx, as this thread does.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./phi-scan.worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** A worker keeps the process alive only while it has scans to answer. */
function holdWhileBusy(w: Worker): void {
  for (const p of pending.values()) if (p.worker === w) return void w.ref();
  w.unref();
}

/** Fails the scans sent to `w` (every scan when `w` is undefined). */
function failAll(w: Worker | undefined, error: Error): void {
  for (const [id, p] of pending) {
    if (w && p.worker !== w) continue;
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(error);
  }
}

function stopWorker(): void {
  const w = worker;
  worker = undefined;
  if (w) void w.terminate();
}

function theWorker(): Worker {
  if (worker) return worker;
  const w = startWorker();
  w.on('message', (reply: PhiScanReply | { ready: true }) => {
    if ('ready' in reply) {
      ready.add(w);
      for (const p of pending.values()) if (p.worker === w && !p.timer) p.send();
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    holdWhileBusy(w);
    clearTimeout(p.timer);
    phiScanCounts.lastThreadId = reply.threadId;
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.findings);
  });
  w.on('error', (error) => {
    if (worker === w) worker = undefined;
    failAll(w, error);
  });
  w.on('exit', () => {
    if (worker === w) worker = undefined;
    failAll(w, new Error('the PHI scanner stopped'));
  });
  w.unref(); // an idle scanner never keeps the process alive (after the listeners, which would ref it again)
  worker = w;
  return w;
}

function overBudget(): DomainError {
  return new DomainError(
    'phi_check_incomplete',
    'The case could not be checked for identifying data in time; shorten the free-text answers and submit again',
  );
}

/**
 * The PHI guard's findings for `parts`: inline when they hold little text, otherwise in the worker thread within
 * `budgetMs` (422 `phi_check_incomplete` past it).
 */
export async function scanPhi(
  parts: PhiScanParts,
  options: { inlineBelow?: number; budgetMs?: number } = {},
): Promise<PhiFinding[]> {
  const size = parts.reduce((n, [value]) => n + textSize(value), 0);
  if (size < (options.inlineBelow ?? PHI_SCAN_INLINE_BELOW)) {
    phiScanCounts.inline++;
    return parts.flatMap(([value, path]) => findPhi(value, path));
  }
  phiScanCounts.worker++;
  const w = theWorker();
  const id = ++nextId;
  return new Promise<PhiFinding[]>((resolve, reject) => {
    const entry: Pending = {
      worker: w,
      resolve,
      reject,
      send: () => {
        entry.timer = setTimeout(() => {
          phiScanCounts.overBudget++;
          pending.delete(id);
          holdWhileBusy(w);
          reject(overBudget());
          // The worker may be stuck on this scan: start afresh (scans queued behind it fail the same way).
          failAll(w, overBudget());
          if (worker === w) stopWorker();
        }, options.budgetMs ?? PHI_SCAN_BUDGET_MS);
        w.postMessage({ id, parts } satisfies PhiScanRequest);
      },
    };
    pending.set(id, entry);
    holdWhileBusy(w);
    if (ready.has(w)) entry.send();
  });
}

/** Ends the scanner thread (a later scan starts a new one). */
export async function closePhiScanner(): Promise<void> {
  const w = worker;
  worker = undefined;
  failAll(undefined, new Error('the PHI scanner was closed'));
  if (w) await w.terminate();
}
