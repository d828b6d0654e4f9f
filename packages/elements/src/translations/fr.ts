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

  session: {
    loading: 'Chargement de la séance…',
    readyToJoin: 'Prêt à rejoindre ?',
    cameraPreview: 'Aperçu de votre caméra',
    camera: 'Caméra',
    microphone: 'Micro',
    speaker: 'Haut-parleur',
    micLevel: 'Niveau du micro',
    deviceDefault: 'Par défaut',
    join: 'Rejoindre la séance',
    joinAudioOnly: 'Rejoindre en audio seulement',
    joining: 'Connexion…',
    listenOnly: 'Vous rejoindrez en écoute seule.',
    devicesDenied:
      'L’accès à la caméra ou au micro est bloqué. ' +
      'Autorisez-le dans les paramètres du site de votre navigateur (l’icône de caméra dans la barre d’adresse), ' +
      'puis réessayez. ' +
      'Vous pouvez quand même rejoindre pour écouter.',
    devicesMissing: 'Aucune caméra ni aucun micro trouvé. Branchez-en un, ou rejoignez pour écouter.',
    iframeHint: 'Vous intégrez cette page ? L’iframe doit avoir allow="camera; microphone; display-capture; autoplay".',
    notOpen: 'Cette séance n’est pas ouverte maintenant. Elle ouvre 30 minutes avant le début.',
    joinFailed: 'Impossible de rejoindre. Vérifiez votre connexion et réessayez.',
    mute: 'Couper le micro',
    unmute: 'Activer le micro',
    cameraOff: 'Arrêter la vidéo',
    cameraOn: 'Démarrer la vidéo',
    shareScreen: 'Partager l’écran',
    stopSharing: 'Arrêter le partage',
    raiseHand: 'Lever la main',
    lowerHand: 'Baisser la main',
    chat: 'Discussion',
    participants: 'Participants',
    leave: 'Quitter',
    close: 'Fermer',
    message: 'Message',
    send: 'Envoyer',
    noMessages: 'Aucun message pour l’instant.',
    controls: 'Commandes de la séance',
    videoGrid: 'Vidéo',
    you: '(vous)',
    reconnecting: 'Connexion perdue. Reconnexion…',
    lowBandwidthOn: 'Mode bas débit : audio seulement.',
    lowBandwidthSuggested: 'Votre connexion est faible. Passer en audio seulement ?',
    lowBandwidthEnable: 'Audio seulement',
    lowBandwidthDisable: 'Réactiver la vidéo',
    audioBlocked: 'Votre navigateur a bloqué le son.',
    enableAudio: 'Activer le son',
    left: 'Vous avez quitté la séance.',
    ended: 'La séance est terminée.',
    rejoin: 'Rejoindre à nouveau',
    mutedByFacilitator: 'Un animateur a coupé votre micro.',
    handRaised: 'Main levée',
    muted: 'Micro coupé',
    lowerAllHands: 'Baisser toutes les mains',
    raisedHands: 'Mains levées',
    role: (role) =>
      ({
        coordinator: 'Coordinateur·rice',
        facilitator: 'Animateur·rice',
        specialist: 'Spécialiste',
        presenter: 'Présentateur·rice',
        participant: 'Participant·e',
        observer: 'Observateur·rice',
      })[role] ?? role,
    quality: (level) =>
      `Connexion : ${
        ({ excellent: 'excellente', good: 'bonne', poor: 'faible', lost: 'perdue', unknown: 'inconnue' } as const)[
          level
        ]
      }`,
    announceHand: (name) => `${name} a levé la main.`,
    announceChat: (name, text) => `${name} : ${text}`,
    announceJoined: (name) => `${name} a rejoint la séance.`,
    announceLeft: (name) => `${name} a quitté la séance.`,
    muteParticipant: (name) => `Couper le micro de ${name}`,
    screenOf: (name) => `Écran de ${name}`,
  },
};
