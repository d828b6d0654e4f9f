/**
 * Adversarial free text for the scanner's linear-work test and the text-scan bench (test support, not shipped):
 * near-matches of every rule and long unbroken runs.
 * @internal
 * @packageDocumentation
 */

/** Near-matches of every rule (dates, phones, ids, names, workplaces, plates, URLs, e-mails, markup) in 4 languages. */
export const NEAR_MATCHES: readonly string[] = [
  'Call 555-12',
  'Dr. x',
  'wife is',
  ' 12/13/',
  'MRN ',
  'a1-b2-',
  'x@y',
  'http',
  '3 de marzo de',
  'son of a',
  'placa ABC',
  ' 2024-13-',
  'works at the',
  '+44 20',
  'March 3,',
  'aged 9',
  '12 Elm',
  'Calle Mayor',
  'esposa ',
  'www',
  '1.2.3',
  'AB-12',
  '06 12 34',
  'trabalha na',
  'sa fille',
  'CPF 12.',
  'llamar al 61',
  '<a',
  '&#x',
];

/** Long runs of `n` characters: a pasted base64 blob, digits, letters, hyphenated and dotted code. */
export const LONG_RUNS: readonly ((n: number) => string)[] = [
  (n) => Buffer.from('y'.repeat(n)).toString('base64').slice(0, n),
  (n) => '7'.repeat(n),
  (n) => 'A'.repeat(n),
  (n) => 'a1-'.repeat(Math.ceil(n / 3)).slice(0, n),
  (n) => 'x.'.repeat(Math.ceil(n / 2)).slice(0, n),
];
