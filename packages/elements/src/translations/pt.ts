import type { Translation } from './types.js';

/** Portuguese (Português). */
export const pt: Translation = {
  $code: 'pt',
  $name: 'Português',
  $dir: 'ltr',

  upcomingSessions: 'Próximas sessões',
  loadingSessions: 'Carregando sessões…',
  noUpcomingSessions: 'Não há sessões agendadas.',
  reconnecting: 'Reconectando para receber atualizações ao vivo…',
  retry: 'Tentar novamente',
  liveNow: 'Ao vivo',
  cancelled: 'Cancelada',
  errorNotConfigured: 'Esta agenda não está configurada: ela precisa do endereço do hub, de um token e de um programa.',
  errorUnauthorized: 'Seu acesso expirou ou não é válido. Recarregue a página ou entre novamente.',
  errorForbidden: 'Você não tem acesso à agenda deste programa.',
  errorNetwork: 'Não foi possível acessar a agenda. Verifique sua conexão.',
  errorGeneric: 'Não foi possível carregar a agenda.',

  recurrence(frequency, interval) {
    if (interval > 1) {
      const unit = { DAILY: 'dias', WEEKLY: 'semanas', MONTHLY: 'meses', YEARLY: 'anos' }[frequency];
      return `A cada ${interval} ${unit}`;
    }
    return { DAILY: 'Diária', WEEKLY: 'Semanal', MONTHLY: 'Mensal', YEARLY: 'Anual' }[frequency];
  },
  sessionCount: (count) => (count === 1 ? '1 sessão agendada' : `${count} sessões agendadas`),
  announceLive: (title) => `“${title}” está ao vivo.`,
  announceEnded: (title) => `“${title}” foi encerrada.`,
  announceCancelled: (title) => `“${title}” foi cancelada.`,
  announceAdded: (title) => `“${title}” foi adicionada à agenda.`,
  announceUpdated: (title) => `“${title}” foi atualizada.`,
};
