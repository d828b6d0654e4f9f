// Problem details as the SDK surfaces them: the hub's capped validation errors keep their total (`errorCount`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidationError } from '../errors.js';
import { startHub, type TestHub } from '../internal/test-hub.js';
import type { CreateProgramInput } from '../types.js';
import { createEchoClient } from './echo-client.js';
import { errorFromProblem } from './problem.js';

describe('problem details: errorCount of capped validation errors', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startHub();
  });
  after(() => hub?.close());

  test('a 100,000-element array: a ValidationError with the first entries and errorCount, the total', async () => {
    const admin = createEchoClient({ hubUrl: hub.url, token: hub.apiKey });
    const input = {
      name: 'P',
      specialty: 'S',
      language: 'en',
      // numbers where strings belong: one validation error per element
      deidentificationPolicy: { name: 'x', extraIdentifiers: Array.from({ length: 100_000 }, () => 1) },
    } as unknown as CreateProgramInput;
    const error = await admin.programs.create(input).then(
      () => assert.fail('the hub accepted it'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.code, 'validation_failed');
    const problem = error.problem!;
    assert.ok(problem.errors && problem.errors.length > 0 && problem.errors.length <= 10, `${problem.errors?.length}`);
    assert.ok((problem.errorCount ?? 0) >= 100_000, `errorCount ${problem.errorCount}`);
    assert.ok(problem.errorCount! > problem.errors.length);
    assert.match(problem.errors[0]!.path, /^\/deidentificationPolicy\/extraIdentifiers/);
  });

  test('errorFromProblem keeps errorCount, and leaves it out when the hub sent none', () => {
    const capped = errorFromProblem(400, {
      code: 'validation_failed',
      title: 'Bad Request',
      errors: [{ path: '/a/0', message: 'must be string' }],
      errorCount: 3,
    });
    assert.equal(capped.problem?.errorCount, 3);
    const other = errorFromProblem(404, { code: 'not_found', title: 'Not Found' });
    assert.equal(other.problem?.errorCount, undefined);
  });
});
