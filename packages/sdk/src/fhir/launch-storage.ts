/**
 * Where a pending SMART launch (state, PKCE verifier, token endpoint) waits while the browser is at
 * the authorization server. It must survive one cross-origin navigation of the same frame, and it
 * must work inside an EHR's iframe where the browser partitions or blocks storage.
 *
 * Order tried: `sessionStorage` → `localStorage` → `window.name` (+ memory). Each is probed with a
 * write before it is used, because blocked storage throws on access rather than being absent.
 * No token is ever stored here, and nothing is ever put in a cookie.
 * @packageDocumentation
 */

/** A launch that was started by `smartLaunch()` and not yet completed. */
export interface PendingSmartLaunch {
  state: string;
  codeVerifier: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
  fhirBaseUrl: string;
  scope: string;
  /** Where a new launch starts (the page that called `smartLaunch()`), for the relaunch hint of later errors. */
  relaunchUrl?: string;
  /** Epoch milliseconds; records older than {@link PENDING_LAUNCH_TTL_MS} are ignored. */
  createdAt: number;
}

/** Where pending launches are kept. Inject your own with the `storage` option. */
export interface LaunchStorage {
  /** Which backing store is in use, for diagnostics: `sessionStorage`, `localStorage`, `window.name`, `memory`. */
  readonly kind: string;
  save(record: PendingSmartLaunch): void;
  /** Returns and forgets the record of `state` (a state is good for one completion only). */
  take(state: string): PendingSmartLaunch | undefined;
}

/** A pending launch older than this is refused (the user took too long at the authorization server). */
export const PENDING_LAUNCH_TTL_MS = 10 * 60 * 1000;

const KEY_PREFIX = 'teleecho.smart.';
const WINDOW_NAME_PREFIX = 'teleecho-smart:';

function fresh(record: PendingSmartLaunch | undefined): PendingSmartLaunch | undefined {
  return record && Date.now() - record.createdAt <= PENDING_LAUNCH_TTL_MS ? record : undefined;
}

function parse(text: string | null | undefined): PendingSmartLaunch | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as PendingSmartLaunch;
  } catch {
    return undefined;
  }
}

function webStorage(kind: 'sessionStorage' | 'localStorage'): LaunchStorage | undefined {
  try {
    const store = (globalThis as Record<string, unknown>)[kind] as Storage | undefined;
    if (!store) return undefined;
    const probe = `${KEY_PREFIX}probe`;
    store.setItem(probe, '1');
    store.removeItem(probe);
    return {
      kind,
      save: (record) => store.setItem(KEY_PREFIX + record.state, JSON.stringify(record)),
      take: (state) => {
        const record = parse(store.getItem(KEY_PREFIX + state));
        store.removeItem(KEY_PREFIX + state);
        return fresh(record);
      },
    };
  } catch {
    return undefined; // blocked (SecurityError) or full: try the next store
  }
}

interface WindowNamePayload {
  /** The frame's name before we borrowed it; restored on completion. */
  previous: string;
  pending: Record<string, PendingSmartLaunch>;
}

/** Memory survives a popup flow and Node; `window.name` survives the redirect of an iframe. */
function windowNameStorage(): LaunchStorage {
  const memory = new Map<string, PendingSmartLaunch>();
  const win = (globalThis as { window?: { name: string } }).window;
  const read = (): WindowNamePayload | undefined => {
    if (!win?.name.startsWith(WINDOW_NAME_PREFIX)) return undefined;
    try {
      return JSON.parse(win.name.slice(WINDOW_NAME_PREFIX.length)) as WindowNamePayload;
    } catch {
      return undefined;
    }
  };
  return {
    kind: win ? 'window.name' : 'memory',
    save(record) {
      memory.set(record.state, record);
      if (!win) return;
      const payload = read() ?? { previous: win.name, pending: {} };
      payload.pending[record.state] = record;
      win.name = WINDOW_NAME_PREFIX + JSON.stringify(payload);
    },
    take(state) {
      let record = memory.get(state);
      memory.delete(state);
      const payload = read();
      if (win && payload) {
        record ??= payload.pending[state];
        delete payload.pending[state];
        win.name = Object.keys(payload.pending).length
          ? WINDOW_NAME_PREFIX + JSON.stringify(payload)
          : payload.previous;
      }
      return fresh(record);
    },
  };
}

/**
 * The best storage this page allows: `sessionStorage`, else `localStorage`, else `window.name` plus memory.
 * @returns a {@link LaunchStorage}; its `kind` says which one was chosen.
 */
export function defaultLaunchStorage(): LaunchStorage {
  return webStorage('sessionStorage') ?? webStorage('localStorage') ?? windowNameStorage();
}

/**
 * An in-memory store: for Node, tests, and popup flows where the opener completes the launch.
 * @returns a fresh, empty {@link LaunchStorage}.
 */
export function memoryLaunchStorage(): LaunchStorage {
  const memory = new Map<string, PendingSmartLaunch>();
  return {
    kind: 'memory',
    save: (record) => void memory.set(record.state, record),
    take: (state) => {
      const record = memory.get(state);
      memory.delete(state);
      return fresh(record);
    },
  };
}
