/**
 * The case form's checks on what the presenter typed: identifying-looking free text (with the hints taken from the
 * ORIGINAL record, which never leave the browser) and validation issues grouped by field.
 * @internal
 * @packageDocumentation
 */
import { findIdentifyingText, walkItems } from '@teleecho/sdk/questionnaire';
import type {
  IdentifyingFinding,
  IdentifyingHints,
  Questionnaire,
  QuestionnaireResponse,
  ValidationIssue,
} from '@teleecho/sdk/questionnaire';

const FREE_TEXT = new Set(['string', 'text', 'open-choice']);

/** Identifying-looking spans in each free-text answer, by path key (only fields with findings). */
export function identifyingFindings(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  hints: IdentifyingHints | undefined,
): Map<string, { findings: IdentifyingFinding[]; signature: string }> {
  const out = new Map<string, { findings: IdentifyingFinding[]; signature: string }>();
  walkItems(questionnaire, response, ({ item, key, responseItem }) => {
    if (!FREE_TEXT.has(item.type)) return;
    const text = (responseItem?.answer ?? [])
      .map((a) => a.valueString)
      .filter((s): s is string => typeof s === 'string')
      .join('\n');
    if (!text) return;
    const findings = findIdentifyingText(text, hints);
    if (findings.length) {
      // What was flagged: a confirmation holds only while the flagged text stays the same.
      const signature = findings.map((f) => `${f.kind}:${text.slice(f.start, f.end)}`).join('\u0001');
      out.set(key, { findings, signature });
    }
  });
  return out;
}

/** Issues grouped by path key, in document order. */
export function byPath(issues: readonly ValidationIssue[]): Map<string, ValidationIssue[]> {
  const out = new Map<string, ValidationIssue[]>();
  for (const issue of issues) out.set(issue.path, [...(out.get(issue.path) ?? []), issue]);
  return out;
}
