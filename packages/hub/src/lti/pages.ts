/**
 * The tool's HTML pages. No inline script or style anywhere: behaviour comes from files under `/lti/assets/`, so
 * the pages run under {@link pageCsp} (no `unsafe-inline`, no eval, Trusted Types).
 * @packageDocumentation
 */
import type { Session } from '@teleecho/sdk';
import { dirOf, textsFor, type LtiTexts } from './texts.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
const e = escapeHtml;

/** The Content-Security-Policy of every LTI page; `connect` adds origins the page may call (LiveKit). */
export function pageCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "object-src 'none'",
    "base-uri 'none'",
    // Form posts go back to the platform (Deep Linking return URL, OIDC auth endpoint).
    'form-action *',
    // LMS pages frame the tool.
    'frame-ancestors *',
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

function layout(lang: string, title: string, body: string, scripts: string[] = []): string {
  const tags = scripts.map((src) => `<script type="module" src="${e(src)}"></script>`).join('\n    ');
  return `<!doctype html>
<html lang="${e(lang)}"${dirOf(lang) === 'rtl' ? ' dir="rtl"' : ''}>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${e(title)}</title>
    <link rel="stylesheet" href="/lti/assets/lti.css" />
    ${tags}
  </head>
  <body>
${body}
  </body>
</html>
`;
}

/** Inputs of {@link sessionPage}. */
export interface SessionPageInput {
  lang: string;
  hubUrl: string;
  session: Session;
  token: string;
  userName: string;
  role: 'facilitator' | 'participant' | 'observer';
  /** Opens this page in a window of its own (the element's button where the frame forbids screen capture). */
  standaloneUrl?: string;
}

/** The page a resource-link launch opens: `<echo-session>` for the launching user. */
export function sessionPage(input: SessionPageInput): string {
  const t = textsFor(input.lang);
  const body = `    <header class="lti-header">
      <h1>${e(input.session.title)}</h1>
      <p class="lti-who" id="lti-who">${e(t.signedInAs)} <strong id="lti-user">${e(input.userName)}</strong>
        · <span id="lti-role" data-role="${e(input.role)}">${e(t.roles[input.role])}</span></p>
    </header>
    <main class="lti-main">
      <echo-session hub-url="${e(input.hubUrl)}" session-id="${e(input.session.id)}" token="${e(input.token)}"
        lang="${e(input.lang)}"${input.standaloneUrl ? ` standalone-url="${e(input.standaloneUrl)}"` : ''}></echo-session>
    </main>`;
  return layout(input.lang, `${input.session.title} — teleECHO`, body, ['/lti/assets/echo-elements.js']);
}

/** A refused launch or login: what happened, the stable code, and what to do. */
export function errorPage(lang: string, status: number, code: string, detail: string): string {
  const t = textsFor(lang);
  const body = `    <main class="lti-main lti-error" role="alert" data-status="${status}">
      <h1>${e(t.errorTitle)}</h1>
      <p class="lti-detail">${e(detail)}</p>
      <p>${e(code === 'lti_tool_pending' ? t.pendingHint : t.errorHint)}</p>
      <p class="lti-code">${e(t.errorCode)}: <code id="lti-code">${e(code)}</code></p>
    </main>`;
  return layout(lang, t.errorTitle, body);
}

/** A choice of the Deep Linking picker. */
export interface PickerChoice {
  value: string;
  label: string;
  when?: string;
}

