/**
 * Rendering of the in-session view of `<echo-session>`: stage (grid or screen-share focus), banners, controls,
 * participant list and chat panel.
 * @packageDocumentation
 */
import { MODERATOR_ROLES } from '@teleecho/sdk';
import type { DeviceKind, SessionParticipant } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { SessionTranslation } from '../translations/types.js';
import type { CallController, VideoView } from './call-controller.js';
import { screenWindowNote } from './screen-window.js';

/** Which side panel is open. */
export type Panel = 'none' | 'chat' | 'people' | 'settings';

/** What the view needs from the element. */
export interface CallViewContext {
  t: SessionTranslation;
  call: CallController;
  panel: Panel;
  busy: boolean;
  togglePanel(panel: Panel): void;
  toggleMicrophone(): void;
  toggleCamera(): void;
  toggleScreen(): void;
  toggleHand(): void;
  setLowBandwidth(enabled: boolean): void;
  sendChat(event: SubmitEvent): void;
  leave(): void;
  /** Facilitators: mute someone. */
  muteParticipant(identity: string): void;
  /** Facilitators: lower every hand. */
  lowerAllHands(): void;
  /** Facilitators: put someone in focus for everyone (null: nobody). */
  setSpotlight(identity: string | null): void;
  /** Facilitators: ask to end the session (opens the confirm dialog). */
  askEnd(): void;
  /** Switch a camera, microphone or speaker mid-call. */
  switchDevice(kind: DeviceKind, deviceId: string): void;
  /** Where the frame forbids screen capture: the URL that opens the session in its own window. */
  screenWindowUrl?: string;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

function tile(ctx: CallViewContext, p: SessionParticipant, video: VideoView | undefined): TemplateResult {
  const { t, call } = ctx;
  const speaking = call.speakers[0] === p.identity || p.isSpeaking;
  const label = `${p.name}${p.isLocal ? ` ${t.you}` : ''}`;
  return html`
    <figure
      part="tile${speaking ? ' tile-speaking' : ''}"
      class="tile ${speaking ? 'speaking' : ''} ${call.spotlight === p.identity ? 'spotlight' : ''} ${
        p.isLocal ? 'local' : ''
      }"
      data-identity=${p.identity}
    >
      ${video ? video.element : html`<div class="avatar" aria-hidden="true">${initials(p.name)}</div>`}
      <figcaption class="caption">
        <span class="name"><bdi>${label}</bdi></span>
        ${call.spotlight === p.identity ? html`<span class="badge spot">${t.spotlighted}</span>` : nothing}
        ${p.handRaised ? html`<span class="badge hand">${t.handRaised}</span>` : nothing}
        ${p.microphoneEnabled ? nothing : html`<span class="badge muted">${t.muted}</span>`}
      </figcaption>
    </figure>
  `;
}

function stage(ctx: CallViewContext): TemplateResult {
  const { call, t } = ctx;
  const cameraOf = (id: string) => call.videos.find((v) => v.identity === id && v.source === 'camera');
  const screen = call.videos.find((v) => v.source === 'screen_share');
  // The DOM order stays put (moving a playing <video> pauses it); CSS `order` brings the spotlight and the active
  // speaker first and puts yourself last, so the speaker stays visible on a small screen. Observers publish nothing:
  // they are listed in the participant panel, not given empty tiles (a large session has many of them).
  const people = call.participants.filter((p) => p.role !== 'observer');
  const tiles = people.map((p) => tile(ctx, p, cameraOf(p.identity)));
  if (!screen) {
    return html`<section part="grid" class="grid count-${Math.min(people.length, 9)}" aria-label=${t.videoGrid}>
      ${tiles.length ? tiles : html`<p part="message" class="empty">${t.noSpeakers}</p>`}
    </section>`;
  }
  const sharer = call.participants.find((p) => p.identity === screen.identity);
  return html`
    <section part="focus" class="focus" aria-label=${t.videoGrid}>
      <figure part="screen" class="shared-screen">
        ${screen.element}
        <figcaption class="caption"><bdi>${t.screenOf(sharer?.name ?? screen.identity)}</bdi></figcaption>
      </figure>
      <div part="filmstrip" class="filmstrip">${tiles}</div>
    </section>
  `;
}

function banners(ctx: CallViewContext): TemplateResult {
  const { t, call } = ctx;
  return html`
    ${
      call.reconnecting
        ? html`<p part="banner banner-reconnecting" class="banner warn" role="status">${t.reconnecting}</p>`
        : nothing
    }
    ${
      call.lowBandwidth
        ? html`<p part="banner banner-low-bandwidth" class="banner">
            ${t.lowBandwidthOn}
            <button type="button" class="link" @click=${() => ctx.setLowBandwidth(false)}>
              ${t.lowBandwidthDisable}
            </button>
          </p>`
        : call.lowBandwidthSuggested
          ? html`<p part="banner banner-low-bandwidth" class="banner warn" role="status">
              ${t.lowBandwidthSuggested}
              <button type="button" class="link" @click=${() => ctx.setLowBandwidth(true)}>
                ${t.lowBandwidthEnable}
              </button>
            </p>`
          : nothing
    }
    ${
      call.audioBlocked
        ? html`<p part="banner banner-audio" class="banner warn" role="alert">
            ${t.audioBlocked}
            <button type="button" part="enable-audio-button" class="primary" @click=${() => void call.enableAudio()}>
              ${t.enableAudio}
            </button>
          </p>`
        : nothing
    }
  `;
}

function controls(ctx: CallViewContext): TemplateResult {
  const { t, call } = ctx;
  const session = call.session;
  const me = call.me;
  const can = (source: 'microphone' | 'camera' | 'screen_share') => Boolean(session?.canPublish(source));
  const handUp = Boolean(me?.handRaised);
  const button = (
    name: string,
    label: string,
    pressed: boolean | undefined,
    onClick: () => void,
    extra: TemplateResult | typeof nothing = nothing,
  ) =>
    html`<button
      type="button"
      part="control control-${name}"
      class="control ${name}"
      aria-pressed=${pressed === undefined ? nothing : String(pressed)}
      ?disabled=${ctx.busy}
      @click=${onClick}
    >
      <span>${label}</span>${extra}
    </button>`;
  const unread =
    call.unreadChat > 0 && ctx.panel !== 'chat'
      ? html`<span class="count" aria-label="${call.unreadChat}">${call.unreadChat}</span>`
      : nothing;
  return html`
    <div part="controls" class="controls" role="toolbar" aria-label=${t.controls}>
      ${
        can('microphone')
          ? button(
              'microphone',
              me?.microphoneEnabled ? t.mute : t.unmute,
              !me?.microphoneEnabled,
              ctx.toggleMicrophone,
            )
          : nothing
      }
      ${
        can('camera')
          ? button('camera', me?.cameraEnabled ? t.cameraOff : t.cameraOn, !me?.cameraEnabled, ctx.toggleCamera)
          : nothing
      }
      ${
        !can('screen_share')
          ? nothing
          : ctx.screenWindowUrl !== undefined
            ? screenWindowNote(t, ctx.screenWindowUrl, 'controls')
            : button(
                'screen',
                me?.screenSharing ? t.stopSharing : t.shareScreen,
                Boolean(me?.screenSharing),
                ctx.toggleScreen,
              )
      }
      ${
        session?.role !== 'observer'
          ? button('hand', handUp ? t.lowerHand : t.raiseHand, handUp, ctx.toggleHand)
          : nothing
      }
      ${button('low-bandwidth', t.lowBandwidthEnable, call.lowBandwidth, () => ctx.setLowBandwidth(!call.lowBandwidth))}
      ${button('settings', t.settings, ctx.panel === 'settings', () => ctx.togglePanel('settings'))}
      ${button('chat', t.chat, ctx.panel === 'chat', () => ctx.togglePanel('chat'), unread)}
      ${button(
        'people',
        t.participants,
        ctx.panel === 'people',
        () => ctx.togglePanel('people'),
        html`<span class="count">${call.participants.length}</span>`,
      )}
      <span
        part="quality"
        class="quality ${call.quality}"
        role="img"
        aria-label=${t.quality(call.quality)}
        title=${t.quality(call.quality)}
        ><i></i><i></i><i></i
      ></span>
      ${MODERATOR_ROLES.includes(session?.role ?? 'observer') ? button('end', t.endSession, undefined, ctx.askEnd) : nothing}
      ${button('leave', t.leave, undefined, ctx.leave)}
    </div>
  `;
}

function peoplePanel(ctx: CallViewContext): TemplateResult {
  const { t, call } = ctx;
  const moderator = MODERATOR_ROLES.includes(call.session?.role ?? 'observer');
  const handOrder = new Map(call.hands.map((h, i) => [h.identity, i]));
  const people = [...call.participants].sort(
    (a, b) => (handOrder.get(a.identity) ?? 1e9) - (handOrder.get(b.identity) ?? 1e9) || a.name.localeCompare(b.name),
  );
  return html`
    <aside part="panel people-panel" class="panel" aria-labelledby="people-heading">
      <header class="panel-head">
        <h2 id="people-heading">${t.participants} (${people.length})</h2>
        <button type="button" class="close" @click=${() => ctx.togglePanel('none')}>${t.close}</button>
      </header>
      ${
        call.hands.length
          ? html`<h3>${t.raisedHands}</h3>
              <ol part="hands" class="hands">
                ${call.hands.map((h) => html`<li><bdi>${h.name}</bdi></li>`)}
              </ol>
              ${
                moderator
                  ? html`<button type="button" part="lower-all-button" @click=${ctx.lowerAllHands}>
                      ${t.lowerAllHands}
                    </button>`
                  : nothing
              }`
          : nothing
      }
      <ul part="participant-list" class="people">
        ${people.map(
          (p) =>
            html`<li part="participant" data-identity=${p.identity}>
              <span class="name"><bdi>${p.name}</bdi> ${p.isLocal ? t.you : ''}</span>
              <span class="role">${t.role(p.role)}</span>
              ${
                p.handRaised
                  ? html`<span class="badge hand">${t.handRaised} ${(handOrder.get(p.identity) ?? 0) + 1}</span>`
                  : nothing
              }
              ${
                moderator
                  ? html`<span class="moderate">
                      <button
                        type="button"
                        part="spotlight-button"
                        class="spot"
                        aria-pressed=${String(call.spotlight === p.identity)}
                        aria-label=${t.spotlightParticipant(p.name)}
                        @click=${() => ctx.setSpotlight(call.spotlight === p.identity ? null : p.identity)}
                      >
                        ${t.spotlight}
                      </button>
                      ${
                        !p.isLocal && p.microphoneEnabled
                          ? html`<button
                              type="button"
                              part="mute-participant-button"
                              class="mute-other"
                              aria-label=${t.muteParticipant(p.name)}
                              @click=${() => ctx.muteParticipant(p.identity)}
                            >
                              ${t.mute}
                            </button>`
                          : nothing
                      }
                    </span>`
                  : nothing
              }
            </li>`,
        )}
      </ul>
    </aside>
  `;
}

function chatPanel(ctx: CallViewContext): TemplateResult {
  const { t, call } = ctx;
  const canSend = call.session?.role !== 'observer';
  return html`
    <aside part="panel chat-panel" class="panel" aria-labelledby="chat-heading">
      <header class="panel-head">
        <h2 id="chat-heading">${t.chat}</h2>
        <button type="button" class="close" @click=${() => ctx.togglePanel('none')}>${t.close}</button>
      </header>
      <ol part="chat-log" class="chat-log" tabindex="0" aria-label=${t.chat}>
        ${call.chat.length === 0 ? html`<li class="muted">${t.noMessages}</li>` : nothing}
        ${call.chat.map(
          (m) =>
            html`<li part="chat-message" class=${m.local ? 'mine' : ''}>
              <b><bdi>${m.name}</bdi></b> <span><bdi>${m.text}</bdi></span>
            </li>`,
        )}
      </ol>
      ${
        canSend
          ? html`<form part="chat-form" class="chat-form" @submit=${ctx.sendChat}>
              <label class="visually-hidden" for="chat-input">${t.message}</label>
              <input
                id="chat-input"
                name="text"
                autocomplete="off"
                maxlength="2000"
                placeholder=${t.message}
                required
              />
              <button type="submit" class="primary">${t.send}</button>
            </form>`
          : nothing
      }
    </aside>
  `;
}

function settingsPanel(ctx: CallViewContext): TemplateResult {
  const { t, call } = ctx;
  const session = call.session;
  const picker = (kind: DeviceKind, label: string) => {
    const devices = call.devices[kind];
    if (!devices.length) return nothing;
    const active = session?.activeDevice(kind);
    return html`<label class="device"
      ><span>${label}</span>
      <select
        part="device-select"
        data-kind=${kind}
        ?disabled=${ctx.busy}
        @change=${(e: Event) => ctx.switchDevice(kind, (e.target as HTMLSelectElement).value)}
      >
        ${devices.map(
          (d, i) =>
            html`<option value=${d.deviceId} ?selected=${d.deviceId === active}>
              ${d.label || `${t.deviceDefault} ${i + 1}`}
            </option>`,
        )}
      </select></label
    >`;
  };
  return html`
    <aside part="panel settings-panel" class="panel" aria-labelledby="settings-heading">
      <header class="panel-head">
        <h2 id="settings-heading">${t.settings}</h2>
        <button type="button" class="close" @click=${() => ctx.togglePanel('none')}>${t.close}</button>
      </header>
      <div class="settings">
        ${session?.canPublish('camera') ? picker('videoinput', t.camera) : nothing}
        ${session?.canPublish('microphone') ? picker('audioinput', t.microphone) : nothing}
        ${picker('audiooutput', t.speaker)}
      </div>
    </aside>
  `;
}

const panels: Record<Exclude<Panel, 'none'>, (ctx: CallViewContext) => TemplateResult> = {
  chat: chatPanel,
  people: peoplePanel,
  settings: settingsPanel,
};

/** The whole in-session view. */
export function renderCall(ctx: CallViewContext): TemplateResult {
  return html`
    <div class="call ${ctx.panel !== 'none' ? 'with-panel' : ''}">
      ${banners(ctx)}
      <div class="main">${stage(ctx)} ${ctx.panel === 'none' ? nothing : panels[ctx.panel](ctx)}</div>
      ${controls(ctx)}
      <div class="audio" hidden>${ctx.call.audios}</div>
    </div>
  `;
}
