// The hub console's glue. Tokens come from the host backend (here the examples server of `npm start`, which mints
// them with the hub's secret API key — browsers never see that key); the role picker is a demo convenience: a real
// console would mint the signed-in person's own role. Everything else happens inside the elements.
import { LANGUAGES, fillLanguagePicker, translateChrome } from '/host-i18n.js';

const $ = (id) => document.getElementById(id);
const queue = $('queue');
const schedule = $('schedule');
const agenda = $('agenda');
const editor = $('editor');
const session = $('session');
const casePanel = $('case-panel');
const sessionPanel = $('session-panel');
const status = $('status');
const role = $('role');
const lang = $('lang');

/** This page's own words; the elements bring theirs. */
const TEXTS = {
  en: {
    brand: 'teleECHO hub console',
    cases: 'Cases',
    sessions: 'Sessions',
    caseAndRecommendations: 'Case and recommendations',
    liveSession: 'Live session',
    close: 'Close',
  },
  es: {
    brand: 'Consola del hub teleECHO',
    cases: 'Casos',
    sessions: 'Sesiones',
    caseAndRecommendations: 'Caso y recomendaciones',
    liveSession: 'Sesión en vivo',
    close: 'Cerrar',
  },
  pt: {
    brand: 'Console do hub teleECHO',
    cases: 'Casos',
    sessions: 'Sessões',
    caseAndRecommendations: 'Caso e recomendações',
    liveSession: 'Sessão ao vivo',
    close: 'Fechar',
  },
  fr: {
    brand: 'Console du hub teleECHO',
    cases: 'Cas',
    sessions: 'Séances',
    caseAndRecommendations: 'Cas et recommandations',
    liveSession: 'Séance en direct',
    close: 'Fermer',
  },
  ar: {
    brand: 'لوحة تحكم مركز teleECHO',
    cases: 'الحالات',
    sessions: 'الجلسات',
    caseAndRecommendations: 'الحالة والتوصيات',
    liveSession: 'جلسة مباشرة',
    close: 'إغلاق',
  },
  hi: {
    brand: 'teleECHO हब कंसोल',
    cases: 'केस',
    sessions: 'सत्र',
    caseAndRecommendations: 'केस और सिफ़ारिशें',
    liveSession: 'लाइव सत्र',
    close: 'बंद करें',
  },
  ru: {
    brand: 'Консоль хаба teleECHO',
    cases: 'Случаи',
    sessions: 'Сессии',
    caseAndRecommendations: 'Случай и рекомендации',
    liveSession: 'Сессия в эфире',
    close: 'Закрыть',
  },
  sw: {
    brand: 'Dashibodi ya hub ya teleECHO',
    cases: 'Kesi',
    sessions: 'Vikao',
    caseAndRecommendations: 'Kesi na mapendekezo',
    liveSession: 'Kikao cha moja kwa moja',
    close: 'Funga',
  },
  vi: {
    brand: 'Bảng điều khiển hub teleECHO',
    cases: 'Ca bệnh',
    sessions: 'Buổi họp',
    caseAndRecommendations: 'Ca bệnh và khuyến nghị',
    liveSession: 'Buổi họp trực tiếp',
    close: 'Đóng',
  },
};
fillLanguagePicker(lang);
const elements = [queue, schedule, agenda, editor, session];

// ?role=specialist&lang=es&case=cas_…&session=ses_… open the console in that state (links, tests).
const params = new URLSearchParams(location.search);
if (['coordinator', 'specialist', 'facilitator'].includes(params.get('role'))) role.value = params.get('role');
if (LANGUAGES.some(([code]) => code === params.get('lang'))) lang.value = params.get('lang');
translateChrome(lang.value, TEXTS);

async function config() {
  const res = await fetch(`/config.json?role=${encodeURIComponent(role.value)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

function openCase(caseId) {
  editor.setAttribute('case-id', caseId);
  casePanel.hidden = false;
  remember('case', caseId);
}

function showAgenda(sessionId) {
  agenda.setAttribute('session-id', sessionId);
  remember('session', sessionId);
}

function remember(key, value) {
  const url = new URL(location.href);
  if (value) url.searchParams.set(key, value);
  else url.searchParams.delete(key);
  history.replaceState(null, '', url);
}

async function configure() {
  const { hubUrl, programId, token } = await config();
  const getToken = async () => (await config()).token; // called by the elements before the token expires
  for (const el of elements) {
    el.getToken = getToken;
    el.token = token;
    el.setAttribute('hub-url', hubUrl);
  }
  schedule.setAttribute('program-id', programId);
  queue.setAttribute('program-id', programId);
  // Coordinators triage what is waiting; specialists and facilitators read every case.
  queue.setAttribute('filter', role.value === 'coordinator' ? 'open' : 'all');
  remember('role', role.value);
  document.body.dataset.role = role.value;
  document.body.dataset.ready = 'true';
}

await configure();
if (params.get('case')) openCase(params.get('case'));
if (params.get('session')) showAgenda(params.get('session'));

role.addEventListener('change', () => {
  session.hidden = true;
  sessionPanel.hidden = true;
  delete document.body.dataset.ready;
  void configure();
});
lang.addEventListener('change', () => {
  translateChrome(lang.value, TEXTS); // the page's words, <html lang> and <html dir>: every element follows
  remember('lang', lang.value);
});
$('pickers').addEventListener('submit', (event) => event.preventDefault());

queue.addEventListener('echo-case-select', (event) => {
  openCase(event.detail.caseId);
  casePanel.scrollIntoView({ behavior: 'smooth', block: 'start' });
});
agenda.addEventListener('echo-case-select', (event) => {
  openCase(event.detail.caseId);
  casePanel.scrollIntoView({ behavior: 'smooth', block: 'start' });
});
schedule.addEventListener('echo-session-select', (event) => showAgenda(event.detail.sessionId));
agenda.addEventListener('echo-session-open', (event) => {
  session.setAttribute('session-id', event.detail.sessionId);
  session.hidden = false;
  sessionPanel.hidden = false;
  sessionPanel.scrollIntoView({ behavior: 'smooth', block: 'start' });
});
$('close-session').addEventListener('click', () => {
  sessionPanel.hidden = true;
});

queue.addEventListener('echo-case-updated', (event) => {
  status.textContent = `“${event.detail.case.title}”: ${event.detail.action}.`;
});
editor.addEventListener('echo-recommendation-saved', (event) => {
  status.textContent = `Recommendations ${event.detail.action}: ${event.detail.recommendations.length}.`;
});
document.addEventListener('echo-error', (event) => {
  status.textContent = `Problem: ${event.detail.error.code}`;
});
