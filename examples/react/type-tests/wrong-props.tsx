// Deliberately wrong uses of the generated JSX types (scripts/framework-types.test.mjs compiles this file and expects
// tsc to report exactly the lines marked `// error`, and nothing else). If '@teleecho/elements/react' stopped typing
// the elements (or typed them loosely), these lines would compile and the test would fail.
export const wrong = (
  <>
    <echo-session lowBandwidth="yes" /> {/* error: a boolean property */}
    <echo-session getToken="a-token" /> {/* error: a function property */}
    <echo-case-form templateId={42} /> {/* error: a string property */}
    <echo-case-form hub-url={false} /> {/* error: a string attribute */}
    <echo-case-form onecho-case-submitted={(event: { detail: { nope: number } }) => event} /> {/* error: event */}
    <echo-recommendation-viewer caseid="x" /> {/* error: no such prop */}
    <echo-sesion /> {/* error: no such element */}
  </>
);

// and right ones, so the fixture itself is sound
export const right = (
  <>
    <echo-session lowBandwidth session-id="ses_1" getToken={() => 'token'} />
    <echo-case-form templateId="tpl_1" onecho-case-submitted={(event) => event.detail.caseId} />
    <echo-recommendation-viewer caseId="cas_1" className="viewer" />
  </>
);
