// The host page's glue: get a short-lived embed token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key), list the programme's
// sessions with <echo-schedule>, and open the chosen one in <echo-session>.
const schedule = document.getElementById('schedule');
const session = document.getElementById('session');
const status = document.getElementById('status');
const role = document.getElementById('role');
const lang = document.getElementById('lang');

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
  document.documentElement.lang = lang.value; // both elements follow the page's language
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
