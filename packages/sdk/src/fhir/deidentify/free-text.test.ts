// The free-text scrubber on its own: what it must find in English, Spanish, Portuguese and French text, what clinical
// text it must leave alone, and that its work grows linearly with the text (counted, not timed).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findTextIdentifiers, scrubText, scrubXhtml } from './free-text.js';
import type { TextScrubContext } from './free-text.js';
import { PATTERNS, scanText } from './text-scan.js';
import type { ScanStats } from './text-scan.js';
import { LONG_RUNS, NEAR_MATCHES } from '../../internal/test-adversarial-text.js';

const CTX: TextScrubContext = { known: undefined, zip: (z) => z.slice(0, 3), forbiddenYears: new Set() };
const scrub = (text: string) => scrubText(text, CTX);

/** [text, what must be gone, what must stay, kind reported]. */
type Case = [text: string, gone: string[], kept: string[], kind: string];

const RECALL: Record<string, Case[]> = {
  'relatives and household members': [
    ['Lives with wife Guadalupe.', ['Guadalupe'], ['Lives with wife'], 'names'],
    ['son: Pedro drives her', ['Pedro'], ['son:', 'drives her'], 'names'],
    ['lives with her sister Ana Lucía', ['Ana', 'Lucía'], ['sister'], 'names'],
    ['His mother-in-law, Maria de la Luz Gonzalez, helps.', ['Maria', 'Luz', 'Gonzalez'], ['helps'], 'names'],
    ['esposa Guadalupe la acompaña', ['Guadalupe'], ['esposa', 'la acompaña'], 'names'],
    ['hijo: Pedro; vive con su hermana Ana', ['Pedro', 'Ana'], ['hijo:', 'hermana'], 'names'],
    ['mora com a irmã Ana e o filho João', ['Ana', 'João'], ['irmã', 'filho'], 'names'],
    ['esposa Conceição; filha: Benedita', ['Conceição', 'Benedita'], ['esposa', 'filha'], 'names'],
    ['vit avec sa fille Chloé et son fils Anatole', ['Chloé', 'Anatole'], ['sa fille', 'son fils'], 'names'],
    ['épouse : Ghislaine ; sa sœur Clotilde', ['Ghislaine', 'Clotilde'], ['épouse', 'sœur'], 'names'],
    ['a daughter named Peggy', ['Peggy'], ['daughter named'], 'names'],
    ['se llama Ana; s’appelle pas; chamado Joaquim', ['Ana', 'Joaquim'], ['se llama'], 'names'],
  ],
  'names after titles and name labels': [
    ['seen by Dr. Ruiz and Mrs Thibodeaux', ['Ruiz', 'Thibodeaux'], ['Dr.', 'Mrs'], 'names'],
    ['la Sra. Gómez y Don Anacleto', ['Gómez', 'Anacleto'], ['Sra.'], 'names'],
    ['Mme Lefebvre et M. Dupont', ['Lefebvre', 'Dupont'], ['Mme', 'M.'], 'names'],
    ['nom : DUPONT Jean', ['DUPONT', 'Jean'], ['nom :'], 'names'],
  ],
  'employers and workplaces': [
    ['works at Hargrove Lumber Mill since 2019', ['Hargrove', 'Lumber', 'Mill'], ['works at', '2019'], 'names'],
    ['works as a driver for Kestrel Logistics', ['Kestrel'], ['works as a driver for'], 'names'],
    ['employer: Acme Corp.', ['Acme'], ['employer:'], 'names'],
    ['trabaja en Panadería La Espiga', ['Panadería', 'Espiga'], ['trabaja en'], 'names'],
    ['trabaja de cajera en Ferretería El Tornillo', ['Ferretería', 'Tornillo'], ['cajera'], 'names'],
    ['trabalha na Padaria Pão Dourado', ['Padaria', 'Dourado'], ['trabalha na'], 'names'],
    ['travaille chez Boulangerie Pichon', ['Boulangerie', 'Pichon'], ['travaille chez'], 'names'],
    ['employeur : Renault ; la empresa Bimbo', ['Renault', 'Bimbo'], ['employeur'], 'names'],
  ],
  'vehicle plates and VINs': [
    ['license plate KTR-4821', ['KTR-4821'], ['license plate'], 'vehicle-identifier'],
    ['placa ABC-1234', ['ABC-1234'], ['placa'], 'vehicle-identifier'],
    ['matrícula 1234 ABC', ['1234 ABC'], ['matrícula'], 'vehicle-identifier'],
    ['placa ABC1D23 (Mercosul)', ['ABC1D23'], ['placa', 'Mercosul'], 'vehicle-identifier'],
    ["plaque d'immatriculation AB-123-CD", ['AB-123-CD'], ['plaque'], 'vehicle-identifier'],
    ['drives a truck NM LALA-33', ['LALA-33'], ['truck'], 'vehicle-identifier'],
    ['VIN 1HGCM82633A004352', ['1HGCM82633A004352'], ['VIN'], 'vehicle-identifier'],
  ],
  'licence, account and record numbers': [
    ["driver's license B123-4567-8901", ['B123-4567-8901'], ['license'], 'certificate-license-number'],
    ['licencia de conducir 12345678', ['12345678'], ['licencia'], 'certificate-license-number'],
    ['CNH 01234567890', ['01234567890'], ['CNH'], 'certificate-license-number'],
    ['permis de conduire n° 12AB34567', ['12AB34567'], ['permis'], 'certificate-license-number'],
    ['account no. 77120934', ['77120934'], ['account no.'], 'account-number'],
    ['número de cuenta 0049-1234-5678', ['0049', '5678'], ['cuenta'], 'account-number'],
    ['conta 12345-6', ['12345-6'], ['conta'], 'account-number'],
    ['numéro de compte 30004 01234', ['30004', '01234'], ['compte'], 'account-number'],
    ['IBAN FR76 3000 6000 0112 3456 7890 189', ['3000 6000', '7890'], ['IBAN'], 'account-number'],
    ['MRN: 00123456', ['00123456'], ['MRN:'], 'medical-record-number'],
    [
      'expediente 4829173; prontuário 998877; dossier n° 2024-456',
      ['4829173', '998877', '456'],
      ['dossier'],
      'medical-record-number',
    ],
    ['CPF 123.456.789-09; DNI 12.345.678', ['123.456.789-09', '12.345.678'], ['CPF', 'DNI'], 'other-identifier'],
    ['NIR 1 84 12 76 451 089 (sécu)', ['84 12 76', '089'], ['(sécu)'], 'ssn'],
    ['SSN 123-45-6789', ['123-45-6789'], [], 'ssn'],
    ['Medicaid ID 912345678', ['912345678'], ['Medicaid'], 'health-plan-number'],
  ],
  'device serials': [
    ['pacemaker serial number PJN-123456', ['PJN-123456'], ['serial number'], 'device-identifier'],
    ['S/N 88812345; IMEI 356938035643809', ['88812345', '356938035643809'], ['IMEI'], 'device-identifier'],
    [
      'número de serie X2Y345678; numéro de série 8765-4321',
      ['X2Y345678', '8765-4321'],
      ['serie'],
      'device-identifier',
    ],
    ['MAC 00:1A:2B:3C:4D:5E', ['00:1A:2B:3C:4D:5E'], ['MAC'], 'device-identifier'],
  ],
  'web, IP, e-mail and phone': [
    ['see https://portal.example/chart?mrn=12345.', ['portal.example', '12345'], ['see'], 'url'],
    ['photos at www.example.com and facebook.com/ana.r', ['example.com', 'facebook', 'ana.r'], ['photos at'], 'url'],
    ['logged in from 203.0.113.47 and 2001:db8::1', ['203.0.113', '2001:db8'], ['logged in'], 'ip-address'],
    ['write to jane.doe@example.org', ['jane.doe', 'example.org'], ['write to'], 'email'],
    ['call (505) 555-0142 or 505.555.0143', ['555-0142', '555.0143'], ['call'], 'phone'],
    ['+44 20 7946 0958; +55 11 91234-5678', ['7946', '91234'], [], 'phone'],
    ['llamar al 612 345 678; teléfono: 91 234 56 78', ['612 345 678', '234 56 78'], ['llamar al'], 'phone'],
    ['ligar para (11) 91234-5678; tel. 5055550142', ['91234-5678', '5055550142'], ['ligar para'], 'phone'],
    ['appeler le 06 12 34 56 78 ou 01.23.45.67.89', ['06 12 34', '01.23.45'], ['appeler le'], 'phone'],
  ],
  dates: [
    ['seen March 3, 2021; 3rd of March 2021', ['March', '3rd'], ['seen', '2021'], 'dates'],
    ['Visto el 3 de marzo de 2024', ['marzo'], ['Visto el', '2024'], 'dates'],
    ['Atendido em 3 de março de 2024', ['março'], ['2024'], 'dates'],
    ['Vu le 12 mars 2024, le 1er mai', ['mars', 'mai'], ['2024'], 'dates'],
    ['03/04/2024, 2024-03-05, 5.3.2024, 2024/03/05', ['03/04', '03-05', '5.3.', '/03/05'], ['2024'], 'dates'],
    ['2024-03-05T10:00:00Z', ['03-05', '10:00'], ['2024'], 'dates'],
    ['call 2025-02-18 about it', ['02-18'], ['call', '2025'], 'dates'],
    ['desde marzo de 2024; depuis mars 2024; since June 2023', ['marzo', 'mars', 'June'], ['2024', '2023'], 'dates'],
    ['on May 3 and on 5 de set', ['May 3', 'set'], ['on'], 'dates'],
    ['97 y/o; 95 años; 96 ans; 93-year-old; aged 91', ['97', '95', '96', '93', '91'], ['90+'], 'dates'],
  ],
  addresses: [
    ['lives at 2214 Coal Avenue SE, Albuquerque NM 87102', ['2214', 'Coal', '87102'], ['NM 871'], 'geographic'],
    ['vive en Calle Mayor 12; Av. Paulista, 1578', ['Mayor', 'Paulista'], ['vive en'], 'geographic'],
    ['mora na Rua Augusta, 145, apto 302', ['Augusta', '302'], ['mora na'], 'geographic'],
    ['habite 12 rue de la Paix, code postal 75011', ['Paix', '75011'], ['habite'], 'geographic'],
    ['CEP 01310-100', ['01310-100'], ['CEP'], 'geographic'],
  ],
};

