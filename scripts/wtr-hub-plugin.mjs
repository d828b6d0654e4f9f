// @web/test-runner plugin: starts one real hub (SQLite, temp data dir) for the browser tier and gives tests
// what they need through server commands (from '@web/test-runner-commands'):
//   executeServerCommand('teleecho-hub')  → { url, programId, tokens: { <role>: token } } for a FRESH programme
//   executeServerCommand('teleecho-hub-call', { method, path, token?, body? }) → { status, body }
//     (token defaults to the hub's secret API key)
import { startTestHub } from '@teleecho/hub/testing';

const ROLES = ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'];

export function teleechoHubPlugin() {
  /** @type {Awaited<ReturnType<typeof startTestHub>> | undefined} */
  let hub;
  let count = 0;
  const call = async ({ method = 'GET', path, token, body, headers = {} }) => {
    const res = await fetch(new URL(path, hub.url), {
      method,
      headers: {
        authorization: `Bearer ${token ?? hub.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  };
  return {
    name: 'teleecho-hub',
    async serverStart() {
      hub = await startTestHub({ storage: 'sqlite' });
    },
    async serverStop() {
      await hub?.close();
    },
    async executeCommand({ command, payload }) {
      if (command === 'teleecho-hub') {
        count += 1;
        const created = await call({
          method: 'POST',
          path: '/v1/programs',
          body: { name: payload?.name ?? `Browser test programme ${count}`, specialty: 'hepatology', language: 'en' },
        });
        if (created.status !== 201) throw new Error(`could not create a programme: ${JSON.stringify(created.body)}`);
        const programId = created.body.id;
        const tokens = {};
        for (const role of ROLES) {
          tokens[role] = await hub.mint({
            role,
            programId,
            sub: `${role}-${count}`,
            name: `Test ${role}`,
            ttlSeconds: 3600,
          });
        }
        return { url: hub.url, programId, tokens };
      }
      if (command === 'teleecho-hub-call') {
        if (!hub) throw new Error('hub not started');
        return call(payload);
      }
      return undefined;
    },
  };
}
