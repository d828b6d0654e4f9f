/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define/echo-session.js';
import type { EchoErrorEvent } from '../events/echo-error.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import type { TestHub } from '../testing/fixtures.js';
import { cleanup, createSession, fixture, shadow, shadowAll, testHub, waitFor } from '../testing/fixtures.js';
import type { EchoSessionElement } from './echo-session.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;
const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

/** Makes getUserMedia fail as a browser does when permission is refused or no device exists. */
function failMedia(name: 'NotAllowedError' | 'NotFoundError'): void {
  navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('simulated', name));
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

  it('shows a clear error and emits echo-error when joining fails (this hub has no LiveKit)', async () => {
    const el = await mount();
    const errors: EchoErrorEvent[] = [];
    el.addEventListener('echo-error', (e) => errors.push(e));
    shadow<HTMLButtonElement>(el, '[part="join-button"]')?.click();
    const message = await waitFor(() => shadow(el, '.message.error[role="alert"]'), 'the join error');
    expect(message.textContent).to.contain(en.session.joinFailed);
    expect(errors.length).to.equal(1);
    expect(shadow<HTMLButtonElement>(el, '[part="join-button"]')?.disabled).to.equal(false);
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
