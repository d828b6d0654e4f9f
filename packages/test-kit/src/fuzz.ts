/**
 * Schema-driven fuzzing of a running hub, from its own `/v1/openapi.json`: every operation gets requests built from
 * its parameter and body schemas (fast-check), then bent out of shape — wrong types, out-of-range numbers, NUL and
 * unpaired surrogates, oversized and deeply nested bodies, forged tokens, garbage `Host` headers, bad
 * percent-encoding, wrong methods. Each answer must be below 500, problem+json when 4xx, and within 2 s; a watcher
 * polls `/healthz` meanwhile. Used by `src/http/fuzz.test.ts` (fixed seed) and `bench/fuzz.bench.ts` (longer run).
 *
 * A subpath of its own (`@teleecho/test-kit/fuzz`): only the fuzz suites load `fast-check`.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '@teleecho/sdk';
import fc from 'fast-check';
import { advanceTestCase, submitTestCase, testRecommendation } from './fixtures.js';
import { hubFetch, sampleReport, sampleResponse } from './http.js';
import type { TestHub } from './index.js';
import { NoAnswerError, rawRequest, rawSocket, type RawResponse } from './raw-http.js';

/** A JSON Schema node as the OpenAPI document has it. */
export type JsonSchema = Record<string, any>;

/** One operation of the OpenAPI document. */
export interface FuzzOperation {
  method: string;
  /** OpenAPI path template, e.g. `/v1/cases/{id}`. */
  path: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
}

/** A request on the wire. */
export interface FuzzRequest {
  /** `METHOD /template` of the operation it came from, and what was bent. */
  label: string;
  method: string;
  /** Raw path and query, sent as is. */
  path: string;
  headers: Record<string, string | null>;
  body?: string;
}

/** What the fuzzer knows of the hub: real ids and credentials, so requests get past 404 and 401. */
export interface FuzzContext {
  /**
   * Ids of real things by kind: `program`, `session`, `case`, `recommendation`, `template`, `certificate`. A path
   * parameter gets an id of its kind (from the segment before it, or its name) most of the time, another one else.
   */
  ids: Partial<Record<IdKind, string[]>>;
  /** Bodies known to be good, by `METHOD /template`: half the bodies start from one of these instead of the schema. */
  examples?: Record<string, unknown[]>;
  /** Valid credentials (API key and embed tokens of several roles). */
  credentials: string[];
}

/** Kinds of ids a path parameter takes. */
export type IdKind = 'program' | 'session' | 'case' | 'recommendation' | 'template' | 'certificate';

const KIND_BY_SEGMENT: Record<string, IdKind> = {
  programs: 'program',
  sessions: 'session',
  cases: 'case',
  recommendations: 'recommendation',
  'case-templates': 'template',
  certificates: 'certificate',
};

/** The kind of id `{param}` takes in an OpenAPI path. */
export function idKindOf(path: string, param: string): IdKind | undefined {
  if (param === 'templateId') return 'template';
  if (param === 'sessionId') return 'session';
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  return at > 0 ? KIND_BY_SEGMENT[segments[at - 1]!] : undefined;
}

const allIds = (ctx: FuzzContext): string[] => Object.values(ctx.ids).flat();

/** A broken promise: which request, what it got. */
export interface FuzzViolation {
  request: FuzzRequest;
  problem: string;
}

/** Counts of one run. */
export interface FuzzStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Wall-clock ms per request, sorted. */
  latencies: number[];
  violations: FuzzViolation[];
  /** The five slowest requests. */
  slowest: { label: string; request: string; ms: number }[];
}

/** Longest any request may take, and the deadline after which it counts as a stall. */
export const FUZZ_DEADLINE_MS = 2000;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function resolveRef(doc: JsonSchema, schema: JsonSchema | undefined): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i += 1) {
    const parts = String(s.$ref).replace(/^#\//, '').split('/');
    s = parts.reduce<any>((node, key) => node?.[key], doc);
  }
  return s;
}

/** Reads the operations (with `$ref`s resolved) of an OpenAPI 3.1 document. */
export function operationsOf(doc: JsonSchema): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries<JsonSchema>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<JsonSchema>(item)) {
      if (!METHODS.includes(method.toUpperCase()) && method !== 'head') continue;
      const params = (op.parameters ?? []) as JsonSchema[];
      const query: Record<string, JsonSchema> = {};
      for (const p of params) if (p.in === 'query') query[p.name] = resolveRef(doc, p.schema) ?? {};
      const body = resolveRef(doc, op.requestBody?.content?.['application/json']?.schema);
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => String(p.name)),
        query,
        body: body && inline(doc, body, 0),
      });
    }
  }
  return ops;
}

