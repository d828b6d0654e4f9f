/**
 * The hub's second line of defence: finds obvious identifiers in a payload that should already be
 * de-identified. It reports JSON paths only, never the values.
 * @packageDocumentation
 */

/** One suspected identifier: where it is and what kind. */
export interface PhiFinding {
  /** JSON Pointer of the offending string, e.g. "/item/0/answer/0/valueString". */
  path: string;
  kind: 'ssn' | 'email' | 'phone' | 'date' | 'url';
}

const DETECTORS: readonly { kind: PhiFinding['kind']; pattern: RegExp }[] = [
  { kind: 'ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b/ },
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/ },
  { kind: 'phone', pattern: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/ },
  { kind: 'date', pattern: /(?<!\d)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)/ },
  { kind: 'date', pattern: /\b(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/\d{4}\b/ },
  { kind: 'url', pattern: /\bhttps?:\/\/[^\s?#]+\?[^\s#]*=/i },
];

/** Keys whose value must never be more precise than a year. */
const DATE_KEYS = new Set(['valueDate', 'valueDateTime', 'birthDate', 'deceasedDateTime']);

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Scans every string in `value` (recursively) and returns the findings, in document order. */
export function findPhi(value: unknown, basePath = ''): PhiFinding[] {
  const findings: PhiFinding[] = [];
  const visit = (node: unknown, path: string, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key && DATE_KEYS.has(key) && /^\d{4}-\d{2}/.test(node)) {
        findings.push({ path, kind: 'date' });
        return;
      }
      const hit = DETECTORS.find((d) => d.pattern.test(node));
      if (hit) findings.push({ path, kind: hit.kind });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${path}/${i}`, undefined));
      return;
    }
    if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) visit(child, `${path}/${escape(k)}`, k);
    }
  };
  visit(value, basePath, undefined);
  return findings;
}
