import fp from 'fastify-plugin';
import type { ResolvedHubOptions } from '../config.js';
import { LtiTool } from '../lti/tool.js';
import type { Storage } from '../storage/storage.js';
import { Authenticator } from './auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's storage (SQLite or PostgreSQL). */
    storage: Storage;
    /** Verifies bearer credentials (API keys, embed tokens); caches key lookups. */
    auth: Authenticator;
    /** The hub's resolved options. */
    config: ResolvedHubOptions;
    /** The hub's version (package.json). */
    hubVersion: string;
    /** Key of tokens the hub signs itself (`iss: "teleecho-hub"`), e.g. for LTI launches. */
    hubKey: Uint8Array;
    /** Ends of the open event streams, called when the hub closes. */
    streams: Set<() => void>;
    /** The hub's LTI tool (AGS worker, keys); for tests and embedding. */
    lti: LtiTool;
    /** Whether this process takes new work: false once it is shutting down (`/readyz` then answers 503). */
    readiness: { draining: boolean };
  }
}

/** What the services plugin decorates the app with. */
export interface ServiceOptions {
  storage: Storage;
  options: ResolvedHubOptions;
  hubKey: Uint8Array;
  version: string;
}

/**
 * The hub's shared services as decorators of the root instance (not encapsulated, so every route plugin sees them):
 * `storage`, `auth`, `config`, `hubVersion`, `hubKey`, `streams` and `lti`. Open event streams are ended and the LTI
 * score worker stopped when the app closes.
 */
export const services = fp<ServiceOptions>(
  async (app, { storage, options, hubKey, version }) => {
    const streams = new Set<() => void>();
    const lti = new LtiTool(storage, hubKey, options.livekit?.url);
    app.decorate('storage', storage);
    app.decorate('auth', new Authenticator(storage, hubKey));
    app.decorate('config', options);
    app.decorate('hubVersion', version);
    app.decorate('hubKey', hubKey);
    app.decorate('streams', streams);
    app.decorate('lti', lti);
    app.decorate('readiness', { draining: false });
    app.addHook('onReady', async () => lti.ags.start());
    app.addHook('onClose', async () => {
      for (const end of [...streams]) end();
      await lti.ags.stop();
    });
  },
  { name: 'teleecho-services', fastify: '5.x' },
);
