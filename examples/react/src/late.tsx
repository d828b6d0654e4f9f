// Elements defined AFTER React's first render, as when a portal loads the CDN script late (or lazily). Until then
// `<echo-*>` are unknown tags, and React 19 sets a prop as a property only when the element has it at render time:
// otherwise it writes an attribute, and a function prop (`getToken`) is dropped. So this page passes strings as
// attributes (`hub-url`, `session-id`) and sets `getToken` from a ref: the elements keep properties set before they
// upgrade.
import type { EchoElement } from '@teleecho/elements';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { getToken, loadConfig, type HostConfig } from './host.js';
import './host.css';

/** The CDN build of the elements (one ES module that registers every tag); `npm start` serves it at /cdn/. */
const CDN_SCRIPT = '/cdn/echo-elements.js';

/** A ref that sets `getToken` on the element, upgraded or not. */
function withToken(element: Pick<EchoElement, 'getToken'> | null): void {
  if (element) element.getToken = getToken;
}

function LateApp({ config }: { config: HostConfig }) {
  const [defined, setDefined] = useState(false);
  useEffect(() => {
    // React has rendered and committed: the tags are still unknown here.
    document.body.dataset.definedAtFirstRender = String(customElements.get('echo-session') !== undefined);
    const script = document.createElement('script');
    script.type = 'module';
    script.src = CDN_SCRIPT;
    document.head.append(script);
    void customElements.whenDefined('echo-session').then(() => setDefined(true));
  }, []);
  return (
    <>
      <header>
        <h1>Elements defined after React's first render</h1>
        <p>
          React renders unknown <code>&lt;echo-*&gt;</code> tags, then this page loads the CDN script. Back to the{' '}
          <a href="./">first page</a>.
        </p>
        <p className="status" role="status" id="status">
          {defined ? 'The elements are defined.' : 'Loading the elements…'}
        </p>
      </header>
      <main>
        <section>
          <h2>Present a case</h2>
          <echo-case-form id="case-form" hub-url={config.hubUrl} ref={withToken} />
        </section>
        <section>
          <h2>Recommendations</h2>
          <echo-recommendation-viewer id="recommendations" hub-url={config.hubUrl} ref={withToken} />
        </section>
        {config.dropInSessionId ? (
          <section>
            <h2>Session open now</h2>
            <echo-session id="session" hub-url={config.hubUrl} session-id={config.dropInSessionId} ref={withToken} />
          </section>
        ) : null}
      </main>
    </>
  );
}

const config = await loadConfig();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LateApp config={config} />
  </StrictMode>,
);
