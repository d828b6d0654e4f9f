/**
 * Rendering of the pre-join screen of `<echo-session>`: the session's title and time, the wait for its room to open,
 * the camera preview and microphone meter, device messages, device pickers and the join buttons.
 * @packageDocumentation
 */
import type { SessionWithAgenda } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { SessionTranslation } from '../translations/types.js';
import type { DeviceLists, MediaPreviewController } from './media-preview.js';
import { renderOpening, type SessionOpeningController } from './opening.js';
import { screenWindowNote } from './screen-window.js';

/** What the pre-join view needs from the element. */
export interface PrejoinViewContext {
  t: SessionTranslation;
  /** BCP 47 tag of the element's language. */
  lang: string;
  dateTime(date: string, options: Intl.DateTimeFormatOptions): string;
  duration(minutes: number): string;
  info?: SessionWithAgenda;
  preview: MediaPreviewController;
  opening: SessionOpeningController;
  /** A join is in flight. */
  joining: boolean;
  /** An action (opening the room) is in flight. */
  busy: boolean;
  /** The token only listens (observers). */
  listenOnly: boolean;
  /** The role may share a screen. */
  mayShare: boolean;
  /** The person may open the room early. */
  mayOpen: boolean;
  /** Joining cannot work until the hub's operator changes something: the join buttons stay disabled. */
  cannotJoin: boolean;
  /** The error to show, translated; none when nothing failed (or the waiting panel already says it). */
  errorMessage?: string;
  /** Where the frame forbids screen capture: the URL that opens the session in its own window. */
  screenWindowUrl?: string;
  join(options?: { audioOnly?: boolean }): void;
  openNow(): void;
  /** Starts loading the video library (the user is about to join). */
  preload(): void;
}

function picker(ctx: PrejoinViewContext, kind: keyof DeviceLists, label: string, selected: string | undefined) {
  const { t, preview: p } = ctx;
  return p.devices[kind].length
    ? html`<label class="device"
        ><span>${label}</span>
        <select
          part="device-select"
          ?disabled=${ctx.joining}
          @change=${(e: Event) => void p.choose(kind, (e.target as HTMLSelectElement).value)}
        >
          ${p.devices[kind].map(
            (d, i) =>
              html`<option value=${d.deviceId} ?selected=${d.deviceId === selected}>
                ${d.label || `${t.deviceDefault} ${i + 1}`}
              </option>`,
          )}
        </select></label
      >`
    : nothing;
}

function joinButtons(ctx: PrejoinViewContext): TemplateResult {
  const { t } = ctx;
  const disabled = ctx.joining || ctx.cannotJoin;
  return html`
    <div class="actions">
      <button
        part="join-button"
        type="button"
        class="primary"
        ?disabled=${disabled}
        @pointerenter=${ctx.preload}
        @focus=${ctx.preload}
        @click=${() => ctx.join()}
      >
        ${ctx.joining ? t.joining : t.join}
      </button>
      ${
        ctx.listenOnly
          ? nothing
          : html`<button
              part="audio-only-button"
              type="button"
              ?disabled=${disabled}
              @pointerenter=${ctx.preload}
              @focus=${ctx.preload}
              @click=${() => ctx.join({ audioOnly: true })}
            >
              ${t.joinAudioOnly}
            </button>`
      }
    </div>
  `;
}

/** The pre-join screen. */
export function renderPrejoin(ctx: PrejoinViewContext): TemplateResult {
  const { t, preview: p, info } = ctx;
  const waiting = Boolean(ctx.opening.window) && !ctx.joining;
  const embedded = window.self !== window.top;
  return html`
    <section part="prejoin" class="prejoin" aria-labelledby="title">
      <header class="heading">
        <h2 id="title" part="title"><bdi>${info?.title ?? t.readyToJoin}</bdi></h2>
        ${
          info
            ? html`<p class="when">
                <time part="time" datetime=${info.startsAt}
                  >${ctx.dateTime(info.startsAt, { dateStyle: 'full', timeStyle: 'short' })}</time
                >
                · ${ctx.duration(info.durationMinutes)}
              </p>`
            : nothing
        }
      </header>
      ${
        waiting
          ? renderOpening({
              t,
              lang: ctx.lang,
              dateTime: ctx.dateTime,
              opening: ctx.opening,
              canOpen: ctx.mayOpen,
              busy: ctx.busy,
              openNow: ctx.openNow,
            })
          : nothing
      }
      <div class="preview-wrap">
        ${
          p.hasCamera
            ? html`<video
                part="preview"
                class="preview"
                aria-label=${t.cameraPreview}
                autoplay
                playsinline
                muted
                .srcObject=${p.stream ?? null}
              ></video>`
            : html`<div class="preview none" aria-hidden="true"></div>`
        }
        ${
          p.hasMicrophone
            ? html`<meter
                part="meter"
                class="meter"
                aria-label=${t.micLevel}
                min="0"
                max="1"
                low="0.1"
                high="0.8"
                optimum="0.5"
                .value=${p.level}
              ></meter>`
            : nothing
        }
      </div>
      ${
        p.problem
          ? html`<div part="message" class="message warn" role="alert">
              <p>${p.problem === 'denied' ? t.devicesDenied : t.devicesMissing}</p>
              ${embedded || p.problem === 'denied' ? html`<p class="hint">${t.iframeHint}</p>` : nothing}
            </div>`
          : nothing
      }
      ${ctx.errorMessage ? html`<p part="message" class="message error" role="alert">${ctx.errorMessage}</p>` : nothing}
      ${ctx.listenOnly ? html`<p part="message" class="message">${t.listenOnly}</p>` : nothing}
      ${ctx.screenWindowUrl && ctx.mayShare ? screenWindowNote(t, ctx.screenWindowUrl, 'prejoin') : nothing}
      <div class="devices">
        ${picker(ctx, 'videoinput', t.camera, p.cameraId ?? p.stream?.getVideoTracks()[0]?.getSettings().deviceId)}
        ${picker(ctx, 'audioinput', t.microphone, p.microphoneId ?? p.stream?.getAudioTracks()[0]?.getSettings().deviceId)}
        ${picker(ctx, 'audiooutput', t.speaker, p.speakerId)}
      </div>
      ${waiting ? nothing : joinButtons(ctx)}
    </section>
  `;
}