describe('free-text scrubber: recall in en, es, pt and fr', () => {
  for (const [category, cases] of Object.entries(RECALL)) {
    test(category, () => {
      for (const [text, gone, kept, kind] of cases) {
        const out = scrub(text);
        for (const g of gone) assert.ok(!out.text.includes(g), `"${g}" left in ${JSON.stringify(out.text)}`);
        for (const k of kept) assert.ok(out.text.includes(k), `"${k}" lost from ${JSON.stringify(out.text)}`);
        assert.ok(out.kinds.includes(kind as never), `${kind} not reported for ${text}: ${out.kinds.join(', ')}`);
      }
    });
  }

  test('replacements keep what Safe Harbor allows: years, 90+, three ZIP digits, the keyword', () => {
    assert.equal(scrub('Visto el 3 de marzo de 2024.').text, 'Visto el 2024.');
    assert.equal(scrub('Vu le 12 mars 2024.').text, 'Vu le 2024.');
    assert.equal(scrub('on 03/04/2024').text, 'on 2024');
    assert.equal(scrub('on 03/04/24').text, 'on [DATE]');
    assert.equal(scrub('wife Guadalupe, employer: Acme').text, 'wife [NAME], employer: [EMPLOYER]');
    assert.equal(scrub('placa ABC-1234').text, 'placa [PLATE]');
    assert.equal(scrub('aged 97').text, 'aged 90+');
    assert.equal(scrub('Springfield MA 01105').text, 'Springfield MA 011');
    const old = scrubText('born in 1931, diagnosed 1931, seen 3 March 1931', {
      ...CTX,
      forbiddenYears: new Set(['1931']),
    });
    assert.equal(old.text, 'born in [DATE], diagnosed [DATE], seen [DATE]');
  });
});