/** Resolves nested `$ref`s once, so generators need not know the document. */
function inline(doc: JsonSchema, schema: JsonSchema, depth: number): JsonSchema {
  const s = resolveRef(doc, schema) ?? {};
  if (depth > 12 || typeof s !== 'object') return s;
  const out: JsonSchema = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries<JsonSchema>(s.properties).map(([k, v]) => [k, inline(doc, v, depth + 1)]),
    );
  }
  if (s.items && typeof s.items === 'object') out.items = inline(doc, s.items, depth + 1);
  if (Array.isArray(s.anyOf)) out.anyOf = s.anyOf.map((v: JsonSchema) => inline(doc, v, depth + 1));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    out.additionalProperties = inline(doc, s.additionalProperties, depth + 1);
  }
  return out;
}

// ---------------------------------------------------------------- hostile material

/** Strings that have broken hubs before: NUL, unpaired surrogates, near-limit and over-limit lengths, markup. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\ud83d\ude00',
  'é'.repeat(300),
  'x'.repeat(101),
  'x'.repeat(201),
  'x'.repeat(501),
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '2030-02-30T25:61:00Z',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  'FREQ=SECONDLY;COUNT=100000000',
  'FREQ=WEEKLY;UNTIL=99991231T000000Z',
  'javascript:alert(1)',
  'http://[::1',
  '{sessionId}'.repeat(50),
];

/** Stands for a 10,000-level nesting inside a generated value; swapped in after `JSON.stringify` (which recurses). */
const DEEP = '__fuzz_deep_nesting__';
const withDeep = (json: string): string => json.replaceAll(`"${DEEP}"`, nestedJson(10_000));

const HOSTILE_VALUES: readonly unknown[] = [
  DEEP,
  null,
  true,
  -1,
  0,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  [],
  {},
  [null],
  { __proto__: null, constructor: { prototype: { polluted: true } } },
  ...HOSTILE_STRINGS,
];

/** `depth` nested objects. */
export const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Whole bodies no schema would produce. */
const HOSTILE_BODIES: readonly string[] = [
  '',
  '{',
  'null',
  '[]',
  '"x"',
  '1e999999',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\ufeff{}',
  '{"x":"\\u0000"}',
  '{"x":"\\ud800"}',
  '{"\\u0000":1}',
  nestedJson(65),
  nestedJson(10_000),
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `[${'1,'.repeat(100_000)}1]`,
];

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/webhook+json',
];

const HOSTS = ['evil.example', 'a b', 'x:99999', '[::1', '%', 'host/with/slash', '@evil', 'x'.repeat(300)];

