/**
 * The base class of every teleECHO element.
 * @packageDocumentation
 */
import { ContextConsumer } from '@lit/context';
import { createEchoClient, EchoError } from '@teleecho/sdk';
import type { EchoClient, TokenProvider } from '@teleecho/sdk';
import { LitElement } from 'lit';
import type { CSSResultGroup, PropertyDeclarations, PropertyValues, ReactiveElement } from 'lit';
import type { EchoDomEvent } from '../events/echo-dom-event.js';
import { echoClientContext } from './context.js';
import { LocalizeController } from './localize.js';
import { hostStyles } from './styles.js';
import { VERSION } from './version.js';

const warnedTags = new Set<string>();

/**
 * Takes off `element` the own properties that hide a setter of its class (set before the class was defined) and
 * returns them, to be set again through the setter. Lit's reactive properties are left to Lit, which does the same.
 */
function ownAccessorValues(element: ReactiveElement): Map<string, unknown> | undefined {
  const reactive = (element.constructor as typeof ReactiveElement).elementProperties;
  let found: Map<string, unknown> | undefined;
  for (const key of Object.keys(element)) {
    if (reactive.has(key) || !hasSetter(Object.getPrototypeOf(element) as object | null, key)) continue;
    found ??= new Map();
    found.set(key, (element as unknown as Record<string, unknown>)[key]);
    delete (element as unknown as Record<string, unknown>)[key];
  }
  return found;
}

function hasSetter(proto: object | null, key: string): boolean {
  for (let p = proto; p && p !== HTMLElement.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key);
    if (descriptor) return typeof descriptor.set === 'function';
  }
  return false;
}

/**
 * Base of every teleECHO element: registration that survives a page loading the library twice, typed events,
 * localisation, theming, and the hub client (its own from `hub-url` + `token`/`getToken`, or the one shared by an
 * enclosing `<echo-provider>`).
 *
 * Subclasses set `static tagName`, render with `this.localize`, and react to `changed.has('client')` in
 * `willUpdate()` (after calling `super.willUpdate(changed)`, which resolves the client) or in `updated()`.
 */
export class EchoElement extends LitElement {
  /** Version of `@teleecho/elements` this class comes from. */
  static readonly version: string = VERSION;

  /** Shared host styles (theme tokens, reset, focus rings); subclasses add theirs: `[hostStyles, own]`. */
  static override styles: CSSResultGroup = hostStyles;

  /** The tag `define()` registers by default, e.g. `"echo-schedule"`. */
  static tagName = '';

  /**
   * Registers the element as `tag` (default: its `tagName`). Safe to call more than once and when another copy of
   * the library already registered the tag: then the existing definition is kept, and a warning is printed once if
   * it is a different class. Returns the class that holds the tag.
   */
  static define(
    tag: string = this.tagName,
    registry: CustomElementRegistry = customElements,
  ): CustomElementConstructor {
    if (!tag) throw new TypeError(`${this.name}.define() needs a tag name`);
    const existing = registry.get(tag);
    if (existing) {
      if (existing !== this && !warnedTags.has(tag)) {
        warnedTags.add(tag);
        const theirs = (existing as Partial<typeof EchoElement>).version ?? 'unknown';
        console.warn(
          `[@teleecho/elements] <${tag}> is already defined by another class (version ${theirs}); keeping it and ` +
            `ignoring version ${this.version}. The page probably loads @teleecho/elements twice.`,
        );
      }
      return existing;
    }
    // A constructor can be registered under one name only; a second name gets a trivial subclass.
    const constructor = registry.getName?.(this) ? class extends this {} : this;
    registry.define(tag, constructor);
    return constructor;
  }

  // Declared without decorators (and with `declare` fields) so the code means the same under any TypeScript or
  // esbuild decorator setting. `attribute: false` beside `state: true` is redundant for Lit but keeps internal
  // state out of the custom-elements manifest's attributes.
  static override properties: PropertyDeclarations = {
    hubUrl: { attribute: 'hub-url', reflect: true },
    token: {},
    getToken: { attribute: false },
    lang: { reflect: true },
    dir: { reflect: true },
    theme: { reflect: true },
    client: { state: true, attribute: false },
    clientError: { state: true, attribute: false },
    providedClient: { state: true, attribute: false },
  };

