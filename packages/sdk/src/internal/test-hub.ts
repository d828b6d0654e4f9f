/**
 * Hub-backed test setup for Node: a real hub from `@teleecho/test-kit`, a fresh programme per
 * test, and SDK clients per role. Test-only; not exported.
 * @internal
 */
import { startTestHub } from '@teleecho/test-kit';
import { createEchoClient } from '../client/echo-client.js';
import type { EchoClient, EchoClientOptions } from '../client/echo-client.js';
import type { Program, Role } from '../types.js';

/** The running hub of `@teleecho/test-kit`. */
export type TestHub = Awaited<ReturnType<typeof startTestHub>>;

/** Starts a real hub on SQLite in a temp dir. */
export function startHub(): Promise<TestHub> {
  return startTestHub({ storage: 'sqlite' });
}

/** A fresh programme and a way to get a client for any role in it. */
export interface ProgramFixture {
  program: Program;
  /** A client holding the hub's secret API key. */
  admin: EchoClient;
  /** A client with a new embed token for `role` (user `sub`, default `<role>-1`). */
  as(role: Role, options?: { sub?: string; ttlSeconds?: number } & Partial<EchoClientOptions>): Promise<EchoClient>;
}

let counter = 0;

/** Creates a programme through the API (secret key) and returns role clients for it. */
export async function newProgram(hub: TestHub, name = `SDK test programme ${++counter}`): Promise<ProgramFixture> {
  const admin = createEchoClient({ hubUrl: hub.url, token: hub.apiKey });
  const program = await admin.programs.create({ name, specialty: 'hepatology', language: 'en' });
  return {
    program,
    admin,
    as: async (role, options = {}) => {
      const { sub, ttlSeconds, ...clientOptions } = options;
      const token = await hub.mint({
        role,
        programId: program.id,
        sub: sub ?? `${role}-1`,
        name: `Test ${role}`,
        ttlSeconds: ttlSeconds ?? 3600,
      });
      return createEchoClient({ hubUrl: hub.url, token, ...clientOptions });
    },
  };
}