const forgedJwt = (claims: Record<string, unknown>, alg = 'HS256'): string => {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg, typ: 'JWT' })}.${part({ aud: 'teleecho-hub', iat: now, exp: now + 600, sub: 'x', role: 'coordinator', ...claims })}.${alg === 'none' ? '' : randomBytes(32).toString('base64url')}`;
};

/** Authorization values that must never get in: forged, expired-looking, malformed, oversized. */
export function forgedCredentials(programId: string): string[] {
  const now = Math.floor(Date.now() / 1000);
  return [
    `Bearer ${forgedJwt({ iss: 'teleecho-hub', prg: programId })}`,
    `Bearer ${forgedJwt({ iss: 'teleecho-hub', prg: programId }, 'none')}`,
    `Bearer ${forgedJwt({ iss: '\u0000', prg: programId })}`,
    `Bearer ${forgedJwt({ iss: 'teleecho-hub', prg: '\ud800' })}`,
    `Bearer ${forgedJwt({ iss: 'x'.repeat(3000), prg: programId })}`,
    `Bearer ${forgedJwt({ iss: 'teleecho-hub', prg: programId, iat: now + 10 ** 9, exp: now + 10 ** 9 + 60 })}`,
    `Bearer ${forgedJwt({ iss: 'teleecho-hub', prg: programId, exp: 1e300 })}`,
    'Bearer teleecho_sk_aaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    'Bearer teleecho_sk_%00.x',
    'Bearer abc',
    'Bearer a.b.c',
    `Bearer ${'a'.repeat(8000)}`,
    'Basic Zm9vOmJhcg==',
    'Bearer',
  ];
}

// ---------------------------------------------------------------- generators

const sortOfDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Values that satisfy `schema` (as far as a schema says: the domain's own rules may still refuse them). */
export function valueOf(
  schema: JsonSchema | undefined,
  depth = 0,
  hint: (name: string) => fc.Arbitrary<unknown> | undefined = () => undefined,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 8) return fc.jsonValue({ maxDepth: 1 });
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf) && schema.anyOf.length) {
    return fc.oneof(...schema.anyOf.map((s: JsonSchema) => valueOf(s, depth + 1, hint)));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = Math.max(min, Math.min(schema.maxLength ?? 40, 60));
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      // date-like fields (startsAt, from, to) are strings of 10–40 characters in the hub's schemas
      if (schema.format === 'date-time' || (min >= 10 && (schema.maxLength ?? 0) <= 40)) return sortOfDate;
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueOf(schema.items, depth + 1, hint), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    default: {
      const props = Object.entries<JsonSchema>(schema.properties ?? {});
      if (!props.length) {
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      }
      const record = Object.fromEntries(
        props.map(([k, s]) => {
          const hinted = hint(k);
          return [k, hinted ? fc.oneof(hinted, valueOf(s, depth + 1, hint)) : valueOf(s, depth + 1, hint)];
        }),
      );
      return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
    }
  }
}

/** Every path inside a JSON value (bounded), as key lists. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length > 200) return out;
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (!path.length) return next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, next) : v));
  if (value && typeof value === 'object') {
    return { ...(value as Record<string, unknown>), [head!]: replaceAt((value as any)[head!], rest, next) };
  }
  return next;
}

const enc = encodeURIComponent;

const HOSTILE_IDS = [
  '%00',
  'x%00',
  'x'.repeat(101),
  '%E0%A4%A',
  '%ZZ',
  '%ED%A0%80',
  '..',
  '%2F..%2F',
  enc('é'.repeat(40)),
  enc('\ud83d\ude00'),
  '-1',
  'null',
  '%20',
];
const HOSTILE_QUERY_VALUES = [
  '%00',
  '',
  'x'.repeat(600),
  '%E0%A4%A',
  '-1',
  '1e309',
  'NaN',
  '%5B%5D',
  '2030-13-45',
  '%ED%A0%80',
];
const HOSTILE_QUERY_EXTRAS = ['limit=1&limit=2', 'zz=%00', '__proto__=x', 'a[b]=c', '&&&', '='];

/** Realistic values for fields the schemas leave open (ids of real things, an RRULE, a link template). */
function hintsOf(ctx: FuzzContext): (name: string) => fc.Arbitrary<unknown> | undefined {
  const of = (kind: IdKind) => (ctx.ids[kind]?.length ? fc.constantFrom(...ctx.ids[kind]!) : undefined);
  const table: Record<string, fc.Arbitrary<unknown> | undefined> = {
    programId: of('program'),
    sessionId: of('session'),
    templateId: of('template'),
    evaluationTemplateId: of('template'),
    caseId: of('case'),
    followUpOf: of('case'),
    recurrence: fc.constantFrom('FREQ=WEEKLY;COUNT=4', 'FREQ=WEEKLY;BYDAY=TH', 'FREQ=MONTHLY;COUNT=2'),
    joinUrl: fc.constantFrom('https://lms.example.org/session/{sessionId}', 'https://lms.example.org/'),
    language: fc.constantFrom('en', 'es', 'pt-BR', 'fr'),
    resourceType: fc.constantFrom('Questionnaire', 'QuestionnaireResponse'),
  };
  return (name) => table[name];
}

/** What one request bends; everything else about it is as valid as the schemas make it. */
const BENDS = [
  'none',
  'body-node',
  'body-extra',
  'body-text',
  'id',
  'query-value',
  'query-extra',
  'credential',
  'host',
  'content-type',
  'method',
  'idempotency-key',
] as const;
type Bend = (typeof BENDS)[number];
const BEND_WEIGHTS: Record<Bend, number> = {
  none: 6,
  'body-node': 6,
  'body-extra': 1,
  'body-text': 2,
  id: 2,
  'query-value': 2,
  'query-extra': 1,
  credential: 2,
  host: 1,
  'content-type': 1,
  method: 1,
  'idempotency-key': 1,
};

/**
 * Arbitrary requests across all operations: schema-valid ids, query and body with a real credential, then (most of
 * the time) exactly one part bent, so each request tests one thing and also reaches deep into the handlers.
 */
export function requestsOf(ops: FuzzOperation[], ctx: FuzzContext, forged: string[]): fc.Arbitrary<FuzzRequest> {
  const bend = fc.oneof(...BENDS.map((b) => ({ weight: BEND_WEIGHTS[b], arbitrary: fc.constant(b) })));
  return fc.constantFrom(...ops).chain((op) => {
    const queryEntries = Object.entries(op.query);
    return fc
      .record({
        bend,
        ids: fc.tuple(
          ...op.pathParams.map((param) => {
            const typed = ctx.ids[idKindOf(op.path, param) ?? 'program'] ?? [];
            const any = fc.constantFrom(...allIds(ctx));
            return typed.length
              ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...typed) }, { weight: 1, arbitrary: any })
              : any;
          }),
        ),
        query: fc.tuple(...queryEntries.map(([, schema]) => fc.option(valueOf(schema), { nil: undefined, freq: 2 }))),
        body: (() => {
          const generated = valueOf(op.body ?? { type: 'object' }, 0, hintsOf(ctx));
          const known = ctx.examples?.[`${op.method} ${op.path}`] ?? [];
          return known.length ? fc.oneof(generated, fc.constantFrom(...known)) : generated;
        })(),
        credential: fc.constantFrom(...ctx.credentials),
        pick: fc.nat(),
        hostile: fc.constantFrom(...HOSTILE_VALUES),
        text: fc.constantFrom(...HOSTILE_BODIES),
        hostileId: fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ maxLength: 30 }).map(enc)),
        queryValue: fc.constantFrom(...HOSTILE_QUERY_VALUES),
        queryExtra: fc.constantFrom(...HOSTILE_QUERY_EXTRAS),
        forgedCredential: fc.option(fc.constantFrom(...forged), { nil: undefined, freq: 6 }),
        host: fc.constantFrom(...HOSTS),
        contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined, freq: 6 }),
        method: fc.constantFrom('HEAD', ...METHODS),
        idempotencyKey: fc.constantFrom('k1', 'x'.repeat(300), ''),
      })
      .map((g): FuzzRequest => {
        const ids = g.ids.map(enc);
        if (g.bend === 'id' && ids.length) ids[g.pick % ids.length] = g.hostileId;
        let i = 0;
        const query = queryEntries
          .map(([name], k) => {
            const v = g.query[k];
            return v === undefined ? undefined : `${name}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`;
          })
          .filter((p): p is string => p !== undefined);
        if (g.bend === 'query-value') {
          const name = queryEntries.length ? queryEntries[g.pick % queryEntries.length]![0] : 'q';
          query.push(`${name}=${g.queryValue}`);
        }
        if (g.bend === 'query-extra') query.push(g.queryExtra);
        const path = op.path.replace(/\{[^}]+\}/g, () => ids[i++] ?? 'x') + (query.length ? `?${query.join('&')}` : '');
        let body: string | undefined = JSON.stringify(g.body);
        if (g.bend === 'body-node') {
          const paths = pathsOf(g.body);
          body = withDeep(JSON.stringify(replaceAt(g.body, paths[g.pick % paths.length]!, g.hostile)));
        } else if (g.bend === 'body-extra' && g.body && typeof g.body === 'object' && !Array.isArray(g.body)) {
          body = withDeep(JSON.stringify({ ...(g.body as object), zz_unknown: g.hostile }));
        } else if (g.bend === 'body-text') body = g.text;
        const method = g.bend === 'method' ? g.method : op.method;
        const headers: Record<string, string | null> = { accept: 'application/problem+json, application/json' };
        if (g.bend !== 'credential') headers.authorization = `Bearer ${g.credential}`;
        else if (g.forgedCredential) headers.authorization = g.forgedCredential;
        if (g.bend === 'host') headers.host = g.host;
        if (g.bend === 'idempotency-key') headers['idempotency-key'] = g.idempotencyKey;
        const sendBody = method !== 'GET' && method !== 'HEAD' && (op.body !== undefined || g.bend.startsWith('body'));
        if (sendBody) headers['content-type'] = (g.bend === 'content-type' && g.contentType) || 'application/json';
        return {
          label: `${op.method} ${op.path} [${g.bend}]${method !== op.method ? ` as ${method}` : ''}`,
          method,
          path,
          headers,
          ...(sendBody && body !== undefined && { body }),
        };
      });
  });
}

/**
 * The same hostile cases for every operation, with no luck involved: NUL and over-long ids, bad percent-encoding,
 * 10,000-deep and 1.1 MB bodies, malformed JSON, a garbage Host, forged tokens, HEAD.
 */
export function fixedHostileRequests(ops: FuzzOperation[], ctx: FuzzContext, forged: string[]): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const auth = `Bearer ${ctx.credentials[0]}`;
  const accept = 'application/problem+json, application/json';
  const fill = (op: FuzzOperation, id: string) => op.path.replace(/\{[^}]+\}/g, id);
  const real = (op: FuzzOperation) => {
    let i = 0;
    return op.path.replace(/\{[^}]+\}/g, () => {
      const param = op.pathParams[i++] ?? 'id';
      return enc((ctx.ids[idKindOf(op.path, param) ?? 'program'] ?? allIds(ctx))[0] ?? 'x');
    });
  };
  for (const op of ops) {
    const base = { accept, authorization: auth };
    const withBody = op.method !== 'GET';
    const add = (what: string, req: Omit<FuzzRequest, 'label'>) =>
      out.push({ label: `${op.method} ${op.path}: ${what}`, ...req });
    if (op.pathParams.length) {
      for (const id of ['%00', 'x'.repeat(101), '%E0%A4%A', '%ED%A0%80']) {
        add(`id ${id.slice(0, 12)}`, { method: op.method, path: fill(op, id), headers: { accept } });
      }
    }
    add('garbage Host', { method: op.method, path: real(op), headers: { ...base, host: 'a b' } });
    add('no Host', { method: op.method, path: real(op), headers: { ...base, host: null } });
    add('query NUL', { method: op.method, path: `${real(op)}?x=%00`, headers: { accept } });
    add('HEAD', { method: 'HEAD', path: real(op), headers: base });
    for (const credential of forged.slice(0, 7)) {
      add(`forged ${credential.slice(0, 20)}`, {
        method: op.method,
        path: real(op),
        headers: { accept, authorization: credential },
      });
    }
    if (withBody) {
      const json = { ...base, 'content-type': 'application/json' };
      for (const body of [
        nestedJson(10_000),
        '{',
        '{"x":"\\u0000"}',
        '{"x":"\\udc00"}',
        `{"pad":"${'x'.repeat(1_100_000)}"}`,
      ]) {
        add(`body ${body.slice(0, 12)}…`, { method: op.method, path: real(op), headers: json, body });
      }
      // a good body with one node at a time replaced by 10,000 levels of nesting, NUL, an unpaired surrogate
      for (const example of ctx.examples?.[`${op.method} ${op.path}`] ?? []) {
        for (const at of pathsOf(example).slice(0, 40)) {
          for (const hostile of [DEEP, '\u0000', 'a\udc00']) {
            const body = withDeep(JSON.stringify(replaceAt(example, at, hostile)));
            add(`good body, /${at.join('/')} = ${JSON.stringify(hostile).slice(0, 12)}`, {
              method: op.method,
              path: real(op),
              headers: json,
              body,
            });
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- checking

/** What is wrong with an answer, if anything. `allow` admits a known 5xx (e.g. LiveKit down by design). */
export function answerProblem(
  request: FuzzRequest,
  response: RawResponse,
  allow: (response: RawResponse) => boolean = () => false,
): string | undefined {
  if (response.ms > FUZZ_DEADLINE_MS) return `took ${Math.round(response.ms)} ms`;
  if (response.status >= 500 && !allow(response)) return `${response.status} ${response.text.slice(0, 300)}`;
  if (response.status >= 400 && response.status < 500) {
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) return `${response.status} as ${type || 'no content type'}`;
    if (request.method !== 'HEAD') {
      const body = response.json as { status?: unknown; code?: unknown } | undefined;
      if (!body || body.status !== response.status || typeof body.code !== 'string') {
        return `${response.status} problem body ${response.text.slice(0, 200)}`;
      }
    }
  }
  return undefined;
}

/** Sends a request with the fuzz deadline; an answer or why there was none. */
export async function send(url: string, request: FuzzRequest): Promise<RawResponse | { error: string }> {
  try {
    return await rawRequest(url, {
      method: request.method,
      path: request.path,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      deadlineMs: FUZZ_DEADLINE_MS + 500,
    });
  } catch (error) {
    return { error: error instanceof NoAnswerError ? 'no answer (stall)' : `${(error as Error).message}` };
  }
}

/** Raw-socket cases no HTTP client sends: header overflow, a broken request line, a bad Content-Length. */
export async function malformedWireProblems(url: string): Promise<string[]> {
  const problems: string[] = [];
  const cases: [string, string, number][] = [
    ['headers over 16 KB', `GET /v1/cases HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['not HTTP', 'HELLO\r\n\r\n', 400],
    ['bad Content-Length', 'POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400],
    [
      'two Content-Lengths',
      'POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      400,
    ],
    ['NUL in a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n', 400],
    ['space in the path', 'GET /v1/ca ses HTTP/1.1\r\nHost: x\r\n\r\n', 400],
  ];
  for (const [what, bytes, status] of cases) {
    try {
      const r = await rawSocket(url, bytes, { deadlineMs: FUZZ_DEADLINE_MS });
      if (r.status !== status || !/^application\/problem\+json/.test(r.headers['content-type'] ?? '')) {
        problems.push(`${what}: ${r.status} ${r.headers['content-type']} ${r.text.slice(0, 120)}`);
      }
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  }
  return problems;
}