/** The Deep Linking picker: upcoming sessions and whole recurring series. */
export function pickerPage(lang: string, ticket: string, upcoming: PickerChoice[], series: PickerChoice[]): string {
  const t = textsFor(lang);
  const group = (legend: string, choices: PickerChoice[], first: boolean): string =>
    choices.length
      ? `<fieldset class="lti-choices"><legend>${e(legend)}</legend>
        ${choices
          .map(
            (c, i) =>
              `<label class="lti-choice"><input type="radio" name="choice" value="${e(c.value)}"${
                first && i === 0 ? ' checked' : ''
              } required /> <span>${e(c.label)}</span>${c.when ? ` <time datetime="${e(c.when)}">${e(c.when.slice(0, 16).replace('T', ' '))} UTC</time>` : ''}</label>`,
          )
          .join('\n        ')}
      </fieldset>`
      : '';
  const body = `    <main class="lti-main">
      <h1>${e(t.pickerTitle)}</h1>
      <p>${e(t.pickerIntro)}</p>
      <form method="post" action="/lti/deep-link" class="lti-picker">
        <input type="hidden" name="ticket" value="${e(ticket)}" />
        ${upcoming.length || series.length ? '' : `<p>${e(t.noSessions)}</p>`}
        ${group(t.upcoming, upcoming, true)}
        ${group(t.series, series, !upcoming.length)}
        <div class="lti-actions">
          <button type="submit" name="action" value="add"${upcoming.length || series.length ? '' : ' disabled'}>${e(t.add)}</button>
          <button type="submit" name="action" value="cancel" formnovalidate class="secondary">${e(t.cancel)}</button>
        </div>
      </form>
    </main>`;
  return layout(lang, t.pickerTitle, body);
}

/** A form posted automatically by `/lti/assets/autosubmit.js` (with a visible button when scripts are off). */
export function autoPostPage(lang: string, action: string, fields: Record<string, string>): string {
  const t: LtiTexts = textsFor(lang);
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}" />`)
    .join('\n        ');
  const body = `    <main class="lti-main">
      <form method="post" action="${e(action)}" data-autosubmit>
        ${inputs}
        <p role="status">${e(t.returning)}</p>
        <button type="submit">${e(t.continue)}</button>
      </form>
    </main>`;
  return layout(lang, t.returning, body, ['/lti/assets/autosubmit.js']);
}

/**
 * The LTI client-side OIDC step: `/lti/assets/lti-storage.js` stores (`lti.put_data`) or checks (`lti.get_data`) the
 * state in the platform's frame (`lti_storage_target`), then follows `next` (a URL to go to, or the form to post).
 */
export function storagePage(
  lang: string,
  mode: 'put' | 'check',
  data: { target: string; origin: string; state: string; nonce?: string; next?: string },
  form?: { action: string; fields: Record<string, string> },
): string {
  const t = textsFor(lang);
  const attrs = [
    `data-mode="${mode}"`,
    `data-target="${e(data.target)}"`,
    `data-origin="${e(data.origin)}"`,
    `data-state="${e(data.state)}"`,
    data.nonce ? `data-nonce="${e(data.nonce)}"` : '',
    data.next ? `data-next="${e(data.next)}"` : '',
  ].join(' ');
  const formHtml = form
    ? `<form method="post" action="${e(form.action)}" id="lti-next" hidden>
        ${Object.entries(form.fields)
          .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}" />`)
          .join('\n        ')}
      </form>`
    : '';
  const body = `    <main class="lti-main" id="lti-storage" ${attrs} data-failed="${e(t.checkFailed)}">
      <p role="status" id="lti-storage-status">${e(t.checking)}</p>
      ${formHtml}
    </main>`;
  return layout(lang, t.checking, body, ['/lti/assets/lti-storage.js']);
}

/**
 * After dynamic registration: says so — that the platform may list the tool as pending until an administrator
 * activates it, and when the platform did not say which services it granted — and posts `org.imsglobal.lti.close`
 * to the platform (close.js).
 */
export function registeredPage(lang: string, platformName: string, scopesUnknown = false): string {
  const t = textsFor(lang);
  const body = `    <main class="lti-main" data-lti-close>
      <h1 role="status">${e(t.registered(platformName))}</h1>
      <p id="lti-activate">${e(t.activateHint)}</p>
      ${scopesUnknown ? `<p id="lti-scopes-unknown">${e(t.scopesUnknown(platformName))}</p>` : ''}
      <p>${e(t.registeredHint)}</p>
    </main>`;
  return layout(lang, t.registered(platformName), body, ['/lti/assets/close.js']);
}
