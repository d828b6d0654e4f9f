import type { Translation } from './types.js';

/** English. */
export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',

  upcomingSessions: 'Upcoming sessions',
  loadingSessions: 'Loading sessions…',
  noUpcomingSessions: 'No upcoming sessions.',
  reconnecting: 'Reconnecting for live updates…',
  retry: 'Try again',
  liveNow: 'Live now',
  cancelled: 'Cancelled',
  errorNotConfigured: 'This schedule is not set up: it needs a hub address, a token and a programme.',
  errorUnauthorized: 'Your access has expired or is not valid. Reload the page or sign in again.',
  errorForbidden: 'You do not have access to this programme’s schedule.',
  errorNetwork: 'The schedule could not be reached. Check your connection.',
  errorGeneric: 'The schedule could not be loaded.',

  recurrence(frequency, interval) {
    const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[frequency];
    if (interval > 1) return `Every ${interval} ${unit}s`;
    return { DAILY: 'Daily', WEEKLY: 'Weekly', MONTHLY: 'Monthly', YEARLY: 'Yearly' }[frequency];
  },
  sessionCount: (count) => (count === 1 ? '1 upcoming session' : `${count} upcoming sessions`),
  announceLive: (title) => `“${title}” is live now.`,
  announceEnded: (title) => `“${title}” has ended.`,
  announceCancelled: (title) => `“${title}” was cancelled.`,
  announceAdded: (title) => `“${title}” was added to the schedule.`,
  announceUpdated: (title) => `“${title}” was updated.`,
};
