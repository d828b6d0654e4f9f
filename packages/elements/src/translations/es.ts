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

  session: {
    loading: 'Cargando la sesión…',
    readyToJoin: '¿Listo para entrar?',
    cameraPreview: 'Vista previa de su cámara',
    camera: 'Cámara',
    microphone: 'Micrófono',
    speaker: 'Altavoz',
    micLevel: 'Nivel del micrófono',
    deviceDefault: 'Predeterminado',
    join: 'Entrar a la sesión',
    joinAudioOnly: 'Entrar solo con audio',
    joining: 'Entrando…',
    listenOnly: 'Entrará solo para escuchar.',
    devicesDenied:
      'El acceso a la cámara o al micrófono está bloqueado. ' +
      'Permítalo en la configuración del sitio de su navegador (el icono de cámara en la barra de direcciones) ' +
      'y vuelva a intentarlo. ' +
      'Aún puede entrar para escuchar.',
    devicesMissing: 'No se encontró cámara ni micrófono. Conecte uno o entre para escuchar.',
    iframeHint: '¿Inserta esta página? El iframe necesita allow="camera; microphone; display-capture; autoplay".',
    notOpen: 'Esta sesión no está abierta ahora. Se abre 30 minutos antes de empezar.',
    joinFailed: 'No se pudo entrar. Compruebe su conexión y vuelva a intentarlo.',
    mute: 'Silenciar',
    unmute: 'Activar micrófono',
    cameraOff: 'Detener vídeo',
    cameraOn: 'Iniciar vídeo',
    shareScreen: 'Compartir pantalla',
    stopSharing: 'Dejar de compartir',
    raiseHand: 'Levantar la mano',
    lowerHand: 'Bajar la mano',
    chat: 'Chat',
    participants: 'Participantes',
    leave: 'Salir',
    close: 'Cerrar',
    message: 'Mensaje',
    send: 'Enviar',
    noMessages: 'Aún no hay mensajes.',
    controls: 'Controles de la sesión',
    videoGrid: 'Vídeo',
    you: '(usted)',
    reconnecting: 'Se perdió la conexión. Reconectando…',
    lowBandwidthOn: 'Modo de bajo ancho de banda: solo audio.',
    lowBandwidthSuggested: 'Su conexión es débil. ¿Cambiar a solo audio?',
    lowBandwidthEnable: 'Solo audio',
    lowBandwidthDisable: 'Volver a activar el vídeo',
    audioBlocked: 'Su navegador bloqueó el sonido.',
    enableAudio: 'Activar sonido',
    left: 'Ha salido de la sesión.',
    ended: 'La sesión ha terminado.',
    rejoin: 'Volver a entrar',
    mutedByFacilitator: 'Un facilitador silenció su micrófono.',
    handRaised: 'Mano levantada',
    muted: 'Silenciado',
    lowerAllHands: 'Bajar todas las manos',
    raisedHands: 'Manos levantadas',
    role: (role) =>
      ({
        coordinator: 'Coordinador/a',
        facilitator: 'Facilitador/a',
        specialist: 'Especialista',
        presenter: 'Presentador/a',
        participant: 'Participante',
        observer: 'Observador/a',
      })[role] ?? role,
    quality: (level) =>
      `Conexión: ${
        ({ excellent: 'excelente', good: 'buena', poor: 'débil', lost: 'perdida', unknown: 'desconocida' } as const)[
          level
        ]
      }`,
    announceHand: (name) => `${name} levantó la mano.`,
    announceChat: (name, text) => `${name}: ${text}`,
    announceJoined: (name) => `${name} entró.`,
    announceLeft: (name) => `${name} salió.`,
    muteParticipant: (name) => `Silenciar a ${name}`,
    screenOf: (name) => `Pantalla de ${name}`,
  },
};
