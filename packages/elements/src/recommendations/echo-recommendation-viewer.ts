import type { EchoError, Recommendation } from '@teleecho/sdk';
import { recommendationToCommunication } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoCopyToChartEvent } from '../events/echo-copy-to-chart.js';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoRecommendationAcknowledgedEvent } from '../events/echo-recommendation-acknowledged.js';
import { Announcer } from '../internal/announcer.js';
import { EchoElement } from '../internal/echo-element.js';
import { hostStyles } from '../internal/styles.js';
import type { Translation } from '../translations/types.js';
import { isUnread, loadSeen } from './cache.js';
import type { FeedChange } from './case-feed.js';
import { CaseFeed } from './case-feed.js';
import { CaseListFeed } from './case-list-feed.js';
import { viewerStyles } from './echo-recommendation-viewer.styles.js';
import { errorMessage } from '../internal/errors.js';
import { plainText, renderRecommendation } from './recommendation-view.js';
import type { RecommendationViewContext } from './recommendation-view.js';
import { caseAnswers } from './text.js';

/**
 * The written recommendations of the hub team about a presenter's case: a de-identified case summary, the
 * recommendations in order with category and follow-up date, what each amendment changed, acknowledgement with an
 * optional reply, "copy to chart" (a FHIR `Communication` for the host to write) and a print-friendly view.
 * Updates live over the hub's event stream and announces changes politely; keeps a saved copy in the browser that it
 * shows, with a note, while the hub cannot be reached, and catches up without gaps or duplicates when it can again.
 *
 * Without `case-id` it lists every case of the token's presenter with its unread count; choosing one opens it.
 * A recommendation is **unread** while its current version has neither been shown in this browser nor acknowledged.
 *
 * @summary A presenter's recommendations, live, offline-tolerant and printable.
 * @tagname echo-recommendation-viewer
 *
 * @event {EchoRecommendationAcknowledgedEvent} echo-recommendation-acknowledged - The presenter acknowledged a
 *   recommendation; `detail: { recommendationId, acknowledgement, recommendation }`.
 * @event {EchoCopyToChartEvent} echo-copy-to-chart - "Copy to chart" was pressed; `detail: { recommendation, case,
 *   communication }` where `communication` is a FHIR R4 `Communication` for the host to write.
 * @event {EchoErrorEvent} echo-error - Loading or live updates failed; `detail: { error }` (an `EchoError`).
 *
 * @csspart base - The root wrapper.
 * @csspart toolbar - The row with the back and print buttons.
 * @csspart back-button - Back from a case to the list (list mode).
 * @csspart print-button - Opens the browser's print dialog.
 * @csspart offline - The "offline — showing the saved copy" note.
 * @csspart message - Loading and empty texts.
 * @csspart error - An error message.
 * @csspart cases - The list of cases (list mode).
 * @csspart case-button - One case in the list.
 * @csspart unread - A case's unread count.
 * @csspart case - The open case.
 * @csspart case-title - The case's title.
 * @csspart status - The case's status.
 * @csspart summary - The case's key answers (`<dl>`).
 * @csspart list - The recommendations (`<ol>`).
 * @csspart recommendation - One recommendation.
 * @csspart recommendation-title - A recommendation's number.
 * @csspart category - A recommendation's category.
 * @csspart badge - The "New" / "Amended" badge.
 * @csspart meta - Issue and amendment dates.
 * @csspart follow-up - The follow-up date.
 * @csspart body - A recommendation's text.
 * @csspart changes - What the latest amendment changed (`<details>`).
 * @csspart inserted - Inserted text in a change.
 * @csspart deleted - Deleted text in a change.
 * @csspart history - Earlier versions (`<details>`).
 * @csspart acknowledgement - The stored acknowledgement.
 * @csspart reply - The presenter's stored reply.
 * @csspart ack-form - The acknowledge form.
 * @csspart reply-input - The reply field.
 * @csspart acknowledge-button - The acknowledge button.
 * @csspart copy-button - The copy-to-chart button.
 *
 * @cssproperty --echo-color-primary - Accent colour: buttons, focus ring, badges.
 * @cssproperty --echo-color-on-primary - Text on the accent colour.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Background of recommendations and cases.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Borders.
 * @cssproperty --echo-color-danger - Errors and deleted text.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size.
 */
export class EchoRecommendationViewer extends EchoElement {
  static override tagName = 'echo-recommendation-viewer';
  /** Shared host styles, then the viewer's own. */
  static override styles = [hostStyles, viewerStyles];

