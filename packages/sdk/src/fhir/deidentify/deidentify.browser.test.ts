// Runs in headless Chromium (@web/test-runner): deidentify() needs no Node API; its pseudonymous ids are the
// HMAC-SHA256 the browser's own WebCrypto computes (the Node test checks the same against node:crypto).
import { EchoError } from '../../errors.js';
import { AGE_OVER_89_EXTENSION, deidentify } from './index.js';
import { VECTOR_KEY, hmacUuid } from './test-vectors.js';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void>) => void;

function ok(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

const patient = async (file: string) => {
  const response = await fetch(new URL(`../../../../../examples/sandbox-ehr/patients/${file}`, import.meta.url));
  ok(response.ok, `fetch ${file}`);
  return response.json();
};

describe('deidentify in the browser', () => {
  it('de-identifies the HCV patient: ids are WebCrypto HMACs, identifiers gone, results kept', async () => {
    const input = await patient('hcv.json');
    const out = deidentify(input, { idKey: VECTOR_KEY, freeText: ['notes', 'valueString', 'narrative'] });
    const text = JSON.stringify(out);
    const p = out.resources.find((r) => r.resourceType === 'Patient')!;
    ok(p.id === (await hmacUuid(VECTOR_KEY, 'Patient/pat-hcv-001')), 'patient id is the keyed hash');
    const lower = text.toLowerCase();
    for (const leak of ['thibodeaux', '603-555-0147', '912-48-3301', 'mrn-4829173', 'charlestown', '1968-04-23']) {
      ok(!lower.includes(leak), `no ${leak}`);
    }
    const hcvRna = out.resources.filter((r) => JSON.stringify(r).includes('"11011-4"'));
    ok(hcvRna.length === 3, 'three HCV RNA results kept');
    ok(text.includes('"value":1240000'), 'HCV RNA value kept');
  });

  it('marks the 92-year-old as 90+ and refuses non-FHIR input with invalid_fhir', async () => {
    const out = deidentify(await patient('palliative-92.json'));
    const p = out.resources.find((r) => r.resourceType === 'Patient') as Record<string, unknown>;
    ok(p.birthDate === undefined, 'birth date removed');
    ok(JSON.stringify(p.extension).includes(AGE_OVER_89_EXTENSION), 'age 90+ extension');
    let error: unknown;
    try {
      deidentify('<html>not fhir</html>');
    } catch (e) {
      error = e;
    }
    ok(error instanceof EchoError && error.code === 'invalid_fhir', 'invalid_fhir');
  });
});
