import type { ResolvedHubOptions } from '../config.js';
import type { Authenticator } from '../http/auth.js';
import type { Storage } from '../storage/storage.js';

/** What every route module gets. */
export interface RouteContext {
  storage: Storage;
  auth: Authenticator;
  options: ResolvedHubOptions;
  version: string;
  /** Streams to end when the hub closes. */
  streams: Set<() => void>;
  /** Key of tokens the hub signs itself (`iss: "teleecho-hub"`), e.g. for LTI launches. */
  hubKey: Uint8Array;
}