function record(
  stats: FuzzStats,
  request: FuzzRequest,
  result: RawResponse | { error: string },
  allow?: (r: RawResponse) => boolean,
): string | undefined {
  stats.requests += 1;
  if ('error' in result) {
    stats.byStatus.error = (stats.byStatus.error ?? 0) + 1;
    stats.violations.push({ request, problem: result.error });
    return result.error;
  }
  stats.byStatus[result.status] = (stats.byStatus[result.status] ?? 0) + 1;
  stats.latencies.push(result.ms);
  if (stats.slowest.length < 5 || result.ms > stats.slowest.at(-1)!.ms) {
    stats.slowest.push({
      label: request.label,
      request: `${request.method} ${request.path.slice(0, 120)}`,
      ms: Math.round(result.ms),
    });
    stats.slowest.sort((a, b) => b.ms - a.ms).splice(5);
  }
  const problem = answerProblem(request, result, allow);
  if (problem) stats.violations.push({ request, problem });
  return problem;
}

/** Options of {@link fuzzHub}. */
export interface FuzzRunOptions {
  url: string;
  ops: FuzzOperation[];
  ctx: FuzzContext;
  seed: number;
  numRuns: number;
  /** Admits a known 5xx. */
  allow?: (response: RawResponse) => boolean;
  /** Stop at the first violation and shrink it (tests); else run all and count (bench). Default true. */
  stopOnFailure?: boolean;
}

