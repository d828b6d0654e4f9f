// The LTI pages speak every language of the elements; Arabic pages are right to left.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorPage, registeredPage } from './pages.js';
import { pickLanguage, textsFor } from './texts.js';

const LANGUAGES = ['en', 'es', 'pt', 'fr', 'ar', 'hi', 'ru', 'sw', 'vi'];

test('every language has every text of English, none empty', () => {
  const keys = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
      : [prefix];
  const english = keys(textsFor('en')).sort();
  for (const lang of LANGUAGES) {
    const t = textsFor(lang);
    assert.deepEqual(keys(t).sort(), english, lang);
    assert.notEqual(lang === 'en' ? '' : t.errorTitle, textsFor('en').errorTitle, `${lang} is translated`);
    for (const fn of [t.wholeSeries, t.registered, t.scopesUnknown]) assert.match(fn('X'), /X/);
  }
});

test('the language comes from the launch locale or Accept-Language, by primary subtag', () => {
  assert.equal(pickLanguage('ar_EG'), 'ar');
  assert.equal(pickLanguage(undefined, 'de-DE,ru;q=0.8'), 'ru');
  assert.equal(pickLanguage('sw-TZ'), 'sw');
  assert.equal(pickLanguage('vi'), 'vi');
  assert.equal(pickLanguage('hi-IN'), 'hi');
  assert.equal(pickLanguage('xx'), 'en');
});

test('Arabic pages are right to left; the others keep the default direction', () => {
  const ar = errorPage('ar', 400, 'lti_invalid', 'detail');
  assert.match(ar, /<html lang="ar" dir="rtl">/);
  assert.ok(ar.includes(textsFor('ar').errorTitle));
  const ru = errorPage('ru', 400, 'lti_invalid', 'detail');
  assert.match(ru, /<html lang="ru">/);
  assert.ok(ru.includes('Не удалось открыть это занятие teleECHO'));
  assert.ok(registeredPage('hi', 'Moodle').includes('teleECHO अब Moodle के साथ पंजीकृत है।'));
});
