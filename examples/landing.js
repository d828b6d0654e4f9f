const { hubUrl, ehrUrl } = await (await fetch('/config.json', { cache: 'no-store' })).json();
document.getElementById('hub-health').href = `${hubUrl}/healthz`;
document.getElementById('hub-openapi').href = `${hubUrl}/v1/openapi.json`;
document.getElementById('sandbox-ehr').href = `${ehrUrl}/`;
