const { hubUrl, ehrUrl, dropInSessionId, apiDocs } = await (
  await fetch('/config.json?role=none', { cache: 'no-store' })
).json();
document.getElementById('hub-health').href = `${hubUrl}/healthz`;
document.getElementById('hub-openapi').href = `${hubUrl}/v1/openapi.json`;
document.getElementById('sandbox-ehr').href = `${ehrUrl}/`;
for (const link of document.querySelectorAll('.ehr-link')) link.href = `${ehrUrl}/`;

// The drop-in session of the demo programme is open now: link straight into it.
if (dropInSessionId) {
  for (const [id, role] of [
    ['drop-in', 'participant'],
    ['drop-in-facilitator', 'facilitator'],
    ['drop-in-participant', 'participant'],
  ]) {
    document.getElementById(id).href = `/session/?${new URLSearchParams({ role, session: dropInSessionId })}`;
  }
}

// `npm start` builds the API reference in the background when it is missing or out of date.
const docsLink = document.getElementById('api-docs-link');
const docsNote = document.getElementById('api-docs-note');
function showDocs(state) {
  const ready = state?.status !== 'building' && state?.status !== 'failed';
  if (ready) docsLink.setAttribute('href', '/docs/api/');
  else docsLink.removeAttribute('href'); // no link to a page that is not there yet
  docsNote.textContent =
    state?.status === 'building'
      ? ' — being built by npm start (a few minutes); this updates when it is ready'
      : state?.status === 'failed'
        ? ' — the build failed; run npm run docs to see why'
        : state?.updating
          ? ' — being refreshed in the background'
          : '';
  return ready && !state?.updating;
}
if (!showDocs(apiDocs)) {
  const timer = setInterval(async () => {
    const next = await (await fetch('/config.json?role=none', { cache: 'no-store' })).json().catch(() => undefined);
    if (next && (showDocs(next.apiDocs) || next.apiDocs?.status === 'failed')) clearInterval(timer);
  }, 10000);
}
