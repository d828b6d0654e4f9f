/**
 * The hub's second line of defence: finds obvious identifiers in a payload that should already be
 * de-identified. It reports JSON paths only, never the values.
 * @packageDocumentation
 */

/** One suspected identifier: where it is and what kind. */
export interface PhiFinding {
  /** JSON Pointer of the offending string, e.g. "/item/0/answer/0/valueString". */
  path: string;
  kind: 'ssn' | 'email' | 'phone' | 'date' | 'url' | 'ip' | 'mrn' | 'address';
}

const STREET =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Cir|Way|Place|Pl|Terrace|' +
  'Turnpike|Highway|Hwy|Parkway|Pkwy|Trail';
const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|' +
  'Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

/**
 * Detectors, most specific first. Each is tuned against clinical text: lab values ("HCV RNA 1,200,000 IU/mL"),
 * LOINC codes ("11011-4"), ICD-10 codes ("B18.2"), years alone ("2019") and ratios ("1/2/3") do not match.
 */
const DETECTORS: readonly { kind: PhiFinding['kind']; pattern: RegExp }[] = [
  { kind: 'ssn', pattern: /\b\d{3}-\d{2}-\d{4}\b|\b(?:SSN|social security(?: number)?)[\s#:]*\d{9}\b/i },
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/ },
  { kind: 'url', pattern: /\b(?:https?|ftp):\/\/[^\s]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}/i },
  {
    kind: 'ip',
    pattern:
      /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/i,
  },
  { kind: 'phone', pattern: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b/ },
  { kind: 'date', pattern: /(?<!\d)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)/ },
  { kind: 'date', pattern: /\b(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/\d{4}\b/ },
  { kind: 'date', pattern: new RegExp(`\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`) },
  {
    kind: 'mrn',
    pattern:
      /\b(?:MRN|MR#|medical record(?: number| no\.?)?|chart (?:number|no\.?)|acct|account (?:number|no\.?))[\s#:.-]*[A-Z0-9-]*\d{4,}/i,
  },
  { kind: 'mrn', pattern: /\b[A-Z]{1,4}-?\d{7,}\b/ },
  {
    kind: 'address',
    pattern: new RegExp(`\\b\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z][a-z]+\\s+){1,3}(?:${STREET})\\b`),
  },
];

/** Keys whose value must never be more precise than a year. */
const DATE_KEYS = new Set(['valueDate', 'valueDateTime', 'birthDate', 'deceasedDateTime']);
/** Keys that hold canonical URLs and codes, not free text. */
const STRUCTURAL_KEYS = new Set(['questionnaire', 'system', 'url', 'profile', 'linkId', 'definition', 'code']);

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
      if (key && STRUCTURAL_KEYS.has(key)) return;
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
