import { EchoError } from '../errors.js';

/** The error an aborted call rejects with. @internal */
export function abortedError(signal?: AbortSignal): EchoError {
  return new EchoError('aborted', 'The request was aborted', { cause: signal?.reason });
}

/**
 * Waits `ms` milliseconds; rejects with an `aborted` {@link EchoError} as soon as `signal` aborts,
 * and never leaves a timer behind.
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
