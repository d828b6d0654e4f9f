// The host page's glue: get a short-lived embed token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key), list the programme's
// sessions with <echo-schedule>, and open the chosen one in <echo-session>.
import { fillLanguagePicker, translateChrome } from '/host-i18n.js';

const schedule = document.getElementById('schedule');
const session = document.getElementById('session');
const status = document.getElementById('status');
const role = document.getElementById('role');
const lang = document.getElementById('lang');

/** This page's own words; the elements bring theirs. */
const TEXTS = {
  en: {
    portal: 'Continuing education',
    heading: 'Hepatitis C teleECHO — live session',
    intro:
      'Pick a session, check your camera and microphone, and join. On a slow connection, choose “Join with audio only”.',
  },
  es: {
    portal: 'Formación continua',
    heading: 'teleECHO de hepatitis C — sesión en vivo',
    intro:
      'Elija una sesión, compruebe su cámara y micrófono, y entre. Con una conexión lenta, elija «Entrar solo con audio».',
  },
  pt: {
    portal: 'Educação continuada',
    heading: 'teleECHO de hepatite C — sessão ao vivo',
    intro:
      'Escolha uma sessão, verifique a câmera e o microfone e entre. Com conexão lenta, escolha “Entrar só com áudio”.',
  },
  fr: {
    portal: 'Formation continue',
    heading: 'teleECHO hépatite C — séance en direct',
    intro:
      'Choisissez une séance, vérifiez votre caméra et votre micro, puis rejoignez. Avec une connexion lente, choisissez « Rejoindre en audio seulement ».',
  },
  ar: {
    portal: 'التعليم المستمر',
    heading: 'برنامج teleECHO لالتهاب الكبد C — جلسة مباشرة',
    intro: 'اختر جلسة، وتحقّق من الكاميرا والميكروفون، ثم انضم. إن كان اتصالك بطيئًا، فاختر «انضم بالصوت فقط».',
  },
  hi: {
    portal: 'सतत शिक्षा',
    heading: 'हेपेटाइटिस C teleECHO — लाइव सत्र',
    intro: 'एक सत्र चुनें, अपना कैमरा और माइक्रोफ़ोन जाँचें, और जुड़ें। धीमे कनेक्शन पर “केवल ऑडियो के साथ जुड़ें” चुनें।',
  },
  ru: {
    portal: 'Непрерывное образование',
    heading: 'teleECHO по гепатиту C — сессия в прямом эфире',
    intro:
      'Выберите сессию, проверьте камеру и микрофон и присоединяйтесь. При медленном соединении выберите «Присоединиться только со звуком».',
  },
  sw: {
    portal: 'Elimu endelevu',
    heading: 'teleECHO ya homa ya ini C — kikao cha moja kwa moja',
    intro:
      'Chagua kikao, kagua kamera na maikrofoni yako, kisha ujiunge. Kwa muunganisho wa polepole, chagua “Jiunge kwa sauti pekee”.',
  },
  vi: {
    portal: 'Đào tạo liên tục',
    heading: 'teleECHO viêm gan C — buổi họp trực tuyến',
    intro:
      'Chọn một buổi, kiểm tra camera và micrô, rồi tham gia. Nếu kết nối chậm, hãy chọn “Chỉ tham gia bằng âm thanh”.',
  },
};
fillLanguagePicker(lang);

// ?role=facilitator&session=ses_… open the page as that role on that session (the landing page links the drop-in
// session that is open now this way).
const params = new URLSearchParams(location.search);
if ([...role.options].some((o) => o.value === params.get('role'))) role.value = params.get('role');

async function config() {
  const res = await fetch(`/config.json?role=${encodeURIComponent(role.value)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

async function configure() {
  const { hubUrl, programId, token } = await config();
  for (const el of [schedule, session]) {
    el.setAttribute('hub-url', hubUrl);
    // Called again by the element before the token expires.
    el.getToken = async () => (await config()).token;
    el.token = token;
  }
  schedule.setAttribute('program-id', programId);
}

function open(sessionId) {
  session.setAttribute('session-id', sessionId);
  session.hidden = false;
  schedule.hidden = true;
}

await configure();
if (params.get('session')) open(params.get('session'));
role.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('role', role.value);
  history.replaceState(null, '', url);
  void configure();
});
lang.addEventListener('change', () => {
  translateChrome(lang.value, TEXTS); // the page's words, <html lang> and <html dir>: both elements follow
});

schedule.addEventListener('echo-session-select', (event) => open(event.detail.sessionId));
session.addEventListener('echo-session-joined', (event) => {
  status.textContent = `Joined as ${event.detail.identity}.`;
});
session.addEventListener('echo-hand-raised', (event) => {
  if (event.detail.raised && !event.detail.local) status.textContent = `${event.detail.hand.name} raised a hand.`;
});
session.addEventListener('echo-session-left', (event) => {
  status.textContent = `Left the session (${event.detail.reason}).`;
});
session.addEventListener('echo-error', (event) => {
  status.textContent = `Problem: ${event.detail.error.code}`;
});
