// The glue a Moodle site's backend would render: the HTML block's <echo-session> gets a short-lived embed token
// (here from the dev server of `npm start`, which mints it with the hub's secret API key), and the External tool
// iframe starts an LTI launch when a platform is connected (the e2e test connects a test LTI platform).
const session = document.getElementById('embedded-session');
const status = document.getElementById('status');
const frame = document.getElementById('contentframe');
const help = document.getElementById('lti-help');

async function config() {
  const res = await fetch('/config.json?role=participant', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

try {
  const { hubUrl, programId, token, sessionId, ltiLaunchUrl } = await config();
  document.getElementById('registration-url').textContent = `${hubUrl}/lti/register`;
  let id = sessionId;
  if (!id) {
    const res = await fetch(`${hubUrl}/v1/programs/${programId}/sessions?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    id = (await res.json()).items?.[0]?.id;
  }
  session.setAttribute('hub-url', hubUrl);
  session.getToken = async () => (await config()).token;
  session.token = token;
  if (id) session.setAttribute('session-id', id);
  if (ltiLaunchUrl) {
    frame.src = ltiLaunchUrl;
    frame.hidden = false;
    help.hidden = true;
  }
} catch (error) {
  status.textContent = `Could not load the session: ${error.message}`;
}
session.addEventListener('echo-session-joined', (event) => {
  status.textContent = `Joined as ${event.detail.identity}.`;
});
