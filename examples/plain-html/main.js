// The host page's glue: get a short-lived embed token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key) and hand it over.
import { fillLanguagePicker, translateChrome } from '/host-i18n.js';

const schedule = document.getElementById('schedule');
const selected = document.getElementById('selected');
const lang = document.getElementById('lang');

/** This page's own words; the elements bring theirs. */
const TEXTS = {
  en: {
    portal: 'Staff portal',
    heading: 'Hepatitis C teleECHO',
    intro: 'Upcoming sessions of our ECHO programme. Times are shown in your time zone.',
  },
  es: {
    portal: 'Portal del personal',
    heading: 'teleECHO de hepatitis C',
    intro: 'Próximas sesiones de nuestro programa ECHO. Las horas se muestran en su zona horaria.',
  },
  pt: {
    portal: 'Portal da equipe',
    heading: 'teleECHO de hepatite C',
    intro: 'Próximas sessões do nosso programa ECHO. Os horários aparecem no seu fuso horário.',
  },
  fr: {
    portal: 'Portail du personnel',
    heading: 'teleECHO hépatite C',
    intro: 'Prochaines séances de notre programme ECHO. Les heures sont affichées dans votre fuseau horaire.',
  },
  ar: {
    portal: 'بوابة الموظفين',
    heading: 'برنامج teleECHO لالتهاب الكبد C',
    intro: 'الجلسات القادمة لبرنامج ECHO لدينا. تظهر الأوقات بتوقيتك المحلي.',
  },
  hi: {
    portal: 'स्टाफ़ पोर्टल',
    heading: 'हेपेटाइटिस C teleECHO',
    intro: 'हमारे ECHO कार्यक्रम के आगामी सत्र। समय आपके समय क्षेत्र में दिखाए गए हैं।',
  },
  ru: {
    portal: 'Портал сотрудников',
    heading: 'teleECHO по гепатиту C',
    intro: 'Предстоящие сессии нашей программы ECHO. Время указано в вашем часовом поясе.',
  },
  sw: {
    portal: 'Tovuti ya wafanyakazi',
    heading: 'teleECHO ya homa ya ini C',
    intro: 'Vikao vijavyo vya programu yetu ya ECHO. Saa zinaonyeshwa kwa saa za eneo lako.',
  },
  vi: {
    portal: 'Cổng nhân viên',
    heading: 'teleECHO viêm gan C',
    intro: 'Các buổi sắp tới của chương trình ECHO. Giờ được hiển thị theo múi giờ của bạn.',
  },
};
fillLanguagePicker(lang);

async function config() {
  const res = await fetch('/config.json?role=participant', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

const { hubUrl, programId, token } = await config();
schedule.setAttribute('hub-url', hubUrl);
schedule.setAttribute('program-id', programId);
// Called again by the element before the token expires.
schedule.getToken = async () => (await config()).token;
schedule.token = token;

// The page and the schedule switch language together (the element follows <html lang>).
lang.addEventListener('change', () => translateChrome(lang.value, TEXTS));
schedule.addEventListener('echo-session-select', (event) => {
  selected.textContent = `Selected session ${event.detail.sessionId}`;
});
