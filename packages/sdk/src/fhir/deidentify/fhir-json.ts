/**
 * JSON and FHIR shapes shared by the de-identification passes.
 * @internal
 * @packageDocumentation
 */
import { EchoError } from '../../errors.js';

/** Resource types that describe a person: their names, contacts and addresses identify someone. */
export const PERSON_TYPES = new Set(['Patient', 'RelatedPerson', 'Practitioner', 'Person', 'PractitionerRole']);
/** Elements of type `instant`: they cannot be cut to a year, so they are removed. */
export const INSTANT_KEYS = new Set(['lastUpdated', 'issued', 'timestamp', 'recorded', 'when']);
/** A FHIR `date` or `dateTime` (year, year-month, date, or date and time); group 1 is the year. */
export const DATE_RE = /^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
/** Starts with a full date (YYYY-MM-DD). */
export const FULL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
/** Deepest nesting accepted (also stops cycles in objects handed over by callers). */
export const MAX_DEPTH = 64;

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Throws the `invalid_fhir` error. */
export function invalid(message: string): never {
  throw new EchoError('invalid_fhir', message);
}

/** True for a plain JSON object (not an array, not null). */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when someone born on `birthDate` is over 89 on `referenceDate` (or, lacking one, today). */
export function isOver89(birthDate: string, referenceDate: string): boolean {
  const ref = referenceDate || new Date().toISOString().slice(0, 10);
  const by = Number(birthDate.slice(0, 4));
  const ry = Number(ref.slice(0, 4));
  if (!Number.isFinite(by) || !Number.isFinite(ry)) return false;
  let age = ry - by;
  const bmd = birthDate.slice(5, 10);
  // A year-only birth date counts the oldest possible age.
  if (bmd.length === 5 && ref.slice(5, 10) < bmd) age--;
  return age > 89;
}
