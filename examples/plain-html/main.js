// The host page's glue: get a short-lived embed token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key) and hand it over.
const schedule = document.getElementById('schedule');
const selected = document.getElementById('selected');
const lang = document.getElementById('lang');

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

lang.addEventListener('change', () => schedule.setAttribute('lang', lang.value));
schedule.addEventListener('echo-session-select', (event) => {
  selected.textContent = `Selected session ${event.detail.sessionId}`;
});
