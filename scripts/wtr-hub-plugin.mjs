// @web/test-runner plugin: starts one real hub (SQLite, temp data dir) for the browser tier and gives tests
// what they need through server commands (from '@web/test-runner-commands'):
//   executeServerCommand('teleecho-hub')  → { url, programId, tokens: { <role>: token } } for a FRESH programme
//   executeServerCommand('teleecho-hub-call', { method, path, token?, body? }) → { status, body }
//     (token defaults to the hub's secret API key)
//   executeServerCommand('teleecho-hub-attendance', { sessionId, userId, userName?, role?, from, to? })
//     → records a join-to-leave interval (minutes after the session's start), as LiveKit webhooks would
//   executeServerCommand('teleecho-hub-stop') / ('teleecho-hub-start') → true: kill the hub / start it again (same port, same state)
import { recordTestAttendance, startTestHub } from '@teleecho/test-kit';

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
      if (command === 'teleecho-hub-attendance') {
        if (!hub) throw new Error('hub not started');
        const { sessionId, ...person } = payload;
        const session = await call({ path: `/v1/sessions/${encodeURIComponent(sessionId)}` });
        if (session.status !== 200) throw new Error(`no session ${sessionId}: ${JSON.stringify(session.body)}`);
        await recordTestAttendance(hub, session.body, person);
        return { ok: true };
      }
      // Take the hub down (open connections and streams are cut; state is kept) and bring it back on the same port.
      // Tests that stop it must start it again (in a finally), since later tests use the same hub.
      if (command === 'teleecho-hub-stop') {
        await hub.kill();
        return true;
      }
      if (command === 'teleecho-hub-start') {
        if (!hub.hub) await hub.restart();
        return true;
      }
      return undefined;
    },
  };
}
