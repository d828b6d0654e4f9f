/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define/echo-session.js';
import type { EchoErrorEvent } from '../events/echo-error.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { pt } from '../translations/pt.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import {
  cleanup,
  createSession,
  fixture,
  hubCall,
  shadow,
  shadowAll,
  testHub,
  waitFor,
} from '@teleecho/test-kit/elements';
import type { EchoSessionElement } from './echo-session.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;
const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

/** Makes getUserMedia fail as a browser does when permission is refused or no device exists. */
function failMedia(name: 'NotAllowedError' | 'NotFoundError'): void {
  navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('simulated', name));
}

/** Whether the camera preview shows moving frames. */
function playing(el: Element): boolean {
  const video = shadow<HTMLVideoElement>(el, 'video[part="preview"]');
  return Boolean(video && video.videoWidth > 0 && !video.paused && video.srcObject);
}

/** Counts `POST …/join` requests made through `fetch` on this page (until `restore()`). */
function countJoinRequests(): { count: number; restore(): void } {
  const realFetch = window.fetch;
  const counter = {
    count: 0,
    restore: () => {
      window.fetch = realFetch;
    },
  };
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/\/v1\/sessions\/[^/]+\/join$/.test(url)) counter.count += 1;
    return realFetch(input, init);
  };
  return counter;
}

