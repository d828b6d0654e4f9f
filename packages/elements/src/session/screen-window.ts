/**
 * Screen sharing where the host page forbids it. A frame whose `allow` lacks `display-capture` (Moodle's "Embed"
 * launch container allows camera and microphone only) cannot capture the screen: `getDisplayMedia()` fails at once.
 * There `<echo-session>` says so and offers to open the session in a window of its own (`standalone-url`, default
 * the current page), where the top-level page may capture the screen.
 * @packageDocumentation
 */
import { html, type TemplateResult } from 'lit';
import type { SessionTranslation } from '../translations/types.js';

interface PermissionsPolicy {
  allowsFeature(feature: string): boolean;
}

/**
 * Whether this document may capture the screen under its permissions policy (`document.permissionsPolicy`, or
 * Chromium's `document.featurePolicy`). True where the browser cannot tell (Firefox, Safari): then the share
 * button stays and the browser's own answer decides.
 */
export function screenCaptureAllowed(doc: Document = document): boolean {
  const policy =
    (doc as Document & { permissionsPolicy?: PermissionsPolicy }).permissionsPolicy ??
    (doc as Document & { featurePolicy?: PermissionsPolicy }).featurePolicy;
  if (typeof policy?.allowsFeature !== 'function') return true;
  try {
    return policy.allowsFeature('display-capture');
  } catch {
    return true;
  }
}

/** Opens `url` in a new top-level window (no opener: the session there stands on its own). */
export function openInOwnWindow(url: string): void {
  window.open(url, '_blank', 'noopener');
}

/**
 * The note "Screen sharing needs this session in its own window" with its button, where the screen-share control
 * would be (in the call's toolbar, or on the pre-join screen for someone who may share).
 */
export function screenWindowNote(t: SessionTranslation, url: string, where: 'prejoin' | 'controls'): TemplateResult {
  return html`<p part="screen-window" class="screen-window ${where === 'prejoin' ? 'message' : ''}" role="note">
    <span>${t.screenNeedsWindow}</span>
    <button
      type="button"
      part="open-window-button${where === 'controls' ? ' control control-screen-window' : ''}"
      class=${where === 'controls' ? 'control' : 'link'}
      @click=${() => openInOwnWindow(url)}
    >
      ${t.openInWindow}
    </button>
  </p>`;
}
