/**
 * A written recommendation as a FHIR R4 `Communication` a host may file in its chart.
 * Tiny and dependency-free: used by the hub (webhook payloads) and by `<echo-recommendation-viewer>` ("copy to chart").
 * @packageDocumentation
 */
import type { Case, FhirResource, Recommendation, RecommendationCategory } from '../types.js';

/** `identifier.system` of the recommendation id (value `rec_…`). */
export const RECOMMENDATION_IDENTIFIER_SYSTEM = 'https://teleecho.dev/fhir/sid/recommendation';
/** `identifier.system` of one version of a recommendation (value `rec_…/<version>`): hosts dedupe on it. */
export const RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM = 'https://teleecho.dev/fhir/sid/recommendation-version';
/** `identifier.system` of a hub case id (value `cas_…`), used in `Communication.about`. */
export const CASE_IDENTIFIER_SYSTEM = 'https://teleecho.dev/fhir/sid/case';
/** Code system of the recommendation categories (codes = {@link RecommendationCategory}). */
export const RECOMMENDATION_CATEGORY_SYSTEM = 'https://teleecho.dev/fhir/CodeSystem/recommendation-category';
/** FHIR R4 `communication-category` code system (every recommendation is also an `instruction`). */
export const COMMUNICATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/communication-category';

/** English display of each {@link RecommendationCategory} code. */
export const RECOMMENDATION_CATEGORY_DISPLAY: Readonly<Record<RecommendationCategory, string>> = {
  diagnostics: 'Diagnostics',
  treatment: 'Treatment',
  monitoring: 'Monitoring',
  referral: 'Referral',
  education: 'Education',
};

/** What {@link recommendationToCommunication} needs of the case: its id and title (presenter name optional). */
export type CommunicationCase = Pick<Case, 'id' | 'title'> & Partial<Pick<Case, 'presenterName' | 'programId'>>;

/** A FHIR R4 `Communication` as produced by {@link recommendationToCommunication}. */
export interface FhirCommunication extends FhirResource {
  resourceType: 'Communication';
  identifier: { use?: string; system: string; value: string }[];
  status: 'completed' | 'preparation';
  category: { coding: { system: string; code: string; display: string }[]; text?: string }[];
  about: { identifier: { system: string; value: string }; display: string }[];
  sent?: string;
  sender: { display: string };
  recipient?: { display: string }[];
  payload: { contentString: string }[];
  note?: { time?: string; text: string }[];
  text: { status: 'generated'; div: string };
}

/** The numbered text of a recommendation, e.g. "Recommendation 2 (Treatment): …\nFollow-up: 2031-01-15". */
export function recommendationText(rec: Recommendation): string {
  const label = rec.number === undefined ? 'Recommendation' : `Recommendation ${rec.number}`;
  const category = rec.category ? ` (${RECOMMENDATION_CATEGORY_DISPLAY[rec.category]})` : '';
  const followUp = rec.followUp ? `\nFollow-up: ${rec.followUp}` : '';
  return `${label}${category}: ${rec.body}${followUp}`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Converts a recommendation of a case into a FHIR R4 `Communication`: status `completed` once issued
 * (`preparation` for a draft), category (`instruction` plus the teleECHO category), `about` the case by
 * identifier (the hub holds no patient, so `subject` is omitted), `sent` (issue or last amendment time),
 * `sender` (author name), `payload[0].contentString` with the numbered text and follow-up date, and
 * `identifier`s with the recommendation id and the id + version.
 *
 * @example
 * ```ts
 * const communication = recommendationToCommunication(recommendation, theCase);
 * await fhir.create({ resourceType: 'Communication', body: { ...communication, subject: { reference: 'Patient/123' } } });
 * ```
 */
export function recommendationToCommunication(rec: Recommendation, value: CommunicationCase): FhirCommunication {
  const text = recommendationText(rec);
  const category: FhirCommunication['category'] = [
    { coding: [{ system: COMMUNICATION_CATEGORY_SYSTEM, code: 'instruction', display: 'Instruction' }] },
  ];
  if (rec.category) {
    const display = RECOMMENDATION_CATEGORY_DISPLAY[rec.category];
    category.push({ coding: [{ system: RECOMMENDATION_CATEGORY_SYSTEM, code: rec.category, display }], text: display });
  }
  const communication: FhirCommunication = {
    resourceType: 'Communication',
    identifier: [
      { use: 'official', system: RECOMMENDATION_IDENTIFIER_SYSTEM, value: rec.id },
      { use: 'secondary', system: RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM, value: `${rec.id}/${rec.version}` },
    ],
    status: rec.status === 'issued' ? 'completed' : 'preparation',
    category,
    about: [{ identifier: { system: CASE_IDENTIFIER_SYSTEM, value: value.id }, display: value.title }],
    sender: { display: rec.authorName },
    payload: [{ contentString: text }],
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(text).replace(/\n/g, '<br/>')}</p></div>`,
    },
  };
  const sent = rec.amendedAt ?? rec.issuedAt;
  if (rec.status === 'issued' && sent) communication.sent = sent;
  if (value.presenterName) communication.recipient = [{ display: value.presenterName }];
  if (rec.history.length) {
    communication.note = [
      {
        ...(rec.amendedAt && { time: rec.amendedAt }),
        text: `Amended: version ${rec.version} replaces version ${rec.history[rec.history.length - 1]!.version}.`,
      },
    ];
  }
  return communication;
}