describe('free-text scrubber: clinical text stays', () => {
  const CLINICAL = [
    'HCV RNA 1,200,000 IU/mL; LOINC 11011-4; ICD-10 B18.2; sofosbuvir 400 mg; Hb 13.2 g/dL',
    'ARN del VHC 1.200.000 UI/mL; ALT 88 U/L; con sofosbuvir 400 mg diarios.',
    'RNA do VHC 1.200.000 UI/mL; em uso de sofosbuvir 400 mg ao dia.',
    'ARN du VHC 1 200 000 UI/mL ; ALAT 88 U/L ; sous sofosbuvir 400 mg par jour.',
    'Diagnosed in 2019, treated 2020-2021; genotype 1a; Child-Pugh B; MELD 14; FIB-4 3.25',
    'HIV-1 RNA 20447-9 <20 copies/mL, CD4 455 cells/uL (24467-3); QTc 452 ms; BP 130/85; ratio 1/2/3',
    'son of a farmer; wife is supportive; mother HCV positive; daughter has diabetes; his wife, who drives',
    'su esposa lo acompaña; a filha dele mora perto; sa femme est présente',
    'works at night; trabaja en el campo; travaille à domicile; employer: unemployed',
    '2 out of 3 doses; take 5 set of exercises; May I ask; in March the dose changed',
    'eGFR 52 mL/min/1.73m2; weight 94.3 kg; 90+-year-old, ZIP 000, NM; glucose 120 135 140 128',
    'RxNorm 1940261; SNOMED 128302006; B18.2, K74.0, F11.21; Xpert MTB/RIF; HbA1c 7.6 % in 2024',
    'bedaquiline 100 MG; linezolid 600 mg; 12 weeks of SOF/VEL; 8 semanas; 12 semaines',
  ];
  for (const text of CLINICAL) {
    test(JSON.stringify(text.slice(0, 60)), () => {
      const out = scrub(text);
      assert.equal(out.text, text, `changed: ${out.text}`);
      assert.deepEqual(out.kinds, []);
    });
  }
});

