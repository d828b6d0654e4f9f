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

  session: {
    loading: 'Carregando a sessão…',
    readyToJoin: 'Pronto para entrar?',
    cameraPreview: 'Pré-visualização da sua câmera',
    camera: 'Câmera',
    microphone: 'Microfone',
    speaker: 'Alto-falante',
    micLevel: 'Nível do microfone',
    deviceDefault: 'Padrão',
    join: 'Entrar na sessão',
    joinAudioOnly: 'Entrar só com áudio',
    joining: 'Entrando…',
    listenOnly: 'Você entrará apenas para ouvir.',
    devicesDenied:
      'O acesso à câmera ou ao microfone está bloqueado. ' +
      'Permita-o nas configurações do site do seu navegador (o ícone de câmera na barra de endereços) ' +
      'e tente novamente. ' +
      'Você ainda pode entrar para ouvir.',
    devicesMissing: 'Nenhuma câmera ou microfone foi encontrado. Conecte um ou entre para ouvir.',
    iframeHint: 'Incorporando esta página? O iframe precisa de allow="camera; microphone; display-capture; autoplay".',
    notOpen: 'Esta sessão não está aberta agora. Ela abre 30 minutos antes de começar.',
    joinFailed: 'Não foi possível entrar. Verifique sua conexão e tente novamente.',
    mute: 'Silenciar',
    unmute: 'Ativar microfone',
    cameraOff: 'Parar vídeo',
    cameraOn: 'Iniciar vídeo',
    shareScreen: 'Compartilhar tela',
    stopSharing: 'Parar de compartilhar',
    raiseHand: 'Levantar a mão',
    lowerHand: 'Baixar a mão',
    chat: 'Chat',
    participants: 'Participantes',
    leave: 'Sair',
    close: 'Fechar',
    message: 'Mensagem',
    send: 'Enviar',
    noMessages: 'Nenhuma mensagem ainda.',
    controls: 'Controles da sessão',
    videoGrid: 'Vídeo',
    you: '(você)',
    reconnecting: 'Conexão perdida. Reconectando…',
    lowBandwidthOn: 'Modo de baixa largura de banda: só áudio.',
    lowBandwidthSuggested: 'Sua conexão está fraca. Mudar para só áudio?',
    lowBandwidthEnable: 'Só áudio',
    lowBandwidthDisable: 'Reativar o vídeo',
    audioBlocked: 'Seu navegador bloqueou o som.',
    enableAudio: 'Ativar som',
    left: 'Você saiu da sessão.',
    ended: 'A sessão terminou.',
    rejoin: 'Entrar de novo',
    mutedByFacilitator: 'Um facilitador silenciou seu microfone.',
    handRaised: 'Mão levantada',
    muted: 'Sem som',
    lowerAllHands: 'Baixar todas as mãos',
    raisedHands: 'Mãos levantadas',
    role: (role) =>
      ({
        coordinator: 'Coordenador(a)',
        facilitator: 'Facilitador(a)',
        specialist: 'Especialista',
        presenter: 'Apresentador(a)',
        participant: 'Participante',
        observer: 'Observador(a)',
      })[role] ?? role,
    quality: (level) =>
      `Conexão: ${
        ({ excellent: 'excelente', good: 'boa', poor: 'fraca', lost: 'perdida', unknown: 'desconhecida' } as const)[
          level
        ]
      }`,
    announceHand: (name) => `${name} levantou a mão.`,
    announceChat: (name, text) => `${name}: ${text}`,
    announceJoined: (name) => `${name} entrou.`,
    announceLeft: (name) => `${name} saiu.`,
    muteParticipant: (name) => `Silenciar ${name}`,
    screenOf: (name) => `Tela de ${name}`,
  },
};
