/**
 * Plural forms and numbers for the translations: the CLDR plural rules of each language through
 * `Intl.PluralRules` (Arabic has six forms, Russian four, Vietnamese one), numbers through `Intl.NumberFormat`.
 * @packageDocumentation
 */

/** The wordings of one message by CLDR plural category; `other` is required, `#` stands for the formatted count. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

/** Formats a number in `lang` (e.g. `1 234` in Russian). */
export function formatNumber(lang: string, value: number): string {
  let format = numbers.get(lang);
  if (!format) numbers.set(lang, (format = new Intl.NumberFormat(lang)));
  return format.format(value);
}

/**
 * Picks the form of `forms` that `lang`'s plural rules choose for `count` and puts the count, formatted in `lang`,
 * where `#` is: `plural('ru', 3, { one: '# случай', few: '# случая', many: '# случаев', other: '# случая' })` →
 * "3 случая".
 */
export function plural(lang: string, count: number, forms: PluralForms): string {
  let rule = rules.get(lang);
  if (!rule) rules.set(lang, (rule = new Intl.PluralRules(lang)));
  const form = forms[rule.select(count)] ?? forms.other;
  return form.replaceAll('#', formatNumber(lang, count));
}
