// `npm start -w @teleecho/example-sandbox-ehr`: runs the sandbox EHR until Ctrl-C.
// Env: SANDBOX_EHR_PORT (9100), SANDBOX_APP_PORT (9101), SANDBOX_EHR_HOST (127.0.0.1).
import { startSandboxEhr } from './server.js';

const ehr = await startSandboxEhr({
  port: Number(process.env.SANDBOX_EHR_PORT ?? 9100),
  appPort: Number(process.env.SANDBOX_APP_PORT ?? 9101),
  host: process.env.SANDBOX_EHR_HOST ?? '127.0.0.1',
});
for (const s of ehr.skipped) console.error(`skipped ${s}`);
console.log(`sandbox EHR chart   ${ehr.ehrUrl}/
FHIR base (iss)     ${ehr.fhirBaseUrl}
SMART config        ${ehr.fhirBaseUrl}/.well-known/smart-configuration
example SMART app   ${ehr.appUrl}/`);
const stop = () => void ehr.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
