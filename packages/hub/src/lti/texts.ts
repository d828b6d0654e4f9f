/**
 * Texts of the tool's own pages (session page header, error pages, the Deep Linking picker, registration) in the
 * four languages of the elements. The language comes from the launch (`launch_presentation.locale`) or the
 * browser's `Accept-Language`.
 * @packageDocumentation
 */

/** Texts of the LTI pages. */
export interface LtiTexts {
  signedInAs: string;
  roles: { facilitator: string; participant: string; observer: string };
  errorTitle: string;
  errorHint: string;
  errorCode: string;
  pickerTitle: string;
  pickerIntro: string;
  upcoming: string;
  series: string;
  wholeSeries: (title: string) => string;
  noSessions: string;
  add: string;
  cancel: string;
  returning: string;
  continue: string;
  checking: string;
  checkFailed: string;
  registered: (name: string) => string;
  registeredHint: string;
  /** After dynamic registration: the LMS may hold the tool as pending until an administrator activates it. */
  activateHint: string;
  /** After dynamic registration, when the platform's answer named no granted scopes. */
  scopesUnknown: (name: string) => string;
  /** On the `lti_tool_pending` page: what the LMS administrator must do. */
  pendingHint: string;
}

const en: LtiTexts = {
  signedInAs: 'Signed in as',
  roles: { facilitator: 'Facilitator', participant: 'Participant', observer: 'Observer' },
  errorTitle: 'This teleECHO activity could not open',
  errorHint:
    'Go back to your course and open the activity again. If it keeps happening, tell your course administrator.',
  errorCode: 'Error code',
  pickerTitle: 'Add a teleECHO session',
  pickerIntro: 'Choose one session, or a whole recurring series, to add to the course as an activity.',
  upcoming: 'Upcoming sessions',
  series: 'Recurring series',
  wholeSeries: (title) => `Every session of “${title}”`,
  noSessions: 'This programme has no upcoming sessions yet.',
  add: 'Add to course',
  cancel: 'Cancel',
  returning: 'Returning to your course…',
  continue: 'Continue',
  checking: 'Checking your sign-in…',
  checkFailed: 'Your sign-in could not be confirmed. Open the activity again from the course.',
  registered: (name) => `teleECHO is now registered with ${name}.`,
  registeredHint: 'You can close this window. The tool appears in the site’s list of external tools.',
  activateHint:
    'In Moodle the new tool waits as “pending”: under Site administration → Plugins → Activity modules → External tool → Manage tools, press Activate on its card, then choose the grade sync mode under Services.',
  scopesUnknown: (name) =>
    `${name} did not say which services it granted. Grade sync uses what each launch allows; check the tool’s Services settings when you activate it.`,
  pendingHint:
    'An administrator of the course site must activate teleECHO first: in Moodle, Site administration → Plugins → Activity modules → External tool → Manage tools, then Activate on the teleECHO card. Then open the activity again.',
};

const es: LtiTexts = {
  signedInAs: 'Sesión iniciada como',
  roles: { facilitator: 'Facilitador', participant: 'Participante', observer: 'Observador' },
  errorTitle: 'No se pudo abrir esta actividad de teleECHO',
  errorHint: 'Vuelva a su curso y abra la actividad de nuevo. Si sigue ocurriendo, avise al administrador del curso.',
  errorCode: 'Código de error',
  pickerTitle: 'Añadir una sesión de teleECHO',
  pickerIntro: 'Elija una sesión, o toda una serie periódica, para añadirla al curso como actividad.',
  upcoming: 'Próximas sesiones',
  series: 'Series periódicas',
  wholeSeries: (title) => `Todas las sesiones de «${title}»`,
  noSessions: 'Este programa todavía no tiene sesiones próximas.',
  add: 'Añadir al curso',
  cancel: 'Cancelar',
  returning: 'Volviendo a su curso…',
  continue: 'Continuar',
  checking: 'Comprobando su inicio de sesión…',
  checkFailed: 'No se pudo confirmar su inicio de sesión. Abra la actividad de nuevo desde el curso.',
  registered: (name) => `teleECHO ya está registrado en ${name}.`,
  registeredHint: 'Puede cerrar esta ventana. La herramienta aparece en la lista de herramientas externas del sitio.',
  activateHint:
    'En Moodle la nueva herramienta queda «pendiente»: en Administración del sitio → Extensiones → Módulos de actividad → Herramienta externa → Gestionar herramientas, pulse Activar en su tarjeta y elija el modo de sincronización de calificaciones en Servicios.',
  scopesUnknown: (name) =>
    `${name} no indicó qué servicios concedió. La sincronización de calificaciones usa lo que permite cada inicio; revise los Servicios de la herramienta al activarla.`,
  pendingHint:
    'Un administrador del sitio del curso debe activar teleECHO primero: en Moodle, Administración del sitio → Extensiones → Módulos de actividad → Herramienta externa → Gestionar herramientas y Activar en la tarjeta de teleECHO. Después abra la actividad de nuevo.',
};

