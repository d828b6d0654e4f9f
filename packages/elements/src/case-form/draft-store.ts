/**
 * Where `<echo-case-form>` keeps what must survive a reload or a browser crash: the draft (the QuestionnaireResponse
 * being filled, with its `Idempotency-Key`) and the outbox (cases waiting to be sent). Plain IndexedDB, no library;
 * when IndexedDB is unavailable (e.g. storage blocked in a third-party iframe) an in-memory store keeps the element
 * working for the life of the page.
 *
 * An IndexedDB write is asynchronous: one started at `pagehide` (a reload right after typing) does not finish. So
 * every draft is also written synchronously to a `localStorage` journal before the IndexedDB write starts, and
 * dropped from it once that write is done; reading a draft takes the newer of the two.
 * @internal
 * @packageDocumentation
 */
import type { FhirResource, SubmitCaseInput } from '@teleecho/sdk';

/** A saved draft. */
export interface CaseDraft {
  /** {@link draftKey} of hub, programme, template and user. */
  key: string;
  /** The QuestionnaireResponse being filled (de-identified prefill plus what the presenter typed). */
  response: FhirResource;
  /** Sent as `Idempotency-Key` by every attempt to submit this draft, so retries never create a second case. */
  idempotencyKey: string;
  /** Paths of free-text fields whose identifier warning the presenter confirmed. */
  confirmed: string[];
  /** Template version the draft was filled against. */
  templateVersion?: number;
  /** When it was last saved (ms since epoch). */
  savedAt: number;
}

/** A case waiting to be sent (offline, or after a failed attempt). */
export interface QueuedCase {
  /** The draft's key (one queued case per draft). */
  key: string;
  hubUrl: string;
  idempotencyKey: string;
  input: SubmitCaseInput;
  queuedAt: number;
}

/** What the element needs from storage. */
export interface CaseFormStore {
  getDraft(key: string): Promise<CaseDraft | undefined>;
  putDraft(draft: CaseDraft): Promise<void>;
  deleteDraft(key: string): Promise<void>;
  getQueued(key: string): Promise<QueuedCase | undefined>;
  putQueued(item: QueuedCase): Promise<void>;
  deleteQueued(key: string): Promise<void>;
}

const DB_NAME = 'teleecho-case-form';
const DB_VERSION = 1;
type StoreName = 'drafts' | 'outbox';

/** A fresh `Idempotency-Key` (a UUID v4; also in pages that are not a secure context, where `randomUUID` is missing). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The key a draft is saved under: one draft per hub, programme, template and user. */
export function draftKey(parts: { hubUrl: string; programId: string; templateId: string; userId: string }): string {
  return JSON.stringify([parts.hubUrl.replace(/\/+$/, ''), parts.programId, parts.templateId, parts.userId]);
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let opening: Promise<IDBDatabase> | undefined;

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of ['drafts', 'outbox']) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'key' });
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('IndexedDB upgrade blocked'));
  });
  opening.catch(() => (opening = undefined));
  return opening;
}

