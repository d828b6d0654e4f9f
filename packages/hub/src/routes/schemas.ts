import { Type, type TString } from '@sinclair/typebox';
import { CASE_STATUSES, RECOMMENDATION_CATEGORIES, ROLES, type SessionStatus } from '@teleecho/sdk';

/** A JSON object body schema that rejects unknown fields. */
export const Body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** Role names (the contract's `ROLES`). */
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

/** Case states (the contract's `CASE_STATUSES`). */
export const CaseStatusSchema = Type.Union(CASE_STATUSES.map((s) => Type.Literal(s)));

/** Session states. */
export const SessionStatusSchema = Type.Union(
  (['scheduled', 'live', 'ended', 'cancelled'] as const satisfies readonly SessionStatus[]).map((s) => Type.Literal(s)),
);

/** Recommendation categories (the contract's `RECOMMENDATION_CATEGORIES`). */
export const CategorySchema = Type.Union(RECOMMENDATION_CATEGORIES.map((s) => Type.Literal(s)));

/** A FHIR resource (open object with a resourceType). */
export const FhirResourceSchema = Type.Object(
  { resourceType: Type.String({ minLength: 1 }) },
  { additionalProperties: true },
);

/** A credit rule (all optional on input). */
export const CreditRuleSchema = Type.Object(
  {
    creditsPerSession: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    minimumShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    creditType: Type.Optional(Type.String({ maxLength: 200 })),
    evaluationTemplateId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** A programme's de-identification policy: JSON data, no secrets (idKey stays on the EHR side). */
/** One allowed extension of a policy, with its nested extensions. */
const AllowedExtensionSchema = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        url: Type.String({ minLength: 1, maxLength: 500 }),
        values: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
        extensions: Type.Optional(Type.Array(Self, { maxItems: 50 })),
      },
      { additionalProperties: false },
    ),
  { $id: 'AllowedExtension' },
);

export const DeidentificationPolicySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    keepZip3: Type.Optional(Type.Boolean()),
    restrictedZip3: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{3}$' }), { maxItems: 1000 })),
    narrative: Type.Optional(Type.Union([Type.Literal('scrub'), Type.Literal('remove')])),
    removeExtensions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 200 })),
    extraIdentifiers: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 200 }), { maxItems: 500 })),
    maxResources: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    allow: Type.Optional(
      Type.Object(
        {
          elements: Type.Optional(
            Type.Record(
              Type.String({ maxLength: 64 }),
              Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 64 }), { maxProperties: 100 }),
              { maxProperties: 50 },
            ),
          ),
          extensions: Type.Optional(Type.Array(AllowedExtensionSchema, { maxItems: 100 })),
        },
        {
          additionalProperties: false,
          description:
            'Additions to the de-identification allow-list; anything that is a Safe Harbor identifier is refused (422)',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'Safe Harbor options; secrets such as idKey are refused (they stay on the EHR side)',
  },
);

/** Paging querystring fields. */
export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

/** Params with one id. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** Short text. */
export const Text = (maxLength = 500, minLength = 1): TString => Type.String({ minLength, maxLength });

/** OpenAPI security requirement for bearer routes. */
export const bearer = [{ bearerAuth: [] }];

/**
 * The schema of a bearer-token route: its tag, summary, the problem answers, and what the route adds (params, body,
 * querystring, its success answer). One line per route instead of one block.
 */
export const bearerRoute = <S extends object>(tag: string, summary: string, schema: S) => ({
  tags: [tag],
  summary,
  security: bearer,
  ...schema,
});
