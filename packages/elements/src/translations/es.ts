import type { Translation } from './types.js';

/** Spanish (Español). */
export const es: Translation = {
  $code: 'es',
  $name: 'Español',
  $dir: 'ltr',

  upcomingSessions: 'Próximas sesiones',
  loadingSessions: 'Cargando sesiones…',
  noUpcomingSessions: 'No hay sesiones próximas.',
  reconnecting: 'Reconectando para recibir actualizaciones en vivo…',
  retry: 'Reintentar',
  liveNow: 'En vivo',
  cancelled: 'Cancelada',
  errorNotConfigured: 'Este calendario no está configurado: necesita la dirección del hub, un token y un programa.',
  errorUnauthorized: 'Su acceso ha caducado o no es válido. Recargue la página o vuelva a iniciar sesión.',
  errorForbidden: 'No tiene acceso al calendario de este programa.',
  errorNetwork: 'No se pudo acceder al calendario. Compruebe su conexión.',
  errorGeneric: 'No se pudo cargar el calendario.',

  recurrence(frequency, interval) {
    if (interval > 1) {
      const unit = { DAILY: 'días', WEEKLY: 'semanas', MONTHLY: 'meses', YEARLY: 'años' }[frequency];
      return `Cada ${interval} ${unit}`;
    }
    return { DAILY: 'Diaria', WEEKLY: 'Semanal', MONTHLY: 'Mensual', YEARLY: 'Anual' }[frequency];
  },
  sessionCount: (count) => (count === 1 ? '1 sesión próxima' : `${count} sesiones próximas`),
  announceLive: (title) => `«${title}» está en vivo.`,
  announceEnded: (title) => `«${title}» ha terminado.`,
  announceCancelled: (title) => `«${title}» se ha cancelado.`,
  announceAdded: (title) => `«${title}» se ha añadido al calendario.`,
  announceUpdated: (title) => `«${title}» se ha actualizado.`,
};