class IndexedDbStore implements CaseFormStore {
  private async run<T>(name: StoreName, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>) {
    const db = await openDb();
    const tx = db.transaction(name, mode);
    const result = promised(op(tx.objectStore(name)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  }

  async getDraft(key: string) {
    return (await this.run<CaseDraft | undefined>('drafts', 'readonly', (s) => s.get(key))) ?? undefined;
  }
  async putDraft(draft: CaseDraft) {
    await this.run('drafts', 'readwrite', (s) => s.put(draft));
  }
  async deleteDraft(key: string) {
    await this.run('drafts', 'readwrite', (s) => s.delete(key));
  }
  async getQueued(key: string) {
    return (await this.run<QueuedCase | undefined>('outbox', 'readonly', (s) => s.get(key))) ?? undefined;
  }
  async putQueued(item: QueuedCase) {
    await this.run('outbox', 'readwrite', (s) => s.put(item));
  }
  async deleteQueued(key: string) {
    await this.run('outbox', 'readwrite', (s) => s.delete(key));
  }
}

class MemoryStore implements CaseFormStore {
  private readonly drafts = new Map<string, CaseDraft>();
  private readonly outbox = new Map<string, QueuedCase>();
  async getDraft(key: string) {
    return structuredClone(this.drafts.get(key));
  }
  async putDraft(draft: CaseDraft) {
    this.drafts.set(draft.key, structuredClone(draft));
  }
  async deleteDraft(key: string) {
    this.drafts.delete(key);
  }
  async getQueued(key: string) {
    return structuredClone(this.outbox.get(key));
  }
  async putQueued(item: QueuedCase) {
    this.outbox.set(item.key, structuredClone(item));
  }
  async deleteQueued(key: string) {
    this.outbox.delete(key);
  }
}

const JOURNAL_PREFIX = 'teleecho-case-form:draft:';

/**
 * The synchronous side of draft saving: `localStorage` (partitioned like IndexedDB in a third-party iframe). Every
 * method swallows storage errors (blocked storage, quota): the journal only ever adds safety.
 */
export const draftJournal = {
  /** Writes `draft` now, synchronously (safe to call from `pagehide`). */
  write(draft: CaseDraft): void {
    try {
      localStorage.setItem(JOURNAL_PREFIX + draft.key, JSON.stringify(draft));
    } catch {
      // no localStorage here (or it is full): IndexedDB alone
    }
  },
  /** The journalled draft of `key`, if any. */
  read(key: string): CaseDraft | undefined {
    try {
      const text = localStorage.getItem(JOURNAL_PREFIX + key);
      const draft = text ? (JSON.parse(text) as CaseDraft) : undefined;
      return draft?.key === key && typeof draft.savedAt === 'number' && draft.response ? draft : undefined;
    } catch {
      return undefined;
    }
  },
  /** Drops the journalled draft of `key` (only the one saved at `savedAt`, when given: a newer one stays). */
  clear(key: string, savedAt?: number): void {
    try {
      if (savedAt !== undefined && draftJournal.read(key)?.savedAt !== savedAt) return;
      localStorage.removeItem(JOURNAL_PREFIX + key);
    } catch {
      // nothing to clear
    }
  },
};

/**
 * A store that uses IndexedDB and falls back to memory, for good, at the first failure (blocked storage throws on
 * `indexedDB.open` or fails the request). `persistent` says which one is in use.
 */
export class FallbackStore implements CaseFormStore {
  private current: CaseFormStore;
  private readonly memory = new MemoryStore();
  /** False once IndexedDB failed: drafts then last only as long as the page. */
  persistent: boolean;

  constructor() {
    let available = false;
    try {
      available = typeof indexedDB !== 'undefined' && indexedDB !== null;
    } catch {
      available = false; // a getter that throws SecurityError
    }
    this.persistent = available;
    this.current = available ? new IndexedDbStore() : this.memory;
  }

  private async use<T>(op: (s: CaseFormStore) => Promise<T>): Promise<T> {
    try {
      return await op(this.current);
    } catch {
      this.persistent = false;
      this.current = this.memory;
      return op(this.memory);
    }
  }

  /** The newer of the saved draft and the journalled one (a save that a reload cut short). */
  async getDraft(key: string) {
    const saved = await this.use((s) => s.getDraft(key));
    const journalled = draftJournal.read(key);
    return journalled && (!saved || journalled.savedAt > saved.savedAt) ? journalled : saved;
  }
  /** Journals `draft` synchronously (before this returns), then saves it to IndexedDB (or memory). */
  async putDraft(draft: CaseDraft) {
    draftJournal.write(draft);
    await this.use((s) => s.putDraft(draft));
    if (this.persistent) draftJournal.clear(draft.key, draft.savedAt);
  }
  async deleteDraft(key: string) {
    draftJournal.clear(key);
    await this.use((s) => s.deleteDraft(key));
  }
  getQueued(key: string) {
    return this.use((s) => s.getQueued(key));
  }
  putQueued(item: QueuedCase) {
    return this.use((s) => s.putQueued(item));
  }
  deleteQueued(key: string) {
    return this.use((s) => s.deleteQueued(key));
  }
}

let shared: FallbackStore | undefined;

/** The page's store (one per page; elements share it). */
export function caseFormStore(): FallbackStore {
  shared ??= new FallbackStore();
  return shared;
}
