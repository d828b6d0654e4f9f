import type { Translation } from './types.js';

/** French (Français). */
export const fr: Translation = {
  $code: 'fr',
  $name: 'Français',
  $dir: 'ltr',

  upcomingSessions: 'Prochaines séances',
  loadingSessions: 'Chargement des séances…',
  noUpcomingSessions: 'Aucune séance à venir.',
  reconnecting: 'Reconnexion pour les mises à jour en direct…',
  retry: 'Réessayer',
  liveNow: 'En direct',
  cancelled: 'Annulée',
  errorNotConfigured: 'Ce calendrier n’est pas configuré : il lui faut l’adresse du hub, un jeton et un programme.',
  errorUnauthorized: 'Votre accès a expiré ou n’est pas valide. Rechargez la page ou reconnectez-vous.',
  errorForbidden: 'Vous n’avez pas accès au calendrier de ce programme.',
  errorNetwork: 'Le calendrier est injoignable. Vérifiez votre connexion.',
  errorGeneric: 'Le calendrier n’a pas pu être chargé.',

  recurrence(frequency, interval) {
    if (interval > 1) {
      const unit = { DAILY: 'jours', WEEKLY: 'semaines', MONTHLY: 'mois', YEARLY: 'ans' }[frequency];
      return `Toutes les ${interval} ${unit}`;
    }
    return { DAILY: 'Quotidienne', WEEKLY: 'Hebdomadaire', MONTHLY: 'Mensuelle', YEARLY: 'Annuelle' }[frequency];
  },
  sessionCount: (count) => (count <= 1 ? `${count} séance à venir` : `${count} séances à venir`),
  announceLive: (title) => `« ${title} » est en direct.`,
  announceEnded: (title) => `« ${title} » est terminée.`,
  announceCancelled: (title) => `« ${title} » a été annulée.`,
  announceAdded: (title) => `« ${title} » a été ajoutée au calendrier.`,
  announceUpdated: (title) => `« ${title} » a été mise à jour.`,
};