/** Runs the fixed cases, then `numRuns` generated requests; returns the stats and fast-check's verdict. */
export async function fuzzHub(options: FuzzRunOptions): Promise<{ stats: FuzzStats; failure: string | undefined }> {
  const stats: FuzzStats = { requests: 0, byStatus: {}, latencies: [], violations: [], slowest: [] };
  const programId = options.ctx.ids.program?.[0] ?? 'x';
  const forged = forgedCredentials(programId);
  for (const request of fixedHostileRequests(options.ops, options.ctx, forged)) {
    record(stats, request, await send(options.url, request), options.allow);
  }
  for (const problem of await malformedWireProblems(options.url)) {
    stats.violations.push({ request: { label: 'raw socket', method: '-', path: '-', headers: {} }, problem });
  }
  const stop = options.stopOnFailure ?? true;
  const property = fc.asyncProperty(requestsOf(options.ops, options.ctx, forged), async (request) => {
    const problem = record(stats, request, await send(options.url, request), options.allow);
    if (problem && stop) throw new Error(`${request.label}: ${problem}`);
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: options.numRuns, endOnFailure: !stop });
  const failure = details.failed ? `${fc.defaultReportMessage(details) ?? ''}`.slice(0, 4000) : undefined;
  stats.latencies.sort((a, b) => a - b);
  return { stats, failure };
}

