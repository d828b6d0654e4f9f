/**
 * Templates of one recommendation in `<echo-recommendation-viewer>`: its text (plain text with line breaks and safe
 * http(s) links), what the latest amendment changed, earlier versions, the acknowledgement and its form.
 * Everything from the hub goes through Lit text and attribute bindings: never parsed as HTML.
 * @packageDocumentation
 */
import type { Recommendation, RecommendationRevision } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { LocalizeController } from '../internal/localize.js';
import { diffWords, linkify } from './text.js';

/** What the template needs from the element. */
export interface RecommendationViewContext {
  localize: LocalizeController;
  /** The viewer may acknowledge (the case's own presenter). */
  canAcknowledge: boolean;
  /** `sending` while an acknowledgement is on its way, `failed` after it failed. */
  ackState(rec: Recommendation): 'sending' | 'failed' | undefined;
  /** `new` or `amended` when this version has not been seen or acknowledged. */
  badge(rec: Recommendation): 'new' | 'amended' | undefined;
  /** Whether the copy-to-chart button was just used. */
  copied(rec: Recommendation): boolean;
  onAcknowledge(rec: Recommendation, form: HTMLFormElement): void;
  onCopy(rec: Recommendation): void;
}

/** Plain text: one line per `<br>`, http(s) URLs as links, everything else as text. */
export function plainText(text: string): TemplateResult {
  const lines = text.split(/\r\n|\r|\n/);
  return html`${lines.map(
    (line, i) =>
      html`${i > 0 ? html`<br />` : nothing}${linkify(line).map((segment) =>
        'href' in segment
          ? html`<a href=${segment.href} target="_blank" rel="noopener noreferrer">${segment.text}</a>`
          : segment.text,
      )}`,
  )}`;
}

/** A diff as text with `<del>` and `<ins>` marks (each introduced for screen readers). */
function diffText(before: string, after: string, removed: string, added: string): TemplateResult {
  return html`${diffWords(before, after).map((part) => {
    if (part.kind === 'same') return part.text;
    const label = part.kind === 'del' ? removed : added;
    const text = html`<span class="visually-hidden">${label} </span>${part.text}`;
    return part.kind === 'del' ? html`<del part="deleted">${text}</del>` : html`<ins part="inserted">${text}</ins>`;
  })}`;
}

/** A whole value replaced: the old one struck through, the new one marked as inserted. */
function replaced(before: string, after: string, removed: string, added: string): TemplateResult {
  return html`<del part="deleted"><span class="visually-hidden">${removed} </span>${before}</del>
    <span class="arrow" aria-hidden="true">→</span>
    <ins part="inserted"><span class="visually-hidden">${added} </span>${after}</ins>`;
}