describe('<echo-session> pre-join', () => {
  let hub: TestHub;
  let sessionId: string;

  before(async () => {
    hub = await testHub();
    const startsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    sessionId = (
      await createSession(hub.programId, {
        title: 'TB ECHO: drug-resistant TB',
        topic: 'MDR-TB',
        startsAt,
        durationMinutes: 90,
      })
    ).id;
  });
  afterEach(() => {
    cleanup();
    navigator.mediaDevices.getUserMedia = realGetUserMedia;
  });

  async function mount(attributes = '', token = hub.tokens.participant): Promise<EchoSessionElement> {
    const el = fixture<EchoSessionElement>(
      `<echo-session hub-url="${hub.url}" token="${token}" session-id="${sessionId}" ${attributes}></echo-session>`,
    );
    await waitFor(() => shadow(el, '[part="join-button"]'), 'the pre-join screen');
    return el;
  }

  it('shows the session title and time, a live camera preview, a microphone meter and device pickers', async () => {
    const el = await mount();
    expect(shadow(el, '[part="title"]')?.textContent).to.contain('TB ECHO: drug-resistant TB');
    expect(shadow(el, 'time[part="time"]')?.getAttribute('datetime')).to.match(/^\d{4}-/);
    const video = await waitFor(() => shadow<HTMLVideoElement>(el, 'video[part="preview"]'), 'the camera preview');
    await waitFor(() => video.videoWidth > 0, 'preview frames');
    expect(shadow(el, 'meter[part="meter"]')).to.not.equal(null);
    await waitFor(() => shadowAll(el, 'select[part="device-select"]').length >= 2, 'camera and microphone pickers');
    const labels = shadowAll(el, '.device span').map((s) => s.textContent);
    expect(labels).to.include.members([en.session.camera, en.session.microphone]);
    expect(shadow(el, '[part="join-button"]')?.textContent?.trim()).to.equal(en.session.join);
    expect(shadow(el, '[part="audio-only-button"]')?.textContent?.trim()).to.equal(en.session.joinAudioOnly);
  });

  it('has no axe violations', async () => {
    const el = await mount();
    await waitFor(() => shadow(el, 'video[part="preview"]'), 'the camera preview');
    const result = await axe.run(el, { rules: { region: { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);
  });

  it('explains refused camera/microphone permission, with the iframe allow hint, and still lets you join', async () => {
    failMedia('NotAllowedError');
    const el = await mount();
    const alert = await waitFor(() => shadow(el, '[role="alert"]'), 'the permission message');
    expect(alert.textContent).to.contain(en.session.devicesDenied);
    expect(alert.textContent).to.contain('allow="camera; microphone; display-capture; autoplay"');
    expect(shadow(el, 'video[part="preview"]')).to.equal(null);
    expect(shadow<HTMLButtonElement>(el, '[part="join-button"]')?.disabled).to.equal(false);
  });

  it('says when no camera or microphone exists', async () => {
    failMedia('NotFoundError');
    const el = await mount();
    const alert = await waitFor(() => shadow(el, '[role="alert"]'), 'the missing-device message');
    expect(alert.textContent).to.contain(en.session.devicesMissing);
  });

  it('speaks the page’s language (lang="es")', async () => {
    const el = await mount('lang="es"');
    expect(shadow(el, '[part="join-button"]')?.textContent?.trim()).to.equal(es.session.join);
    expect(shadow(el, '[part="audio-only-button"]')?.textContent?.trim()).to.equal(es.session.joinAudioOnly);
  });

  it('is keyboard reachable: Tab moves through the device pickers to the join buttons', async () => {
    const el = await mount();
    await waitFor(() => shadowAll(el, 'select[part="device-select"]').length >= 2, 'device pickers');
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot?.activeElement;
      if (active) reached.push(active.getAttribute('part') ?? active.tagName);
    }
    expect(reached).to.include('device-select');
    expect(reached).to.include('join-button');
    expect(reached).to.include('audio-only-button');
  });

  it('on a hub without video: says so, gives the host the code, asks once, and brings the camera preview back', async () => {
    const joins = countJoinRequests();
    try {
      const el = await mount();
      await waitFor(() => playing(el), 'the camera preview before joining');
      const errors: EchoErrorEvent[] = [];
      el.addEventListener('echo-error', (e) => errors.push(e));
      shadow<HTMLButtonElement>(el, '[part="join-button"]')?.click();
      const message = await waitFor(() => shadow(el, '.message.error[role="alert"]'), 'the join error');
      expect(message.textContent).to.contain(en.session.videoNotSetUp);
      expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['livekit_not_configured']);
      await waitFor(() => playing(el), 'the camera preview after the failed join');
      // Nobody on this page can fix it: joining is not offered again, and nothing asks the hub again by itself.
      expect(shadow<HTMLButtonElement>(el, '[part="join-button"]')?.disabled).to.equal(true);
      expect(shadow<HTMLButtonElement>(el, '[part="audio-only-button"]')?.disabled).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // longer than the client's whole retry schedule
      expect(joins.count, 'join requests').to.equal(1);
    } finally {
      joins.restore();
    }
  });

  it('says "Video is not set up on this hub" in the page’s language (lang="pt")', async () => {
    const el = await mount('lang="pt"');
    shadow<HTMLButtonElement>(el, '[part="join-button"]')?.click();
    const message = await waitFor(() => shadow(el, '.message.error[role="alert"]'), 'the join error');
    expect(message.textContent).to.contain(pt.session.videoNotSetUp);
  });

  it('tells an observer they join listen-only, without an audio-only button, and never asks for camera or mic', async () => {
    const asked: MediaStreamConstraints[] = [];
    navigator.mediaDevices.getUserMedia = (constraints) => {
      asked.push(constraints ?? {});
      return realGetUserMedia(constraints);
    };
    // The pre-join screen lists devices once it has chosen whether to capture: for an observer, instead of capturing.
    const realEnumerate = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
    let listed = false;
    navigator.mediaDevices.enumerateDevices = async () => {
      const devices = await realEnumerate();
      listed = true;
      return devices;
    };
    let el: EchoSessionElement;
    try {
      el = await mount('', hub.tokens.observer);
      await waitFor(() => listed, 'the pre-join screen to list devices');
    } finally {
      navigator.mediaDevices.enumerateDevices = realEnumerate;
    }
    expect(shadow(el, '.prejoin')?.textContent).to.contain(en.session.listenOnly);
    expect(shadow(el, '[part="audio-only-button"]')).to.equal(null);
    expect(asked).to.deep.equal([]);
    expect(shadow(el, 'video[part="preview"]')).to.equal(null);
    expect(shadow(el, 'meter[part="meter"]')).to.equal(null);
    expect(shadow(el, '[role="alert"]'), 'no "camera missing" warning for a listener').to.equal(null);
  });

  it('says it is not set up without a token', async () => {
    const el = fixture<EchoSessionElement>(`<echo-session hub-url="${hub.url}" session-id="x"></echo-session>`);
    await waitFor(() => shadow(el, '[part="message"]'), 'the message');
    expect(shadow(el, '[part="message"]')?.textContent).to.contain(en.errorNotConfigured);
  });
});

describe('<echo-session> before the room opens', () => {
  let hub: TestHub;
  /** A session starting in two hours: its room opens in an hour and a half. */
  const later = async () =>
    (
      await createSession(hub.programId, {
        title: 'HCV ECHO: treatment failures',
        topic: 'DAA retreatment',
        startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        durationMinutes: 60,
      })
    ).id;
  const mount = async (sessionId: string, token: string, attributes = '') => {
    const el = fixture<EchoSessionElement>(
      `<echo-session hub-url="${hub.url}" token="${token}" session-id="${sessionId}" ${attributes}></echo-session>`,
    );
    await waitFor(() => shadow(el, '[part="opening"]'), 'the waiting screen');
    return el;
  };
  const countdown = (el: Element) => shadow(el, '[part="countdown"]')?.textContent?.trim() ?? '';

  before(async () => {
    hub = await testHub();
  });
  afterEach(() => cleanup());

  it('a participant sees when it opens with a live countdown, no join button, and joins by itself when it opens', async () => {
    const sessionId = await later();
    const el = await mount(sessionId, hub.tokens.participant);
    const errors: EchoErrorEvent[] = [];
    el.addEventListener('echo-error', (e) => errors.push(e));
    expect(shadow(el, '[part="opening"]')?.textContent).to.contain(en.session.joinsWhenOpen);
    expect(shadow(el, '.opens-at')?.textContent?.trim()).to.match(/^Opens at \d/);
    const first = countdown(el);
    expect(first).to.match(/^Opens in 1:(29|30):\d\d$/);
    await waitFor(() => countdown(el) !== first, 'the countdown to move');
    expect(shadow(el, '[part="join-button"]'), 'no join button before it opens').to.equal(null);
    expect(shadow(el, '[part="open-now-button"]'), 'participants cannot open it').to.equal(null);
    await waitFor(() => shadow(el, 'video[part="preview"]'), 'the device check meanwhile');

    await hubCall('POST', `/v1/sessions/${sessionId}/open`, {}); // a facilitator, elsewhere
    // It joins on the hub's event: this hub has no video, so the join ends in that message (and its code).
    const message = await waitFor(() => shadow(el, '.message.error[role="alert"]'), 'the join attempt');
    expect(message.textContent).to.contain(en.session.videoNotSetUp);
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['livekit_not_configured']);
    expect(shadow(el, '[part="opening"]'), 'no countdown once open').to.equal(null);
    await waitFor(() => playing(el), 'the camera preview back after the failed join');
  });

  it('shows facilitators "Open session now": it opens the room on the hub and everyone waiting joins', async () => {
    const sessionId = await later();
    const participant = await mount(sessionId, hub.tokens.participant);
    const facilitator = await mount(sessionId, hub.tokens.facilitator);
    const button = shadow<HTMLButtonElement>(facilitator, '[part="open-now-button"]');
    expect(button?.textContent?.trim()).to.equal(en.session.openNow);
    expect(shadow(participant, '[part="open-now-button"]')).to.equal(null);
    const errors: string[] = [];
    const record = (e: EchoErrorEvent) => errors.push(e.detail.error.code);
    document.addEventListener('echo-error', record);
    try {
      button?.click();
      for (const el of [facilitator, participant]) {
        await waitFor(() => shadow(el, '.message.error[role="alert"]'), 'a join attempt on both pages');
        expect(shadow(el, '.message.error')?.textContent).to.contain(en.session.videoNotSetUp);
      }
    } finally {
      document.removeEventListener('echo-error', record);
    }
    expect(errors).to.deep.equal(['livekit_not_configured', 'livekit_not_configured']);
    const session = await hubCall<{ openedAt?: string; openedBy?: { id: string; role: string } }>(
      'GET',
      `/v1/sessions/${sessionId}`,
    );
    expect(session.openedAt, 'opened on the hub').to.be.a('string');
    expect(session.openedBy?.role).to.equal('facilitator');
  });

  it('speaks the page’s language and has no axe violations while waiting', async () => {
    const sessionId = await later();
    const el = await mount(sessionId, hub.tokens.facilitator, 'lang="es"');
    expect(shadow(el, '[part="open-now-button"]')?.textContent?.trim()).to.equal(es.session.openNow);
    expect(countdown(el)).to.match(/^Se abre en 1:\d\d:\d\d$/);
    const result = await axe.run(el, { rules: { region: { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).to.deep.equal([]);
  });
});