/** Polls `/healthz` until stopped; every answer must be a 200 within the fuzz deadline. */
export function watchHealth(
  url: string,
  everyMs = 100,
): { stop(): Promise<{ polls: number; failures: string[]; latencies: number[] }> } {
  const failures: string[] = [];
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const r = await rawRequest(url, { path: '/healthz', deadlineMs: FUZZ_DEADLINE_MS });
        latencies.push(r.ms);
        if (r.status !== 200) failures.push(`healthz ${r.status}`);
      } catch (error) {
        failures.push(`healthz: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      latencies.sort((a, b) => a - b);
      return { polls: latencies.length + failures.length, failures, latencies };
    },
  };
}

// ---------------------------------------------------------------- a hub to fuzz

const ROLES: Role[] = ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'];

/** Bodies the hub accepts, per operation, for the fuzzer to start from (and bend). */
function examplesFor(hub: TestHub, caseId: string): Record<string, unknown[]> {
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const questionnaire = {
    resourceType: 'Questionnaire',
    status: 'active',
    item: [{ linkId: 'presenting-problem', text: 'Problem', type: 'text', required: true }],
  };
  return {
    'POST /v1/embed-tokens': [{ user: { id: 'u1', name: 'U One' }, role: 'presenter', programId: hub.demo.programId }],
    'POST /v1/programs': [{ name: 'Fuzz ECHO', specialty: 'Hepatology', language: 'en' }],
    'PATCH /v1/programs/{id}': [{ name: 'Renamed ECHO' }],
    'POST /v1/programs/{id}/sessions': [
      {
        title: 'Fuzz session',
        topic: 'Cirrhosis',
        startsAt: inAWeek,
        durationMinutes: 60,
        recurrence: 'FREQ=WEEKLY;COUNT=3',
      },
    ],
    'PATCH /v1/sessions/{id}': [{ title: 'Moved', startsAt: inAWeek }],
    'POST /v1/programs/{id}/case-templates': [{ title: 'Fuzz template', questionnaire }],
    'PUT /v1/programs/{id}/case-templates/{templateId}': [{ title: 'Fuzz template', questionnaire }],
    'POST /v1/cases': [
      {
        programId: hub.demo.programId,
        templateId: hub.demo.templateId,
        response: sampleResponse(),
        deidentification: sampleReport(),
        title: 'Fuzz case',
      },
    ],
    'PATCH /v1/cases/{id}': [{ status: 'accepted' }, { status: 'returned', reason: 'More labs, please' }],
    'POST /v1/cases/{id}/recommendations': [{ body: 'Start treatment.', category: 'treatment' }],
    'PATCH /v1/recommendations/{id}': [{ body: 'Amended.' }],
    'POST /v1/recommendations/{id}/acknowledge': [{}],
    'PUT /v1/programs/{id}/credit-rule': [{ creditsPerSession: 1, minimumShare: 0.5 }],
    'POST /v1/programs/{id}/calendar-link': [
      { scope: 'personal' },
      { joinUrl: 'https://lms.example.org/s/{sessionId}' },
    ],
    'POST /v1/sessions/{id}/moderation': [{ action: 'mute', identity: 'test-participant' }],
    'POST /v1/cases/{id}/recommendations/issue': [{ ids: [caseId] }],
  };
}

/**
 * Reads a test hub's OpenAPI document and gives it something to find: a case taken to `presented` with an issued
 * recommendation, credentials of every role and the API key, and a good body per operation to start from.
 */
export async function prepareFuzz(hub: TestHub): Promise<{ ops: FuzzOperation[]; ctx: FuzzContext }> {
  const doc = (await hubFetch(hub.url, 'GET', '/v1/openapi.json')).body as JsonSchema;
  // the LTI tool makes its RSA key on first use: a one-time cost, not one of input
  await hubFetch(hub.url, 'GET', '/lti/jwks');
  const c = await submitTestCase(hub);
  await advanceTestCase(hub, c.id, 'presented');
  const rec = await testRecommendation(hub, c.id, { issue: true });
  return {
    ops: operationsOf(doc),
    ctx: {
      ids: {
        program: [hub.demo.programId],
        session: hub.demo.sessionIds,
        template: [hub.demo.templateId, hub.demo.hcvTemplateId],
        case: [c.id],
        recommendation: [rec.id],
        certificate: ['CERT-0000-0000'],
      },
      credentials: [hub.apiKey, ...(await Promise.all(ROLES.map((role) => hub.mint({ role }))))],
      examples: examplesFor(hub, c.id),
    },
  };
}