  static override properties: PropertyDeclarations = {
    caseId: { attribute: 'case-id', reflect: true },
    selectedCaseId: { state: true, attribute: false },
  };

  /** The case to show; without it the viewer lists the presenter's cases. */
  declare caseId?: string;

  declare private selectedCaseId?: string;

  private readonly announcer = new Announcer(this);
  private readonly feed = new CaseFeed(this, {
    announce: (change) => this.announceChange(change),
    failed: (error) => this.emit(new EchoErrorEvent(error)),
  });
  private readonly listFeed = new CaseListFeed(this, (error) => this.emit(new EchoErrorEvent(error)));
  private readonly acks = new Map<string, 'sending' | 'failed'>();
  private readonly copiedIds = new Set<string>();

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.start();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const inputs = ['client', 'caseId', 'selectedCaseId'];
    if (this.isConnected && (!this.hasUpdated || inputs.some((key) => changed.has(key)))) this.start();
  }

  /** The case on screen: `case-id`, or the one chosen from the list. */
  private get openCaseId(): string | undefined {
    return this.caseId || this.selectedCaseId;
  }

  private start(): void {
    const client = this.client;
    this.feed.stop();
    this.listFeed.stop();
    if (!client) return;
    const caseId = this.openCaseId;
    if (caseId) this.feed.start(client, caseId);
    else this.listFeed.start(client);
  }

  /** Opens the browser's print dialog (the view prints without buttons and forms). */
  print(): void {
    window.print();
  }

  private announceChange(change: FeedChange): void {
    const t = this.localize.term.recommendations;
    if (change.kind === 'back-online') return this.announce(t.announceBackOnline);
    const say = { issued: t.announceIssued, amended: t.announceAmended, acknowledged: t.announceAcknowledged };
    this.announce(say[change.kind](change.number));
  }

  private announce(message: string): void {
    this.announcer.announce(message);
  }

  private async acknowledge(rec: Recommendation, form: HTMLFormElement): Promise<void> {
    const reply = String(new FormData(form).get('reply') ?? '');
    this.acks.set(rec.id, 'sending');
    this.requestUpdate();
    try {
      const acknowledgement = await this.feed.acknowledge(rec, reply);
      this.acks.delete(rec.id);
      const updated = this.feed.recommendations.find((r) => r.id === rec.id) ?? rec;
      this.emit(new EchoRecommendationAcknowledgedEvent(updated, acknowledgement));
      this.announce(this.localize.term.recommendations.announceAcknowledged(rec.number ?? 0));
    } catch (error) {
      this.acks.set(rec.id, 'failed');
      this.emit(new EchoErrorEvent(error as EchoError));
    }
    this.requestUpdate();
  }

  private copyToChart(rec: Recommendation): void {
    const value = this.feed.caseValue;
    if (!value) return;
    const communication = recommendationToCommunication(rec, value);
    this.emit(new EchoCopyToChartEvent({ recommendation: rec, case: value, communication }));
    this.copiedIds.add(rec.id);
    this.requestUpdate();
  }

  protected override render() {
    const t = this.localize.term;
    const inCase = Boolean(this.openCaseId);
    return html`
      <div part="base" class="base" dir=${this.localize.dir} lang=${this.localize.lang}>
        <div part="toolbar" class="toolbar no-print">
          ${
            this.selectedCaseId && !this.caseId
              ? html`<button part="back-button" type="button" @click=${() => (this.selectedCaseId = undefined)}>
                  <span class="arrow" aria-hidden="true">←</span> ${t.recommendations.backToCases}
                </button>`
              : nothing
          }
          ${
            inCase && this.feed.caseValue
              ? html`<button part="print-button" type="button" @click=${() => this.print()}>
                  ${t.recommendations.print}
                </button>`
              : nothing
          }
        </div>
        ${this.renderOffline(t)} ${this.client ? (inCase ? this.renderCase(t) : this.renderList(t)) : this.notSetUp(t)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.message}</div>
      </div>
    `;
  }

  private notSetUp(t: Translation) {
    return html`<p part="error" class="error">${t.errorNotConfigured}</p>`;
  }

  private renderOffline(t: Translation) {
    const status = this.openCaseId ? this.feed.status : this.listFeed.status;
    if (status !== 'offline') return nothing;
    const savedAt = this.openCaseId ? this.feed.savedAt : undefined;
    const hasCopy = this.openCaseId ? Boolean(this.feed.caseValue) : this.listFeed.cases.length > 0;
    const text = hasCopy
      ? t.recommendations.offline(
          savedAt ? this.localize.dateTime(savedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
        )
      : t.recommendations.offlineNoCopy;
    return html`<p part="offline" class="offline"><span aria-hidden="true">⚠</span> ${text}</p>`;
  }

  private renderError(t: Translation, error: EchoError | undefined) {
    return html`<div part="error" class="error" role="alert">
      <p>${errorMessage(t, error, { notFound: t.recommendations.errorNotFound })}</p>
    </div>`;
  }

  private renderList(t: Translation) {
    const feed = this.listFeed;
    if (feed.status === 'error') return this.renderError(t, feed.error);
    if (feed.status === 'loading' || (feed.status === 'offline' && feed.cases.length === 0)) {
      return feed.status === 'loading'
        ? html`<p part="message" class="message">${t.recommendations.loadingCases}</p>`
        : nothing;
    }
    const client = this.client;
    const seen = client ? loadSeen({ hubUrl: client.hubUrl, userId: client.getClaims()?.sub ?? 'anonymous' }) : {};
    return html`
      <section class="cases-section" aria-labelledby="cases-heading">
        <h2 id="cases-heading" class="heading">${t.recommendations.yourCases}</h2>
        ${
          feed.cases.length === 0
            ? html`<p part="message" class="message">${t.recommendations.noCases}</p>`
            : html`<ul part="cases" class="cases">
                ${feed.cases.map((c) => {
                  const unread = (feed.recommendations.get(c.id) ?? []).filter((r) => isUnread(r, seen)).length;
                  return html`<li>
                    <button
                      part="case-button"
                      type="button"
                      class="case-button"
                      data-case-id=${c.id}
                      @click=${() => (this.selectedCaseId = c.id)}
                    >
                      <span class="case-title"><bdi>${c.title}</bdi></span>
                      <span class="case-status">${t.recommendations.caseStatus(c.status)}</span>
                      ${
                        unread > 0
                          ? html`<span part="unread" class="unread">${t.recommendations.unread(unread)}</span>`
                          : nothing
                      }
                    </button>
                  </li>`;
                })}
              </ul>`
        }
      </section>
    `;
  }

  private renderCase(t: Translation) {
    const feed = this.feed;
    const tr = t.recommendations;
    if (feed.status === 'error') return this.renderError(t, feed.error);
    const value = feed.caseValue;
    if (!value) {
      return feed.status === 'loading' ? html`<p part="message" class="message">${tr.loading}</p>` : nothing;
    }
    const answers = caseAnswers(value.response, feed.questions);
    const claims = this.client?.getClaims();
    const ctx: RecommendationViewContext = {
      localize: this.localize,
      canAcknowledge: claims?.role === 'presenter' && claims.sub === value.presenterId,
      ackState: (rec) => this.acks.get(rec.id),
      badge: (rec) => {
        if (!isUnread(rec, feed.seenAtOpen)) return undefined;
        return (feed.seenAtOpen[rec.id] ?? 0) > 0 ? 'amended' : 'new'; // amended since this browser showed it
      },
      copied: (rec) => this.copiedIds.has(rec.id),
      onAcknowledge: (rec, form) => void this.acknowledge(rec, form),
      onCopy: (rec) => this.copyToChart(rec),
    };
    return html`
      <article part="case" class="case" aria-labelledby="case-title">
        <header class="case-head">
          <h2 part="case-title" id="case-title" class="heading"><bdi>${value.title}</bdi></h2>
          <p class="case-status-line">
            ${tr.status}: <span part="status" class="status ${value.status}">${tr.caseStatus(value.status)}</span>
          </p>
        </header>
        ${
          answers.length > 0
            ? html`<section aria-labelledby="summary-heading">
                <h3 id="summary-heading" class="subheading">${tr.caseSummary}</h3>
                <dl part="summary" class="summary">
                  ${answers.map(
                    (a) =>
                      html`<div>
                        <dt>${a.question}</dt>
                        <dd>${plainText(a.answer)}</dd>
                      </div>`,
                  )}
                </dl>
              </section>`
            : nothing
        }
        <section aria-labelledby="recs-heading">
          <h3 id="recs-heading" class="subheading">${tr.heading}</h3>
          ${
            feed.recommendations.length === 0
              ? html`<p part="message" class="message">${feed.status === 'loading' ? tr.loading : tr.none}</p>`
              : html`<ol part="list" class="list" aria-labelledby="recs-heading">
                  ${feed.recommendations.map((rec) => renderRecommendation(ctx, rec))}
                </ol>`
          }
        </section>
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-recommendation-viewer': EchoRecommendationViewer;
  }
}
