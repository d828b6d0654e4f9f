// Recall on a generated corpus nobody tuned the rules for: 200 patients with identifiers planted in every
// structurally distinct place (extensions at each level and of each type, contained resources, narratives, notes in
// en/es/pt/fr, attachments, meta, identifiers of many systems, references, unknown resource types, modifier
// extensions). Prints a table by Safe Harbor kind; fails below 100 % removed or 100 % of clinical codes and
// quantities kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateCorpus } from '../../internal/test-deid-corpus.js';
import type { CorpusPatient } from '../../internal/test-deid-corpus.js';
import { deidentify } from './index.js';
import type { DeidPolicy } from './index.js';

const CORPUS = generateCorpus(200);

interface Tally {
  planted: number;
  removed: number;
  leaks: string[];
}

function recall(policy: Partial<DeidPolicy>) {
  const byKind = new Map<string, Tally>();
  let facts = 0;
  let kept = 0;
  const lost: string[] = [];
  for (const [i, p] of CORPUS.entries()) {
    const out = deidentify(p.bundle as never, policy);
    const text = JSON.stringify(out).toLowerCase();
    for (const id of p.planted) {
      const t = byKind.get(id.kind) ?? { planted: 0, removed: 0, leaks: [] };
      byKind.set(id.kind, t);
      t.planted++;
      if (text.includes(id.value.toLowerCase())) t.leaks.push(`#${i} ${id.place} (${p.language}): ${id.value}`);
      else t.removed++;
    }
    for (const fact of p.clinical) {
      facts++;
      if (factKept(out.resources as never, fact)) kept++;
      else lost.push(`#${i} ${fact.resourceType} ${fact.code} ${fact.value ?? ''}`);
    }
  }
  return { byKind, facts, kept, lost };
}

type Resource = Record<string, unknown> & { resourceType: string };
function factKept(resources: Resource[], fact: CorpusPatient['clinical'][number]): boolean {
  return resources.some((r) => {
    if (r.resourceType !== fact.resourceType) return false;
    const json = JSON.stringify(r);
    if (!json.includes(`"system":"${fact.system}","code":"${fact.code}"`)) return false;
    if (fact.value === undefined) return true;
    const q = r.valueQuantity as { value?: number; unit?: string } | undefined;
    return q?.value === fact.value && q.unit === fact.unit;
  });
}

function table(title: string, r: ReturnType<typeof recall>): string {
  const rows = [...r.byKind.entries()].sort(([a], [b]) => a.localeCompare(b));
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(b, 1)).toFixed(1)} %`;
  const lines = [
    `${title}`,
    `${'kind'.padEnd(28)} ${'planted'.padStart(8)} ${'removed'.padStart(8)} ${'recall'.padStart(8)}`,
    ...rows.map(
      ([k, t]) =>
        `${k.padEnd(28)} ${String(t.planted).padStart(8)} ${String(t.removed).padStart(8)} ${pct(t.removed, t.planted).padStart(8)}`,
    ),
    `${'clinical codes and values'.padEnd(28)} ${String(r.facts).padStart(8)} ${String(r.kept).padStart(8)} ${pct(r.kept, r.facts).padStart(8)}  (kept)`,
  ];
  return lines.join('\n');
}

describe('de-identification recall on a 200-patient generated corpus', () => {
  test('the corpus plants identifiers of every kind in every language', () => {
    const kinds = new Set(CORPUS.flatMap((p) => p.planted.map((x) => x.kind)));
    for (const k of ['names', 'geographic', 'dates', 'phone', 'email', 'ssn', 'medical-record-number']) {
      assert.ok(kinds.has(k as never), k);
    }
    assert.ok(kinds.size >= 14, `${kinds.size} kinds`);
    assert.deepEqual(new Set(CORPUS.map((p) => p.language)), new Set(['en', 'es', 'pt', 'fr']));
    assert.equal(JSON.stringify(generateCorpus(3)), JSON.stringify(generateCorpus(3)), 'deterministic');
  });

  for (const [title, policy] of [
    ['Safe Harbor defaults (no free text requested)', { idKey: 'corpus' }],
    [
      'a template that reads notes, narrative and text results',
      { idKey: 'corpus', freeText: ['notes', 'valueString', 'narrative'] },
    ],
  ] as const) {
    test(`100 % removed and 100 % kept: ${title}`, () => {
      const r = recall(policy as Partial<DeidPolicy>);
      console.log(`\n${table(title, r)}\n`);
      const leaks = [...r.byKind.values()].flatMap((t) => t.leaks);
      assert.deepEqual(leaks.slice(0, 20), [], `${leaks.length} planted identifiers left the record`);
      assert.deepEqual(r.lost.slice(0, 20), [], `${r.lost.length} clinical facts were lost`);
      assert.equal(r.kept, r.facts);
    });
  }
});
