import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { FieldError } from './problem.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Installs two ajv-backed validator compilers: bodies are validated strictly (no type coercion;
 * schemas say additionalProperties: false, so unknown fields are errors), querystrings and params
 * with coercion (they arrive as strings).
 */
export function installValidators(app: FastifyInstance): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as FastifySchema & object);
  });
}

/** Most field errors one problem lists; the problem's `errorCount` says how many there were. */
export const MAX_FIELD_ERRORS = 10;

/** Turns ajv errors into problem `errors` entries with JSON-pointer paths naming the field. */
export function fieldErrors(errors: readonly ErrorObject[], context: string): FieldError[] {
  const prefix = context === 'body' ? '' : `/${context}`;
  return errors.map((error) => {
    const params = error.params as { additionalProperty?: string; missingProperty?: string };
    if (error.keyword === 'additionalProperties' && params.additionalProperty) {
      return { path: `${prefix}${error.instancePath}/${params.additionalProperty}`, message: 'unknown field' };
    }
    if (error.keyword === 'required' && params.missingProperty) {
      return { path: `${prefix}${error.instancePath}/${params.missingProperty}`, message: 'is required' };
    }
    return { path: `${prefix}${error.instancePath}` || '/', message: error.message ?? 'is invalid' };
  });
}