  /** Base URL of the hub, e.g. `https://hub.example.org`. Not needed under an `<echo-provider>`. */
  declare hubUrl?: string;

  /** Embed token minted by the host backend. Prefer `getToken` when the element outlives the token. */
  declare token?: string;

  /** Callback returning a fresh embed token (property only); the client calls it before the token expires. */
  declare getToken?: TokenProvider;

  /** Language of the element's texts and dates; default: the closest `lang` above it, else English. */
  declare lang: string;

  /** Writing direction; default: that of the element's language (see {@link LocalizeController.dir}). */
  declare dir: string;

  /** `light` or `dark` forces a colour theme; without it the element follows the viewer's system setting. */
  declare theme?: 'light' | 'dark';

  /** The hub client in use: the element's own, or the provider's; `undefined` until configured. */
  declare protected client?: EchoClient;

  /** Why the element's own client could not be created (e.g. an invalid `hub-url`). */
  declare protected clientError?: EchoError;

  /** The client shared by an enclosing `<echo-provider>`, if any. */
  declare protected providedClient?: EchoClient;

  constructor() {
    super();
    // Lit has already taken over the reactive properties set before the upgrade; the others wait for connection,
    // when the subclass's own fields exist.
    this.pendingUpgrade = ownAccessorValues(this);
    new ContextConsumer(this, {
      context: echoClientContext,
      subscribe: true,
      callback: (client) => (this.providedClient = client),
    });
  }

  /** Accessor properties (not reactive ones) set on the element before its class was defined. */
  private pendingUpgrade?: Map<string, unknown>;

  /**
   * Upgrade properties: a host page (or a framework such as React) may set properties on the element before the
   * script that defines it has run — `getToken` before the CDN bundle loads, say. Those land on the plain element
   * as its own properties and would hide the class's. Reactive properties (`hubUrl`, `token`, `getToken`,
   * `session-id`…) are taken over by Lit and applied before the first update; any other setter of the class is
   * applied here, when the element is first connected.
   */
  override connectedCallback(): void {
    const pending = this.pendingUpgrade;
    this.pendingUpgrade = undefined;
    for (const [key, value] of pending ?? []) (this as unknown as Record<string, unknown>)[key] = value;
    super.connectedCallback();
  }

  /** Translations, language and locale-aware formatting for this element. */
  protected readonly localize = new LocalizeController(this);

  /**
   * Waits for the element's language to load (Spanish, Portuguese and French are separate chunks) before an
   * update, so the element never flashes English first; `updateComplete` includes that wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = this.localize.ready();
    if (!pending) return super.scheduleUpdate();
    return pending.then(() => super.scheduleUpdate());
  }

  /** Dispatches one of the library's events (they bubble and are composed); returns `false` if it was cancelled. */
  emit<D>(event: EchoDomEvent<D>): boolean {
    return this.dispatchEvent(event);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const ownConfigured = Boolean(this.hubUrl && (this.token || this.getToken));
    if (changed.has('hubUrl') || changed.has('token') || changed.has('getToken')) {
      this.clientError = undefined;
      try {
        this.client = ownConfigured ? this.createClient() : this.providedClient;
      } catch (error) {
        // e.g. an invalid hub-url: shown by the element as "not set up" rather than breaking its render.
        this.client = undefined;
        this.clientError = error instanceof EchoError ? error : new EchoError('invalid_options', String(error));
      }
    } else if (changed.has('providedClient') && !ownConfigured) {
      this.client = this.providedClient;
    }
  }

  /** Creates the element's own client from `hubUrl` and `token` / `getToken`. */
  protected createClient(): EchoClient {
    const { hubUrl, token, getToken } = this;
    return createEchoClient({
      hubUrl: hubUrl as string,
      ...(token ? { token } : {}),
      ...(getToken ? { getToken } : {}),
    });
  }
}
