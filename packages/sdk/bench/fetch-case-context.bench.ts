// Round trips and wall time of fetchCaseContext for one patient of the sandbox EHR, with 0 ms and with
// 200 ms of added latency per FHIR request. Targets: <= 2 round trips; <= 600 ms at 200 ms latency.
// Prints one JSON object as its last stdout line (scripts/bench.mjs merges it).
import { startSandboxEhr } from '@teleecho/example-sandbox-ehr';
import { launchToken } from '@teleecho/example-sandbox-ehr/testing';
import { fetchCaseContext } from '../src/fhir/context.js';

const PATIENT = 'pat-hcv-001';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(latencyMs: number, runs: number) {
  const ehr = await startSandboxEhr({ latencyMs });
  try {
    const token = await launchToken(ehr, { patientId: PATIENT });
    const connection = { fhirBaseUrl: ehr.fhirBaseUrl, accessToken: String(token.access_token), patientId: PATIENT };
    await fetchCaseContext(connection); // warm-up (first-use costs of the engine and the client)
    const times: number[] = [];
    let roundTrips = 0;
    let serverRequests = 0;
    let resources = 0;
    for (let i = 0; i < runs; i++) {
      const before = ehr.fhirRequests.length;
      const t = performance.now();
      const ctx = await fetchCaseContext(connection);
      times.push(performance.now() - t);
      roundTrips = Math.max(roundTrips, ctx.roundTrips);
      serverRequests = Math.max(serverRequests, ehr.fhirRequests.length - before);
      resources = ctx.resources.length;
    }
    return { latencyMs, runs, resources, roundTrips, serverRequests, medianMs: Number(median(times).toFixed(1)) };
  } finally {
    await ehr.close();
  }
}

const at0 = await measure(0, 20);
process.stderr.write(`fetchCaseContext @0ms: ${at0.medianMs} ms, ${at0.serverRequests} request(s)\n`);
const at200 = await measure(200, 5);
process.stderr.write(`fetchCaseContext @200ms: ${at200.medianMs} ms, ${at200.serverRequests} request(s)\n`);
const result = {
  fetchCaseContext: {
    patient: PATIENT,
    latency0: at0,
    latency200: at200,
    target: '<= 2 round trips; <= 600 ms at 200 ms latency',
    meetsTarget: Math.max(at0.serverRequests, at200.serverRequests) <= 2 && at200.medianMs <= 600,
  },
};
console.log(JSON.stringify(result));
