/**
 * The hub's second line of defence: finds obvious identifiers in a payload that should already be
 * de-identified. It reports JSON paths only, never the values.
 *
 * Each string goes through the SDK's free-text scanner (`findIdentifyingText`, the same one `<echo-case-form>` warns
 * with), which takes time linear in the length of the text, in English, Spanish, Portuguese and French. The hub
 * refuses only what is certain from its shape — e-mails, web and IP addresses, phone numbers, full dates, SSNs,
 * numbers after a keyword ("MRN", "account", "CPF", "licence"…), plates, street addresses — and lets through what
 * rests on context (a capitalised word after "wife", a workplace, a month and a year): the presenter may confirm
 * those in the form as not identifying.
 * @packageDocumentation
 */
import { findIdentifyingText } from '@teleecho/sdk/questionnaire';
import type { IdentifyingFinding } from '@teleecho/sdk/questionnaire';

/** One suspected identifier: where it is and what kind. */
export interface PhiFinding {
  /** JSON Pointer of the offending string, e.g. "/item/0/answer/0/valueString". */
  path: string;
  kind: 'ssn' | 'email' | 'phone' | 'date' | 'url' | 'ip' | 'mrn' | 'address' | 'id';
}

const KINDS: Partial<Record<IdentifyingFinding['safeHarborKind'], PhiFinding['kind']>> = {
  ssn: 'ssn',
  email: 'email',
  url: 'url',
  'ip-address': 'ip',
  phone: 'phone',
  fax: 'phone',
  dates: 'date',
  'medical-record-number': 'mrn',
  'account-number': 'mrn',
  'health-plan-number': 'id',
  'certificate-license-number': 'id',
  'device-identifier': 'id',
  'vehicle-identifier': 'id',
  'other-identifier': 'id',
  geographic: 'address',
};

/** Keys whose value must never be more precise than a year. */
const DATE_KEYS = new Set(['valueDate', 'valueDateTime', 'birthDate', 'deceasedDateTime']);
/** Keys that hold canonical URLs and codes, not free text. */
const STRUCTURAL_KEYS = new Set(['questionnaire', 'system', 'url', 'profile', 'linkId', 'definition', 'code']);
const FULL_DATE = /^\d{4}-\d{2}/;

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The kind of the first certain identifier in a string, if any. */
export function phiKindOf(text: string): PhiFinding['kind'] | undefined {
  for (const f of findIdentifyingText(text, undefined, { certainOnly: true })) {
    const kind = f.certain ? KINDS[f.safeHarborKind] : undefined;
    if (kind) return kind;
  }
  return undefined;
}

/**
 * Scans every string in `value` and returns the findings (one per string at most), in document order. The walk keeps
 * its own stack, so nesting depth cannot overflow the call stack.
 */
export function findPhi(value: unknown, basePath = ''): PhiFinding[] {
  const findings: PhiFinding[] = [];
  const stack: [unknown, string, string | undefined][] = [[value, basePath, undefined]];
  while (stack.length) {
    const [node, path, key] = stack.pop()!;
    if (typeof node === 'string') {
      if (key && DATE_KEYS.has(key) && FULL_DATE.test(node)) {
        findings.push({ path, kind: 'date' });
        continue;
      }
      if (key && STRUCTURAL_KEYS.has(key)) continue;
      const kind = phiKindOf(node);
      if (kind) findings.push({ path, kind });
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}/${i}`, undefined]);
    } else if (node && typeof node === 'object') {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        stack.push([child, `${path}/${escape(k)}`, k]);
      }
    }
  }
  return findings;
}

/** Characters of text in `value` (its strings' lengths): what a {@link findPhi} scan costs, roughly. */
export function textSize(value: unknown): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node === 'string') size += node.length;
    else if (Array.isArray(node)) for (const child of node) stack.push(child);
    else if (node && typeof node === 'object') for (const child of Object.values(node)) stack.push(child);
  }
  return size;
}
