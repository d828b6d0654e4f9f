// `npm start -w @teleecho/example-sandbox-ehr`: runs the sandbox EHR until Ctrl-C.
// Env: SANDBOX_EHR_PORT (9100), SANDBOX_APP_PORT (9101), SANDBOX_EHR_HOST (127.0.0.1).
// "Present to ECHO" sends cases to a hub when SANDBOX_HUB_URL, SANDBOX_HUB_PROGRAM and SANDBOX_HUB_API_KEY (a secret
// API key, kept on this server) are set; the app then gets short-lived presenter tokens from its backend for the
// signed-in clinician, SANDBOX_HUB_USER_ID / SANDBOX_HUB_USER_NAME (default sandbox-clinician, "Dr. Sandbox
// Clinician"; `npm start` passes its demo presenter, whom the recommendations example signs in as too).
import { startSandboxEhr } from './server.js';
import type { SandboxHubOptions } from './server.js';

function hubFromEnv(): SandboxHubOptions | undefined {
  const url = process.env.SANDBOX_HUB_URL;
  const programId = process.env.SANDBOX_HUB_PROGRAM;
  const apiKey = process.env.SANDBOX_HUB_API_KEY;
  if (!url || !programId || !apiKey) return undefined;
  const user = {
    id: process.env.SANDBOX_HUB_USER_ID || 'sandbox-clinician',
    name: process.env.SANDBOX_HUB_USER_NAME || 'Dr. Sandbox Clinician',
  };
  return {
    url,
    programId,
    async mintToken() {
      const res = await fetch(new URL('/v1/embed-tokens', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          user,
          role: 'presenter',
          programId,
          ttlSeconds: 900,
        }),
      });
      if (!res.ok) throw new Error(`minting a presenter token failed: HTTP ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
  };
}

const hub = hubFromEnv();
const ehr = await startSandboxEhr({
  port: Number(process.env.SANDBOX_EHR_PORT ?? 9100),
  appPort: Number(process.env.SANDBOX_APP_PORT ?? 9101),
  host: process.env.SANDBOX_EHR_HOST ?? '127.0.0.1',
  ...(hub && { hub }),
});
for (const s of ehr.skipped) console.error(`skipped ${s}`);
console.log(`sandbox EHR chart   ${ehr.ehrUrl}/
FHIR base (iss)     ${ehr.fhirBaseUrl}
SMART config        ${ehr.fhirBaseUrl}/.well-known/smart-configuration
example SMART app   ${ehr.appUrl}/${hub ? `\nPresent to ECHO     ${hub.url} (programme ${hub.programId})` : ''}`);
const stop = () => void ehr.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