const pt: LtiTexts = {
  signedInAs: 'Conectado como',
  roles: { facilitator: 'Facilitador', participant: 'Participante', observer: 'Observador' },
  errorTitle: 'Não foi possível abrir esta atividade do teleECHO',
  errorHint:
    'Volte ao seu curso e abra a atividade novamente. Se continuar acontecendo, avise o administrador do curso.',
  errorCode: 'Código do erro',
  pickerTitle: 'Adicionar uma sessão do teleECHO',
  pickerIntro: 'Escolha uma sessão, ou uma série recorrente inteira, para adicionar ao curso como atividade.',
  upcoming: 'Próximas sessões',
  series: 'Séries recorrentes',
  wholeSeries: (title) => `Todas as sessões de “${title}”`,
  noSessions: 'Este programa ainda não tem sessões futuras.',
  add: 'Adicionar ao curso',
  cancel: 'Cancelar',
  returning: 'Voltando ao seu curso…',
  continue: 'Continuar',
  checking: 'Verificando seu acesso…',
  checkFailed: 'Não foi possível confirmar seu acesso. Abra a atividade novamente pelo curso.',
  registered: (name) => `O teleECHO agora está registrado em ${name}.`,
  registeredHint: 'Você pode fechar esta janela. A ferramenta aparece na lista de ferramentas externas do site.',
  activateHint:
    'No Moodle a nova ferramenta fica “pendente”: em Administração do site → Plugins → Módulos de atividade → Ferramenta externa → Gerenciar ferramentas, clique em Ativar no cartão dela e escolha o modo de sincronização de notas em Serviços.',
  scopesUnknown: (name) =>
    `${name} não informou quais serviços concedeu. A sincronização de notas usa o que cada acesso permite; confira os Serviços da ferramenta ao ativá-la.`,
  pendingHint:
    'Um administrador do site do curso precisa ativar o teleECHO primeiro: no Moodle, Administração do site → Plugins → Módulos de atividade → Ferramenta externa → Gerenciar ferramentas e Ativar no cartão do teleECHO. Depois abra a atividade novamente.',
};

const fr: LtiTexts = {
  signedInAs: 'Connecté en tant que',
  roles: { facilitator: 'Animateur', participant: 'Participant', observer: 'Observateur' },
  errorTitle: 'Impossible d’ouvrir cette activité teleECHO',
  errorHint:
    'Revenez à votre cours et ouvrez à nouveau l’activité. Si le problème persiste, prévenez l’administrateur du cours.',
  errorCode: 'Code d’erreur',
  pickerTitle: 'Ajouter une séance teleECHO',
  pickerIntro: 'Choisissez une séance, ou toute une série récurrente, à ajouter au cours comme activité.',
  upcoming: 'Prochaines séances',
  series: 'Séries récurrentes',
  wholeSeries: (title) => `Toutes les séances de « ${title} »`,
  noSessions: 'Ce programme n’a pas encore de séance à venir.',
  add: 'Ajouter au cours',
  cancel: 'Annuler',
  returning: 'Retour à votre cours…',
  continue: 'Continuer',
  checking: 'Vérification de votre connexion…',
  checkFailed: 'Votre connexion n’a pas pu être confirmée. Ouvrez à nouveau l’activité depuis le cours.',
  registered: (name) => `teleECHO est maintenant enregistré sur ${name}.`,
  registeredHint: 'Vous pouvez fermer cette fenêtre. L’outil apparaît dans la liste des outils externes du site.',
  activateHint:
    'Dans Moodle le nouvel outil reste « en attente » : dans Administration du site → Plugins → Modules d’activité → Outil externe → Gérer les outils, cliquez sur Activer sur sa carte, puis choisissez le mode de synchronisation des notes sous Services.',
  scopesUnknown: (name) =>
    `${name} n’a pas indiqué quels services il accorde. La synchronisation des notes utilise ce que chaque lancement permet ; vérifiez les Services de l’outil en l’activant.`,
  pendingHint:
    'Un administrateur du site de cours doit d’abord activer teleECHO : dans Moodle, Administration du site → Plugins → Modules d’activité → Outil externe → Gérer les outils, puis Activer sur la carte teleECHO. Ouvrez ensuite l’activité à nouveau.',
};

const TEXTS: Record<string, LtiTexts> = { en, es, pt, fr };

/** The language (en, es, pt, fr) closest to a BCP 47 tag or an Accept-Language header; default English. */
export function pickLanguage(...candidates: (string | undefined)[]): keyof typeof TEXTS {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(',')) {
      const base = part.trim().split(/[;_-]/)[0]!.toLowerCase();
      if (base in TEXTS) return base;
    }
  }
  return 'en';
}

/** Texts in `lang` (see {@link pickLanguage}). */
export function textsFor(lang: string): LtiTexts {
  return TEXTS[lang] ?? en;
}