function formatDay(localize: LocalizeController, day: string): string {
  return localize.dateTime(`${day}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' });
}

function formatTime(localize: LocalizeController, iso: string): string {
  return localize.dateTime(iso, { dateStyle: 'medium', timeStyle: 'short' });
}

function renderChanges(ctx: RecommendationViewContext, rec: Recommendation, previous: RecommendationRevision) {
  const t = ctx.localize.term.recommendations;
  const name = (c: string | undefined) => (c ? t.categoryName(c) : '—');
  const day = (d: string | undefined) => (d ? formatDay(ctx.localize, d) : '—');
  const rows: TemplateResult[] = [];
  if (previous.category !== rec.category) {
    rows.push(
      html`<p class="change">
        ${t.category}: ${replaced(name(previous.category), name(rec.category), t.removedText, t.addedText)}
      </p>`,
    );
  }
  if (previous.followUp !== rec.followUp) {
    rows.push(
      html`<p class="change">
        ${t.followUp}: ${replaced(day(previous.followUp), day(rec.followUp), t.removedText, t.addedText)}
      </p>`,
    );
  }
  return html`
    <details part="changes" class="changes" open>
      <summary>${t.whatChanged}</summary>
      ${rows}
      ${
        previous.body !== rec.body
          ? html`<p class="body diff">${diffText(previous.body, rec.body, t.removedText, t.addedText)}</p>`
          : nothing
      }
    </details>
    ${
      rec.history.length > 0
        ? html`<details part="history" class="history">
            <summary>${t.earlierVersions}</summary>
            <ol class="versions">
              ${[...rec.history].reverse().map(
                (v) =>
                  html`<li>
                    <p class="meta">${t.version(v.version, formatTime(ctx.localize, v.replacedAt))}</p>
                    <p class="meta">
                      ${v.category ? t.categoryName(v.category) : nothing}${v.category && v.followUp ? ' · ' : nothing}
                      ${v.followUp ? html`${t.followUp} ${formatDay(ctx.localize, v.followUp)}` : nothing}
                    </p>
                    <p class="body">${plainText(v.body)}</p>
                  </li>`,
              )}
            </ol>
          </details>`
        : nothing
    }
  `;
}

function renderAcknowledgement(ctx: RecommendationViewContext, rec: Recommendation) {
  const t = ctx.localize.term.recommendations;
  const ack = rec.acknowledgement;
  const current = ack && ack.version >= rec.version;
  const state = ctx.ackState(rec);
  const heading = `ack-${rec.id}`;
  return html`
    ${
      ack
        ? html`<div part="acknowledgement" class="acknowledgement ${current ? 'current' : 'outdated'}">
            <p>${t.acknowledged(formatTime(ctx.localize, ack.at))}</p>
            ${
              ack.reply
                ? html`<p><span class="label">${t.yourReply}:</span> <q part="reply" class="reply">${ack.reply}</q></p>`
                : nothing
            }
            ${current ? nothing : html`<p class="needs-ack">${t.amendmentNeedsAck}</p>`}
          </div>`
        : nothing
    }
    ${
      ctx.canAcknowledge && !current
        ? html`<form
            part="ack-form"
            class="ack-form no-print"
            aria-labelledby=${heading}
            @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              ctx.onAcknowledge(rec, e.currentTarget as HTMLFormElement);
            }}
          >
            <label for="reply-${rec.id}">${t.replyLabel}</label>
            <textarea part="reply-input" id="reply-${rec.id}" name="reply" rows="2" maxlength="5000"></textarea>
            <button
              part="acknowledge-button"
              class="primary"
              type="submit"
              aria-describedby=${heading}
              ?disabled=${state === 'sending'}
            >
              ${state === 'sending' ? t.acknowledging : t.acknowledge}
            </button>
            ${state === 'failed' ? html`<p part="error" class="error" role="alert">${t.ackFailed}</p>` : nothing}
          </form>`
        : nothing
    }
  `;
}

/** One recommendation as a list item. */
export function renderRecommendation(ctx: RecommendationViewContext, rec: Recommendation): TemplateResult {
  const t = ctx.localize.term.recommendations;
  const badge = ctx.badge(rec);
  const previous = rec.history[rec.history.length - 1];
  const heading = `ack-${rec.id}`;
  return html`
    <li part="recommendation" class="recommendation" data-id=${rec.id} data-number=${rec.number ?? ''}>
      <div class="rec-head">
        <h4 part="recommendation-title" id=${heading}>${t.numbered(rec.number ?? 0)}</h4>
        ${rec.category ? html`<span part="category" class="category">${t.categoryName(rec.category)}</span>` : nothing}
        ${
          badge
            ? html`<span part="badge" class="badge">${badge === 'new' ? t.badgeNew : t.badgeAmended}</span>`
            : nothing
        }
      </div>
      <p part="meta" class="meta">
        ${rec.issuedAt ? t.issued(formatTime(ctx.localize, rec.issuedAt), rec.authorName) : nothing}
        ${rec.amendedAt ? html`<br />${t.amended(formatTime(ctx.localize, rec.amendedAt), rec.version)}` : nothing}
      </p>
      ${
        rec.followUp
          ? html`<p part="follow-up" class="follow-up">
              ${t.followUp} <time datetime=${rec.followUp}>${formatDay(ctx.localize, rec.followUp)}</time>
            </p>`
          : nothing
      }
      <p part="body" class="body">${plainText(rec.body)}</p>
      ${previous ? renderChanges(ctx, rec, previous) : nothing} ${renderAcknowledgement(ctx, rec)}
      <div class="actions no-print">
        <button part="copy-button" type="button" aria-describedby=${heading} @click=${() => ctx.onCopy(rec)}>
          ${t.copyToChart}
        </button>
        ${ctx.copied(rec) ? html`<span class="copied" role="status">${t.copied}</span>` : nothing}
      </div>
    </li>
  `;
}
