import { Type, type TString } from '@sinclair/typebox';

/** A JSON object body schema that rejects unknown fields. */
export const Body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** Role names. */
export const RoleSchema = Type.Union(
  ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'].map((r) => Type.Literal(r)),
);

/** Case states. */
export const CaseStatusSchema = Type.Union(
  ['submitted', 'accepted', 'returned', 'scheduled', 'presented', 'recommendations_issued', 'closed'].map((s) =>
    Type.Literal(s),
  ),
);

/** Session states. */
export const SessionStatusSchema = Type.Union(['scheduled', 'live', 'ended', 'cancelled'].map((s) => Type.Literal(s)));

/** Recommendation categories. */
export const CategorySchema = Type.Union(
  ['diagnostics', 'treatment', 'monitoring', 'referral', 'education'].map((s) => Type.Literal(s)),
);

/** A FHIR resource (open object with a resourceType). */
export const FhirResourceSchema = Type.Object(
  { resourceType: Type.String({ minLength: 1 }) },
  { additionalProperties: true },
);

/** A credit rule (all optional on input). */
export const CreditRuleSchema = Type.Object(
  {
    creditsPerSession: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    minimumShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    creditType: Type.Optional(Type.String({ maxLength: 200 })),
    evaluationTemplateId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
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
