// Shared bench helpers: spawn a TypeScript child process, read its JSON lines, percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A child process running a TypeScript file with the source condition, lines of stdout as a queue. */
export interface Child {
  process: ChildProcess;
  /** Next stdout line (waits). */
  nextLine(): Promise<string>;
  stop(): Promise<void>;
}

/** Spawns `node --conditions=source --import tsx <file> ...args` next to this folder. */
export function spawnTs(file: string, args: string[] = []): Child {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--conditions=source', '--import', 'tsx', path, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  return {
    process: child,
    nextLine: () =>
      new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) resolve(line);
        else {
          waiters.push(resolve);
          child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
        }
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The q-quantile (0–1) of sorted numbers, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Rounds to 0.1. */
export const round = (n: number): number => Math.round(n * 10) / 10;

/** Wall-clock milliseconds with sub-ms precision, comparable across processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();
