// The example host pages' own words (their header, intro and pickers) in every language of the elements, so the
// page switches language together with them: <html lang> (which the elements follow), <html dir> (Arabic reads
// right to left) and each element marked data-i18n="key". A real host has its own localisation; this is the
// smallest version of it.

/** The languages of the elements, each named in itself. */
export const LANGUAGES = [
  ['en', 'English'],
  ['es', 'Español'],
  ['pt', 'Português'],
  ['fr', 'Français'],
  ['ar', 'العربية'],
  ['hi', 'हिन्दी'],
  ['ru', 'Русский'],
  ['sw', 'Kiswahili'],
  ['vi', 'Tiếng Việt'],
];

/** Words several pages share. */
const COMMON = {
  en: {
    language: 'Language',
    role: 'Role',
    joinAs: 'Join as',
    coordinator: 'Coordinator',
    facilitator: 'Facilitator',
    specialist: 'Specialist',
    presenter: 'Presenter',
    participant: 'Participant',
    observer: 'Observer',
  },
  es: {
    language: 'Idioma',
    role: 'Rol',
    joinAs: 'Entrar como',
    coordinator: 'Coordinador',
    facilitator: 'Facilitador',
    specialist: 'Especialista',
    presenter: 'Presentador',
    participant: 'Participante',
    observer: 'Observador',
  },
  pt: {
    language: 'Idioma',
    role: 'Papel',
    joinAs: 'Entrar como',
    coordinator: 'Coordenador',
    facilitator: 'Facilitador',
    specialist: 'Especialista',
    presenter: 'Apresentador',
    participant: 'Participante',
    observer: 'Observador',
  },
  fr: {
    language: 'Langue',
    role: 'Rôle',
    joinAs: 'Rejoindre en tant que',
    coordinator: 'Coordinateur',
    facilitator: 'Animateur',
    specialist: 'Spécialiste',
    presenter: 'Présentateur',
    participant: 'Participant',
    observer: 'Observateur',
  },
  ar: {
    language: 'اللغة',
    role: 'الدور',
    joinAs: 'الانضمام بصفة',
    coordinator: 'منسّق',
    facilitator: 'ميسّر',
    specialist: 'أخصائي',
    presenter: 'مقدّم الحالة',
    participant: 'مشارك',
    observer: 'مراقب',
  },
  hi: {
    language: 'भाषा',
    role: 'भूमिका',
    joinAs: 'इस रूप में जुड़ें',
    coordinator: 'समन्वयक',
    facilitator: 'फ़ैसिलिटेटर',
    specialist: 'विशेषज्ञ',
    presenter: 'प्रस्तुतकर्ता',
    participant: 'प्रतिभागी',
    observer: 'पर्यवेक्षक',
  },
  ru: {
    language: 'Язык',
    role: 'Роль',
    joinAs: 'Войти как',
    coordinator: 'Координатор',
    facilitator: 'Ведущий',
    specialist: 'Специалист',
    presenter: 'Докладчик',
    participant: 'Участник',
    observer: 'Наблюдатель',
  },
  sw: {
    language: 'Lugha',
    role: 'Jukumu',
    joinAs: 'Jiunge kama',
    coordinator: 'Mratibu',
    facilitator: 'Mwezeshaji',
    specialist: 'Mtaalamu',
    presenter: 'Mwasilishaji',
    participant: 'Mshiriki',
    observer: 'Mtazamaji',
  },
  vi: {
    language: 'Ngôn ngữ',
    role: 'Vai trò',
    joinAs: 'Tham gia với vai trò',
    coordinator: 'Điều phối viên',
    facilitator: 'Người điều phối',
    specialist: 'Chuyên gia',
    presenter: 'Người trình bày',
    participant: 'Người tham gia',
    observer: 'Người quan sát',
  },
};

/** Gives a language <select> every language of the elements (keeping its current choice). */
export function fillLanguagePicker(select) {
  const current = select.value || 'en';
  select.replaceChildren(...LANGUAGES.map(([code, name]) => new Option(name, code, false, code === current)));
  for (const option of select.options) option.lang = option.value; // each name is read in its own language
}

/**
 * Puts the page in `lang`: <html lang> (the elements follow it), <html dir>, and the text of every [data-i18n]
 * element from `texts[lang]` or the shared words (English when a word is missing).
 */
export function translateChrome(lang, texts = {}) {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  const words = { ...COMMON.en, ...texts.en, ...COMMON[lang], ...texts[lang] };
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const word = words[el.dataset.i18n];
    if (word !== undefined) el.textContent = word;
  }
}
