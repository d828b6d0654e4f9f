// The host page's glue: get a short-lived presenter token from the host backend (here: the dev server started by
// `npm start`, which mints it with the hub's secret API key — browsers never see that key) and show the presenter's
// cases in <echo-recommendation-viewer>. "Copy to chart" hands over a FHIR Communication; a real EHR would POST it
// to its FHIR server (with the patient as subject) — here it is only displayed.
const viewer = document.getElementById('viewer');
const status = document.getElementById('status');
const communication = document.getElementById('communication');
const lang = document.getElementById('lang');

async function config() {
  const res = await fetch('/config.json?role=presenter', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return res.json();
}

const { hubUrl, token } = await config();
viewer.setAttribute('hub-url', hubUrl);
viewer.getToken = async () => (await config()).token; // called again before the token expires
viewer.token = token;

lang.addEventListener('change', () => {
  document.documentElement.lang = lang.value; // the element follows the page's language
});
viewer.addEventListener('echo-copy-to-chart', (event) => {
  communication.textContent = JSON.stringify(event.detail.communication, null, 2);
  status.textContent = `Recommendation ${event.detail.recommendation.number} ready to file in the chart.`;
});
viewer.addEventListener('echo-recommendation-acknowledged', (event) => {
  status.textContent = `Acknowledged recommendation ${event.detail.recommendation.number}.`;
});
viewer.addEventListener('echo-error', (event) => {
  status.textContent = `Problem: ${event.detail.error.code}`;
});
