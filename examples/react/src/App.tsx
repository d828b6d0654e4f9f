// The host app: React owns the page; the teleECHO elements are plain JSX tags, typed by '@teleecho/elements/react'
// (tsconfig.json "types"). React 19 sets props that match an element property as properties (`getToken`,
// `sessionId`) and adds `onecho-…` props as listeners of the elements' events.
import { useState, version } from 'react';
import { getToken, type HostConfig } from './host.js';

export function App({ config }: { config: HostConfig }) {
  const [status, setStatus] = useState('');
  return (
    <>
      <header>
        <h1>teleECHO in a React app</h1>
        <p>
          React {version} renders the page; the elements come from <code>@teleecho/elements</code> through Vite. The{' '}
          <a href="./late.html">second page</a> loads them from the CDN script after React's first render.
        </p>
        <p className="status" role="status" id="status">
          {status}
        </p>
      </header>
      <main>
        <section>
          <h2>Present a case</h2>
          <echo-case-form
            id="case-form"
            hubUrl={config.hubUrl}
            getToken={getToken}
            onecho-case-submitted={(event) => setStatus(`Case ${event.detail.caseId} submitted`)}
            onecho-error={(event) => setStatus(`Case form: ${event.detail.error.message}`)}
          />
        </section>
        <section>
          <h2>Recommendations</h2>
          <echo-recommendation-viewer
            id="recommendations"
            hubUrl={config.hubUrl}
            getToken={getToken}
            onecho-recommendation-acknowledged={(event) =>
              setStatus(`Recommendation ${event.detail.recommendationId} acknowledged`)
            }
            onecho-error={(event) => setStatus(`Recommendations: ${event.detail.error.message}`)}
          />
        </section>
        {config.dropInSessionId ? (
          <section>
            <h2>Session open now</h2>
            <echo-session
              id="session"
              hubUrl={config.hubUrl}
              getToken={getToken}
              sessionId={config.dropInSessionId}
              onecho-session-joined={(event) => setStatus(`Joined as ${event.detail.identity}`)}
              onecho-error={(event) => setStatus(`Session: ${event.detail.error.message}`)}
            />
          </section>
        ) : null}
      </main>
    </>
  );
}
