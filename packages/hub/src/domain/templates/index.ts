/**
 * The case templates the hub ships: FHIR R4 Questionnaires (SDC subset of `@teleecho/sdk/questionnaire`).
 * `seed-demo` installs all of them; `docs/guides/case-templates.md` explains how to add and version one.
 * @packageDocumentation
 */
import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import { defaultQuestionnaire } from './default-questionnaire.js';
import { drugResistantTbQuestionnaire } from './drug-resistant-tb.js';
import { hcvQuestionnaire } from './hcv.js';
import { hivQuestionnaire } from './hiv.js';
import { palliativeCareQuestionnaire } from './palliative-care.js';
import { qualityImprovementQuestionnaire } from './quality-improvement.js';
import { type2DiabetesQuestionnaire } from './type-2-diabetes.js';

export {
  defaultQuestionnaire,
  drugResistantTbQuestionnaire,
  hcvQuestionnaire,
  hivQuestionnaire,
  palliativeCareQuestionnaire,
  qualityImprovementQuestionnaire,
  type2DiabetesQuestionnaire,
};

/** The six clinical / QI templates, keyed by a short name (the general default template is not among them). */
export const CASE_TEMPLATES: Readonly<Record<string, () => Questionnaire>> = {
  hcv: hcvQuestionnaire,
  hiv: hivQuestionnaire,
  'dr-tb': drugResistantTbQuestionnaire,
  t2d: type2DiabetesQuestionnaire,
  palliative: palliativeCareQuestionnaire,
  qi: qualityImprovementQuestionnaire,
};
