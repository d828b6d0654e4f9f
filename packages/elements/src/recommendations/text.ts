/**
 * Pure helpers of the recommendation viewer: plain-text segments with safe links, a word diff for amendments, the
 * readable answers of a QuestionnaireResponse, and merging recommendations without duplicates.
 * Nothing here produces HTML: the element renders the results through Lit bindings, so text stays text.
 * @packageDocumentation
 */
import type { FhirResource, Recommendation } from '@teleecho/sdk';

/** A run of plain text, or a link whose `href` is a checked http(s) URL. */
export type TextSegment = { text: string } | { text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** An absolute http(s) URL, normalised, or `undefined` for anything else (`javascript:`, `data:`, relative…). */
export function safeHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Splits one line of plain text into text and http(s) links (trailing punctuation stays text). */
export function linkify(line: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trail = /[.,;:!?)\]]+$/.exec(raw)?.[0] ?? '';
    raw = raw.slice(0, raw.length - trail.length);
    const start = match.index ?? 0;
    const href = safeHttpUrl(raw);
    if (!href) continue;
    if (start > last) out.push({ text: line.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < line.length) out.push({ text: line.slice(last) });
  return out;
}

/** One piece of a diff: unchanged, inserted or deleted text. */
export interface DiffPart {
  kind: 'same' | 'ins' | 'del';
  text: string;
}

/** Words and the whitespace after them, so a diff keeps line breaks and spacing. */
function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/**
 * A word-level diff of `before` → `after` (longest common subsequence). Long texts (over 4,000 tokens in total) fall
 * back to "all deleted, all inserted" to keep the work bounded.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length + b.length > 4000) {
    return [
      ...(before ? [{ kind: 'del' as const, text: before }] : []),
      ...(after ? [{ kind: 'ins' as const, text: after }] : []),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const prev = parts[parts.length - 1];
    if (prev && prev.kind === kind) prev.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      push('ins', b[j]!);
      j++;
    } else {
      push('del', a[i]!);
      i++;
    }
  }
  return parts;
}

/** One answered question of a case, ready to show. */
export interface CaseAnswer {
  /** The question's text (from the response, the template, or its `linkId` made readable). */
  question: string;
  answer: string;
}

interface QrItem {
  linkId?: string;
  text?: string;
  answer?: Record<string, unknown>[];
  item?: QrItem[];
}

function answerText(answer: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(answer)) {
    if (!key.startsWith('value')) continue;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return value ? '✓' : '✗';
    if (value && typeof value === 'object') {
      const v = value as { display?: unknown; code?: unknown; value?: unknown; unit?: unknown };
      if (typeof v.display === 'string') return v.display;
      if (typeof v.value === 'number') return `${v.value}${typeof v.unit === 'string' ? ` ${v.unit}` : ''}`;
      if (typeof v.code === 'string') return v.code;
    }
  }
  return undefined;
}

/** "presenting-problem" → "Presenting problem". */
function readableLinkId(linkId: string): string {
  const words = linkId.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** linkId → question text, from a FHIR `Questionnaire`. */
export function questionTexts(questionnaire: FhirResource | undefined): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items as QrItem[]) {
      if (item.linkId && item.text) texts.set(item.linkId, item.text);
      walk(item.item);
    }
  };
  walk(questionnaire?.item);
  return texts;
}

/** The answered questions of a `QuestionnaireResponse`, in order (groups flattened), at most `limit`. */
export function caseAnswers(response: FhirResource, texts = new Map<string, string>(), limit = 12): CaseAnswer[] {
  const out: CaseAnswer[] = [];
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const item of items as QrItem[]) {
      if (out.length >= limit) return;
      const values = (item.answer ?? []).map(answerText).filter((v): v is string => Boolean(v));
      if (values.length > 0) {
        const question = item.text || texts.get(item.linkId ?? '') || readableLinkId(item.linkId ?? '?');
        out.push({ question, answer: values.join(', ') });
      }
      walk(item.item);
      for (const answer of item.answer ?? []) walk((answer as { item?: unknown }).item);
    }
  };
  walk(response.item);
  return out;
}

/** Whether `candidate` is a newer state of the same recommendation than `current`. */
function isNewer(candidate: Recommendation, current: Recommendation): boolean {
  if (candidate.version !== current.version) return candidate.version > current.version;
  return candidate.updatedAt > current.updatedAt;
}

/**
 * Merges recommendations into a list: one entry per id (the newest version and state wins), issued ones only,
 * in number order. Applying the same event twice, or a list and then an older event, changes nothing.
 */
export function mergeRecommendations(
  list: readonly Recommendation[],
  incoming: readonly Recommendation[],
): Recommendation[] {
  const byId = new Map(list.map((r) => [r.id, r]));
  for (const rec of incoming) {
    const current = byId.get(rec.id);
    if (!current || isNewer(rec, current)) byId.set(rec.id, rec);
  }
  return [...byId.values()]
    .filter((r) => r.status === 'issued')
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.createdAt.localeCompare(b.createdAt));
}
