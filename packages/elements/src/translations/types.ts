/**
 * The typed shape every locale implements. Plain strings for fixed labels; functions where the wording depends on a
 * number (plurals) or a value (titles in announcements), so each language can form its own grammar.
 * @packageDocumentation
 */

/** How often a recurring session repeats (the RRULE `FREQ`). */
export type RecurrenceFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** Every user-visible text of the elements, for one language. */
export interface Translation {
  /** Primary language subtag this translation answers for, e.g. `"es"`. */
  $code: string;
  /** The language's own name, e.g. `"Español"`. */
  $name: string;
  /** Writing direction of the language. */
  $dir: 'ltr' | 'rtl';

  /** Accessible name of the schedule list. */
  upcomingSessions: string;
  /** Shown while sessions load. */
  loadingSessions: string;
  /** Shown when the programme has no upcoming sessions. */
  noUpcomingSessions: string;
  /** Shown under the list while live updates reconnect after the connection dropped. */
  reconnecting: string;
  /** Label of the button that loads again after an error. */
  retry: string;
  /** Badge of a session that is running now. */
  liveNow: string;
  /** Badge of a cancelled session. */
  cancelled: string;
  /** The element lacks `hub-url`, a token or a programme. */
  errorNotConfigured: string;
  /** The token is missing, invalid or expired. */
  errorUnauthorized: string;
  /** The token does not allow this. */
  errorForbidden: string;
  /** The hub could not be reached. */
  errorNetwork: string;
  /** Anything else went wrong. */
  errorGeneric: string;

  /** How often a series repeats, e.g. `recurrence('WEEKLY', 2)` → "Every 2 weeks". */
  recurrence(frequency: RecurrenceFrequency, interval: number): string;
  /** A count of upcoming sessions, announced after loading, e.g. "3 upcoming sessions". */
  sessionCount(count: number): string;
  /** Announced when a session goes live. */
  announceLive(title: string): string;
  /** Announced when a session ends. */
  announceEnded(title: string): string;
  /** Announced when a session is cancelled. */
  announceCancelled(title: string): string;
  /** Announced when a new session appears in the list. */
  announceAdded(title: string): string;
  /** Announced when a session's details change. */
  announceUpdated(title: string): string;
}
