/**
 * What the viewer keeps in the browser: the last known case and recommendations (shown while the hub is unreachable)
 * with the last event id (to resume the live stream), and which recommendation versions this browser has shown.
 * Stored in `localStorage`, keyed by hub, user and case; every access tolerates storage being unavailable
 * (blocked, partitioned or full), in which case the viewer simply works without a saved copy.
 * @packageDocumentation
 */
import type { Case, Recommendation } from '@teleecho/sdk';

const PREFIX = 'teleecho:recommendation-viewer:v1';

/** The saved copy of one case. */
export interface CachedCase {
  case: Case;
  recommendations: Recommendation[];
  /** The id of the last live event applied, for `Last-Event-ID`. */
  lastEventId?: string;
  /** When the copy was saved (ISO 8601). */
  savedAt: string;
}

/** Whose data a cache entry belongs to: one hub, one user. */
export interface CacheScope {
  hubUrl: string;
  userId: string;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // e.g. a sandboxed iframe without allow-same-origin
  }
}

function read<T>(key: string): T | undefined {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // full or blocked: the viewer keeps working without a saved copy
  }
}

const caseKey = (scope: CacheScope, caseId: string) => `${PREFIX}:case:${scope.hubUrl}:${scope.userId}:${caseId}`;
const seenKey = (scope: CacheScope) => `${PREFIX}:seen:${scope.hubUrl}:${scope.userId}`;

/** The saved copy of a case, if any. */
export function loadCachedCase(scope: CacheScope, caseId: string): CachedCase | undefined {
  const cached = read<CachedCase>(caseKey(scope, caseId));
  return cached && cached.case?.id === caseId && Array.isArray(cached.recommendations) ? cached : undefined;
}

/** Saves (replaces) the copy of a case. */
export function saveCachedCase(scope: CacheScope, entry: CachedCase): void {
  write(caseKey(scope, entry.case.id), entry);
}

/** Recommendation id → the highest version this browser has shown. */
export type SeenVersions = Record<string, number>;

/** The versions this browser has shown to the user. */
export function loadSeen(scope: CacheScope): SeenVersions {
  return read<SeenVersions>(seenKey(scope)) ?? {};
}

/** Records that these recommendations were shown (at their current versions). */
export function markSeen(scope: CacheScope, recommendations: readonly Recommendation[]): void {
  const seen = loadSeen(scope);
  let changed = false;
  for (const rec of recommendations) {
    if ((seen[rec.id] ?? 0) < rec.version) {
      seen[rec.id] = rec.version;
      changed = true;
    }
  }
  if (changed) write(seenKey(scope), seen);
}

/**
 * Whether a recommendation counts as unread: it is issued and its current version has neither been shown in this
 * browser nor acknowledged by the presenter (an acknowledgement, from any device, means it was read).
 */
export function isUnread(rec: Recommendation, seen: SeenVersions): boolean {
  if (rec.status !== 'issued') return false;
  if (rec.acknowledgement && rec.acknowledgement.version >= rec.version) return false;
  return (seen[rec.id] ?? 0) < rec.version;
}
