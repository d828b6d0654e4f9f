/**
 * `@teleecho/sdk/questionnaire`: the case-form model. The form state IS a FHIR R4 `QuestionnaireResponse`; every
 * helper is pure and immutable (returns a new response, never mutates its input), runs in browsers and Node, and is
 * shared by `<echo-case-form>` (field messages) and the hub (422 `invalid_response`).
 *
 * Paths address items from the top level down: `[{ linkId: 'meds', index: 1 }, { linkId: 'dose' }]` is the dose of
 * the second instance of the repeating group `meds`; `pathKey()` writes it `meds[1]/dose` (the key used in
 * {@link ValidationIssue.path} and {@link PrefillSource.path}); `parsePath()` reads it back.
 *
 * ```ts
 * createResponse(questionnaire, options?)            → QuestionnaireResponse (in-progress, `initial` values applied)
 * getAnswers(response, path)                          → QuestionnaireResponseAnswer[]
 * setAnswers(response, path, answers)                 → QuestionnaireResponse (creates missing groups; [] clears)
 * repeatCount(response, groupPath)                    → number of instances of a repeating group
 * addRepeat(questionnaire, response, groupPath)       → QuestionnaireResponse (appends an instance with initials)
 * removeRepeat(response, instancePath)                → QuestionnaireResponse (last segment's index is removed)
 * isEnabled(questionnaire, response, path)            → boolean (enableWhen + enableBehavior, ancestors included)
 * validateResponse(questionnaire, response, {mode})   → ValidationIssue[]
 * finalizeResponse(questionnaire, response, opts?)    → completed QuestionnaireResponse (disabled/empty items dropped)
 * prepopulate(questionnaire, deidentifiedContext, o?) → Promise<PrefillResult> (observationLinkPeriod, initialExpression)
 * identifierHintsFrom(originalRecord)                 → IdentifyingHints (EHR side; never send them anywhere)
 * findIdentifyingText(text, hints?)                   → IdentifyingFinding[]
 * itemConstraints(item)                               → ItemConstraints (limits, units, help, itemControl;
 *                                                       free text gets DEFAULT_MAX_LENGTH unless it sets maxLength)
 * findItem(questionnaire, path | linkId)              → QuestionnaireItem | undefined
 * canonicalOf(questionnaire)                          → 'url|version'
 * ```
 * @packageDocumentation
 */

export type {
  AnswerOption,
  AnswerValue,
  Coding,
  EnableWhen,
  Extension,
  IdentifyingFinding,
  IdentifyingHints,
  IdentifyingKind,
  ItemConstraints,
  ItemPath,
  PathSegment,
  PrefillContext,
  PrefillOptions,
  PrefillResult,
  PrefillSource,
  Quantity,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemType,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
  ValidateOptions,
  ValidationCode,
  ValidationIssue,
} from './types.js';

export { DEFAULT_MAX_LENGTH, SDC, itemConstraints, hasPrefill } from './extensions.js';
export { canonicalOf, findItem, parsePath, pathKey, walkItems } from './paths.js';
export type { ItemVisit } from './paths.js';
export {
  addRepeat,
  answerKey,
  createResponse,
  getAnswers,
  isEmptyAnswer,
  removeRepeat,
  repeatCount,
  setAnswers,
} from './response.js';
export type { CreateResponseOptions } from './response.js';
export { isEnabled } from './enable-when.js';
export { finalizeResponse, validateResponse } from './validate.js';
export type { FinalizeOptions } from './validate.js';
export { prepopulate } from './prepopulate.js';
export { findIdentifyingText, identifierHintsFrom } from './identifying.js';