describe('free-text scrubber: findings for the form and the hub', () => {
  test('findTextIdentifiers marks the findings the shape alone settles as certain', () => {
    const text = 'wife Guadalupe; SSN 123-45-6789; works at Acme Corp; seen 2024-03-05; since March 2021';
    const found = findTextIdentifiers(text).map((f) => [text.slice(f.start, f.end), f.kind, f.certain]);
    assert.deepEqual(found, [
      ['Guadalupe', 'names', false],
      ['SSN 123-45-6789', 'ssn', true],
      ['Acme Corp', 'names', false],
      ['2024-03-05', 'dates', true],
      ['March 2021', 'dates', false],
    ]);
  });
});

/** Text built to be costly: long runs and a dense mix of near-matches of every rule. */
function adversarial(length: number, seed: number): string {
  const near = NEAR_MATCHES;
  const runs = LONG_RUNS;
  let out = '';
  let i = seed;
  while (out.length < length) {
    i = (i * 1103515245 + 12345) % 2147483648;
    out += i % 7 === 0 ? runs[i % runs.length]!(Math.min(length / 10, 5000 + (i % 5000))) : near[i % near.length]!;
    out += ' ';
  }
  return out.slice(0, length);
}

describe('free-text scrubber: linear work', () => {
  const cost = (text: string) => {
    const stats: ScanStats = { tokens: 0, attempts: 0 };
    scanText(text, { stats });
    return stats;
  };

  test('work per character stays flat from 10 k to 200 k characters of adversarial text', () => {
    const small = cost(adversarial(10_000, 1));
    const large = cost(adversarial(200_000, 1));
    for (const s of [small, large]) {
      assert.ok(s.tokens <= 10_000 * 20 + 200_000, 'tokens');
      assert.ok(s.attempts <= 8 * s.tokens + 10, `${s.attempts} attempts for ${s.tokens} tokens`);
    }
    // 20 times the text, at most about 20 times the work (a generous 25 allows for the mix).
    assert.ok(large.attempts <= 25 * small.attempts, `${large.attempts} vs ${small.attempts}`);
  });

  test('a single long run of letters, digits, base64, hyphenated or dotted code costs one pass', () => {
    for (const run of [
      'a'.repeat(100_000),
      '1'.repeat(100_000),
      Buffer.from('x'.repeat(75_000)).toString('base64'),
      'a1-'.repeat(33_333),
      'a.'.repeat(50_000),
      '@a'.repeat(50_000),
      'Ana '.repeat(25_000),
    ]) {
      const s = cost(run);
      assert.ok(s.attempts <= 8 * s.tokens + 10, `${run.slice(0, 6)}: ${s.attempts} attempts for ${s.tokens} tokens`);
    }
    // and the blob goes (a code of letters and many digits is an identifier)
    const blob = Buffer.from('x'.repeat(75_000)).toString('base64').replace(/[+/=]/g, 'A') + '9'.repeat(5);
    assert.equal(scrub(`token ${blob} end`).text, 'token [ID] end');
  });

  test('every pattern is sticky and has bounded quantifiers only (no *, + or {n,})', () => {
    for (const [name, re] of Object.entries(PATTERNS)) {
      assert.ok(re.sticky, `${name} is not sticky`);
      const source = re.source.replace(/\\./g, '');
      assert.ok(!/[*+]|\{\d+,\}/.test(source.replace(/\[[^\]]*\]/g, '')), `${name}: unbounded quantifier`);
    }
  });

  test('narrative XHTML: tags without ">" and open comments are read in one pass', () => {
    const div = `<div>${'<a'.repeat(50_000)}</div>`;
    assert.equal(scrubXhtml(div, CTX).text, '<div xmlns="http://www.w3.org/1999/xhtml"><div> </div></div>');
    const comments = `<div><p>wife Ana</p>${'<!--'.repeat(20_000)}</div>`;
    assert.equal(
      scrubXhtml(comments, CTX).text,
      '<div xmlns="http://www.w3.org/1999/xhtml"><div><p>wife [NAME]</p></div></div>',
    );
  });
});
