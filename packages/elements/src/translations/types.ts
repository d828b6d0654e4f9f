/**
 * The typed shape every locale implements. Plain strings for fixed labels; functions where the wording depends on a
 * number (plurals) or a value (titles in announcements), so each language can form its own grammar.
 * @packageDocumentation
 */
import type { IdentifyingKind, ValidationCode } from '@teleecho/sdk/questionnaire';

/** How often a recurring session repeats (the RRULE `FREQ`). */
export type RecurrenceFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** Connection quality levels the session element shows. */
export type QualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** Texts of `<echo-session>`. */
export interface SessionTranslation {
  /** Shown while the session's details load. */
  loading: string;
  /** Heading of the pre-join screen. */
  readyToJoin: string;
  /** Accessible name of the camera preview. */
  cameraPreview: string;
  /** Label of the camera picker. */
  camera: string;
  /** Label of the microphone picker. */
  microphone: string;
  /** Label of the speaker picker. */
  speaker: string;
  /** Accessible name of the microphone level meter. */
  micLevel: string;
  /** Name of a device without a label. */
  deviceDefault: string;
  /** The main join button. */
  join: string;
  /** Join without camera and without receiving video. */
  joinAudioOnly: string;
  /** Shown while joining. */
  joining: string;
  /** Observers join listen-only. */
  listenOnly: string;
  /** In the call, when nobody who can speak or show video is there yet. */
  noSpeakers: string;
  /** Camera or microphone permission was refused. */
  devicesDenied: string;
  /** No camera or microphone was found. */
  devicesMissing: string;
  /** Hint for hosts embedding the element in an iframe. */
  iframeHint: string;
  /** The session is not open yet (joining opens 30 minutes before it starts) or has ended. */
  notOpen: string;
  /** Joining failed for another reason. */
  joinFailed: string;
  /** Mute your microphone. */
  mute: string;
  /** Unmute your microphone. */
  unmute: string;
  /** Turn your camera off. */
  cameraOff: string;
  /** Turn your camera on. */
  cameraOn: string;
  /** Start sharing your screen. */
  shareScreen: string;
  /** Stop sharing your screen. */
  stopSharing: string;
  /** Where the host page's frame forbids screen capture (permissions policy `display-capture`). */
  screenNeedsWindow: string;
  /** Opens the session in a window of its own (where screen sharing works). */
  openInWindow: string;
  /** Raise your hand. */
  raiseHand: string;
  /** Lower your hand. */
  lowerHand: string;
  /** The chat panel and its button. */
  chat: string;
  /** The participant list and its button. */
  participants: string;
  /** Leave the session. */
  leave: string;
  /** Close a panel. */
  close: string;
  /** Label of the chat input. */
  message: string;
  /** Send a chat message. */
  send: string;
  /** No chat messages yet. */
  noMessages: string;
  /** Accessible name of the controls toolbar. */
  controls: string;
  /** Accessible name of the video grid. */
  videoGrid: string;
  /** Suffix for yourself, e.g. "(you)". */
  you: string;
  /** Banner while the connection is being restored. */
  reconnecting: string;
  /** Banner while in low-bandwidth mode. */
  lowBandwidthOn: string;
  /** Offer of low-bandwidth mode when the connection stays poor. */
  lowBandwidthSuggested: string;
  /** Switch low-bandwidth mode on. */
  lowBandwidthEnable: string;
  /** Switch low-bandwidth mode off. */
  lowBandwidthDisable: string;
  /** The browser blocked sound. */
  audioBlocked: string;
  /** Button that starts sound after it was blocked. */
  enableAudio: string;
  /** You left the session. */
  left: string;
  /** The session was ended. */
  ended: string;
  /** Join again after leaving. */
  rejoin: string;
  /** A facilitator muted you. */
  mutedByFacilitator: string;
  /** Badge of someone whose hand is up. */
  handRaised: string;
  /** Badge of someone whose microphone is off. */
  muted: string;
  /** Facilitators: lower every raised hand. */
  lowerAllHands: string;
  /** Facilitators: accessible name of the button that mutes someone. */
  muteParticipant(name: string): string;
  /** Raised hands heading. */
  raisedHands: string;
  /** A role's name. */
  role(role: string): string;
  /** Connection quality, e.g. "Connection: good". */
  quality(level: QualityLevel): string;
  /** Announced when someone raises their hand. */
  announceHand(name: string): string;
  /** Announced for a chat message from someone else. */
  announceChat(name: string, text: string): string;
  /** Announced when someone joins. */
  announceJoined(name: string): string;
  /** Announced when someone leaves. */
  announceLeft(name: string): string;
  /** Label of a screen share, e.g. "Screen of Ana". */
  screenOf(name: string): string;
  /** The in-call settings panel (camera, microphone and speaker pickers) and its button. */
  settings: string;
  /** Facilitators: the button that puts someone in focus for everyone. */
  spotlight: string;
  /** Facilitators: accessible name of the spotlight button, e.g. "Spotlight Ana". */
  spotlightParticipant(name: string): string;
  /** Badge of the participant in the spotlight. */
  spotlighted: string;
  /** Facilitators: the button (and dialog title) that ends the session for everyone. */
  endSession: string;
  /** Facilitators: the question of the end-session dialog. */
  endSessionConfirm: string;
  /** Facilitators: the confirming button of the end-session dialog. */
  endForEveryone: string;
  /** Dismisses a dialog without doing anything. */
  cancel: string;
  /** Before the room opens: when it opens, e.g. "Opens at 3:30 PM" (`time` may carry the date). */
  opensAt(time: string): string;
  /** The live countdown to the opening, e.g. "Opens in 1:04:59" (`countdown` is formatted by the element). */
  opensIn(countdown: string): string;
  /** People waiting for the room: the page joins by itself when it opens. */
  joinsWhenOpen: string;
  /** Facilitators: opens the room now, before its time, and joins. */
  openNow: string;
  /** Facilitators: what "Open session now" does for the others. */
  openNowHint: string;
  /** While the room is being opened. */
  opening: string;
  /** Announced when the room opens and the page joins by itself. */
  announceOpened: string;
  /** The hub has no video server (`livekit_not_configured`): says that only the hub's administrator can fix it. */
  videoNotSetUp: string;
}

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

  /** Texts of `<echo-session>`. */
  session: SessionTranslation;

  /** Texts of `<echo-recommendation-viewer>`. */
  recommendations: RecommendationsTranslation;

  /** Texts of `<echo-case-form>`. */
  caseForm: CaseFormTranslation;

  /** Texts of the hub console's elements. */
  console: ConsoleTranslation;

  /** Texts of `<echo-evaluation>`. */
  evaluation: EvaluationTranslation;
}

/** Texts of `<echo-recommendation-viewer>`. */
export interface RecommendationsTranslation {
  /** Shown while a case and its recommendations load. */
  loading: string;
  /** Shown while the list of cases loads. */
  loadingCases: string;
  /** Heading (and accessible name) of the list of the presenter's cases. */
  yourCases: string;
  /** The presenter has no cases. */
  noCases: string;
  /** Count of unread recommendations of a case, e.g. "2 unread". */
  unread(count: number): string;
  /** Button back from a case to the list. */
  backToCases: string;
  /** Heading of the case summary. */
  caseSummary: string;
  /** Label of the case's status. */
  status: string;
  /** A case status in words. */
  caseStatus(status: string): string;
  /** Heading of the recommendations. */
  heading: string;
  /** No recommendation issued yet. */
  none: string;
  /** Title of a recommendation, e.g. "Recommendation 2". */
  numbered(number: number): string;
  /** Label of the category. */
  category: string;
  /** A category in words (diagnostics, treatment, monitoring, referral, education). */
  categoryName(category: string): string;
  /** Label of the follow-up date. */
  followUp: string;
  /** "Issued 3 March 2026 by Dr Rivera". */
  issued(date: string, author: string): string;
  /** "Amended 4 March 2026 (version 2)". */
  amended(date: string, version: number): string;
  /** Badge of a recommendation not yet seen or acknowledged. */
  badgeNew: string;
  /** Badge of an amendment not yet seen or acknowledged. */
  badgeAmended: string;
  /** Heading of the changes of the latest amendment. */
  whatChanged: string;
  /** Read before deleted text (visually hidden). */
  removedText: string;
  /** Read before inserted text (visually hidden). */
  addedText: string;
  /** Heading of the earlier versions. */
  earlierVersions: string;
  /** "Version 1, replaced 4 March 2026". */
  version(version: number, replacedAt: string): string;
  /** Label of the reply field. */
  replyLabel: string;
  /** The acknowledge button. */
  acknowledge: string;
  /** Shown while the acknowledgement is sent. */
  acknowledging: string;
  /** "Acknowledged 5 March 2026". */
  acknowledged(date: string): string;
  /** Label of the presenter's stored reply. */
  yourReply: string;
  /** The current version (an amendment) still needs an acknowledgement. */
  amendmentNeedsAck: string;
  /** The acknowledgement could not be sent. */
  ackFailed: string;
  /** The copy-to-chart button. */
  copyToChart: string;
  /** Shown after copy to chart was handed to the host. */
  copied: string;
  /** The print button. */
  print: string;
  /** The hub is unreachable; the saved copy from `savedAt` is shown. */
  offline(savedAt: string): string;
  /** The hub is unreachable and there is no saved copy. */
  offlineNoCopy: string;
  /** The case is unknown, or the token may not see it. */
  errorNotFound: string;
  /** Announced when a recommendation is issued. */
  announceIssued(number: number): string;
  /** Announced when a recommendation is amended. */
  announceAmended(number: number): string;
  /** Announced when a recommendation is acknowledged. */
  announceAcknowledged(number: number): string;
  /** Announced when the hub is reachable again and the view caught up. */
  announceBackOnline: string;
}

/** Kinds of identifying text `<echo-case-form>` warns about (from `findIdentifyingText`). */
export type CaseFormIdentifyingKind = IdentifyingKind;

/** Validation codes `<echo-case-form>` explains next to a field (from `validateResponse`). */
export type CaseFormIssueCode = ValidationCode;

/** Case lifecycle states, as shown after submit. */
export type CaseFormCaseStatus =
  'submitted' | 'accepted' | 'returned' | 'scheduled' | 'presented' | 'recommendations_issued' | 'closed';

/** Texts of `<echo-case-form>`. */
/** Sections of the patient's record the case form reads (`fetchCaseContext()`'s IPS sections). */
export type CaseFormRecordSection = 'problems' | 'medications' | 'allergies' | 'results' | 'vitalSigns';

export interface CaseFormTranslation {
  /** Shown while the template (and the patient context) load. */
  loading: string;
  /** The element lacks `hub-url`, a token or a programme. */
  notConfigured: string;
  /** Loading failed: the token is missing, invalid or expired. */
  errorUnauthorized: string;
  /** Loading failed: the token does not allow this. */
  errorForbidden: string;
  /** Loading failed: the hub could not be reached. */
  errorNetwork: string;
  /** Loading failed for another reason. */
  errorGeneric: string;
  /** SMART: the EHR session expired (the access token is past its lifetime and could not be refreshed). */
  smartExpired: string;
  /** SMART: the EHR no longer accepts a token that should still be valid (revoked, or the session was ended). */
  smartRevoked: string;
  /** SMART: the access the EHR granted does not cover the patient's record. */
  smartForbidden: string;
  /** SMART: the launch from the EHR did not complete. */
  smartLaunchFailed: string;
  /** Button: starts a new SMART launch. */
  launchAgain: string;
  /** "Launch again" has nowhere to go by itself: what to do instead. */
  relaunchFromChart: string;
  /** Name of a section of the patient's record. */
  recordSection(section: CaseFormRecordSection): string;
  /** The EHR did not share some sections; `sections` is a formatted list of their names. */
  unreadSections(sections: string, count: number): string;
  /** Heading of the template picker. */
  chooseTemplate: string;
  /** The programme has no case templates. */
  noTemplates: string;
  /** Accessible name of the step indicator. */
  steps: string;
  /** Step 1. */
  stepFill: string;
  /** Step 2. */
  stepReview: string;
  /** Step 3. */
  stepSubmitted: string;
  /** Explains the required marker. */
  requiredLegend: string;
  /** Accessible text of the required marker. */
  required: string;
  /** Boolean answer "yes". */
  yes: string;
  /** Boolean answer "no". */
  no: string;
  /** Empty option of a drop-down. */
  choose: string;
  /** Label of a quantity's unit picker. */
  unit: string;
  /** Label of a repeating group's instance, e.g. "Medication 2". */
  repeatInstance(label: string, n: number): string;
  /** Adds an instance of a repeating group. */
  addRepeat(label: string): string;
  /** Removes an instance of a repeating group. */
  removeRepeat(label: string, n: number): string;
  /** Where a pre-filled answer came from, e.g. "From the record: Observation 2024 · LOINC 4548-4". */
  prefilledFrom(detail: string): string;
  /** How many fields were pre-filled from the de-identified record. */
  prefilledCount(count: number): string;
  /** A validation message; `limit` is the broken limit when there is one. */
  issue(code: CaseFormIssueCode, limit?: number | string): string;
  /** Shown above the form when going to review is blocked. */
  issuesSummary(count: number): string;
  /** Name of a kind of identifying text. */
  identifyingKind(kind: CaseFormIdentifyingKind): string;
  /** Inline warning on free text that looks identifying; `kinds` is a list of kind names. */
  phiWarning(kinds: string): string;
  /** Checkbox: the presenter confirms the flagged text is not identifying. */
  phiConfirm: string;
  /** Goes from filling to the review step. */
  review: string;
  /** Goes back from review to editing. */
  back: string;
  /** Sends the case. */
  submit: string;
  /** Intro of the review step. */
  reviewIntro: string;
  /** Heading of the readable summary. */
  summary: string;
  /** Heading of the raw payload. */
  payload: string;
  /** Heading of the de-identification report. */
  deidReport: string;
  /** Summary of the de-identification report. */
  deidChanges(count: number, policy: string): string;
  /** No patient record was used (population-health cases). */
  deidNone: string;
  /** A de-identification action. */
  deidAction(action: 'removed' | 'generalized' | 'redacted' | 'dropped'): string;
  /** How many elements of the record are not sent (off the allow-list). */
  deidDropped(count: number): string;
  /** Why an element is not sent (`not-allowed`, `free-text`, `attachment`, `modifier-extension`). */
  deidReason(reason: string): string;
  /** A Safe Harbor identifier kind, as a group heading (`names`, `dates`, `other-identifier`…). */
  deidKind(kind: string): string;
  /** A restored draft; `when` is a formatted date and time. */
  draftRestored(when: string): string;
  /** Discards the restored draft. */
  discardDraft: string;
  /** Drafts cannot be kept on this device (storage blocked). */
  draftNotPersistent: string;
  /** A submission is on its way. */
  sending: string;
  /** Offline: the case is queued on the device. */
  offline: string;
  /** A submission failed on the way and is retried. */
  retrying(seconds: number): string;
  /** Retries a queued submission now. */
  retryNow: string;
  /** The hub refused the case. */
  refused(message: string): string;
  /** The hub found identifying data in the case. */
  phiRejected: string;
  /** The hub found the answers invalid. */
  invalidResponse: string;
  /** Heading after submit. */
  submitted: string;
  /** Label of the case id. */
  caseId: string;
  /** Label of the case status. */
  caseStatusLabel: string;
  /** A case status. */
  caseStatus(status: CaseFormCaseStatus): string;
  /** Starts a new case after submit. */
  newCase: string;
}

/** Texts of the hub console's elements: `<echo-case-queue>`, `<echo-recommendation-editor>` and `<echo-agenda>`. */
export interface ConsoleTranslation {
  /** The element lacks `hub-url` or a token. */
  notConfigured: string;
  /** Accessible name of the case list. */
  caseQueue: string;
  /** Label of the status filter. */
  filterLabel: string;
  /** Filter option: submitted and accepted cases (the default). */
  filterOpen: string;
  /** Filter option: every case. */
  filterAll: string;
  /** Shown while cases load. */
  loadingCases: string;
  /** The list is empty. */
  noCases: string;
  /** Accept a submitted case. */
  accept: string;
  /** Opens the return form. */
  returnCase: string;
  /** Label of the reason field of the return form. */
  returnReason: string;
  /** Help under the reason field. */
  returnReasonHelp: string;
  /** Confirms the return. */
  returnConfirm: string;
  /** A return needs a reason. */
  reasonRequired: string;
  /** Opens the schedule form. */
  schedule: string;
  /** Label of the session picker. */
  sessionLabel: string;
  /** Label of the agenda position picker. */
  positionLabel: string;
  /** Position option: at the end of the agenda. */
  positionLast: string;
  /** Confirms scheduling. */
  scheduleConfirm: string;
  /** No session to schedule on. */
  noSessions: string;
  /** Closes a form without doing anything. */
  cancel: string;
  /** Opens a case to read it. */
  read: string;
  /** The case changed on the hub before the action (409). */
  errorConflict: string;
  /** Position option: before the case `title`, e.g. "Before “Fatigue case”". */
  positionBefore(title: string): string;
  /** Who submitted a case and when. */
  submittedBy(name: string, date: string): string;
  /** Why a case was returned. */
  returnedBecause(reason: string): string;
  /** The session a case is on. */
  scheduledOn(session: string): string;
  /** Label of a case status. */
  caseStatus(status: string): string;
  /** Announced when a new case arrives. */
  announceNewCase(title: string): string;
  /** Announced when the user's action succeeded. */
  announceCaseDone(title: string, status: string): string;

  /** The editor has no case to show. */
  noCaseSelected: string;
  /** Shown while the case loads. */
  loadingCase: string;
  /** Heading of the case's answers. */
  caseDetails: string;
  /** Heading of the de-identification report. */
  deidentification: string;
  /** De-identification changed nothing. */
  deidentificationNone: string;
  /** Heading of the recommendations. */
  recommendations: string;
  /** No recommendation yet. */
  noRecommendations: string;
  /** Heading of the new-recommendation form. */
  newRecommendation: string;
  /** Label of the text field. */
  recommendationText: string;
  /** Label of the category picker. */
  category: string;
  /** Empty option of the category picker. */
  categoryNone: string;
  /** Label of the follow-up date field. */
  followUp: string;
  /** Saves a new draft. */
  saveDraft: string;
  /** Opens a draft or an issued recommendation for editing. */
  edit: string;
  /** Saves an edited draft. */
  save: string;
  /** Opens the amendment form of an issued recommendation. */
  amend: string;
  /** Saves an amendment. */
  saveAmendment: string;
  /** Badge of a draft. */
  draft: string;
  /** Heading of earlier versions. */
  history: string;
  /** Not acknowledged yet. */
  notAcknowledged: string;
  /** Label before the presenter's reply. */
  reply: string;
  /** Write something first. */
  textRequired: string;
  /** Issuing needs a category. */
  categoryRequired: string;
  /** Issuing needs a presented case (409 on issue). */
  errorNotIssuable: string;
  /** The token's role cannot write recommendations. */
  readOnlyRole: string;
  /** Label of a draft's "include in issue" checkbox. */
  selectDraft: string;
  /** Issues the selected drafts, e.g. "Issue 2 selected". */
  issueSelected(count: number): string;
  /**
   * Why "Issue" is disabled before the case is presented, e.g. "Present the case first: …"; `scheduled` tells
   * whether the case is already on a session's agenda.
   */
  issuePresentFirst(scheduled: boolean): string;
  /** Why "Issue" is disabled while no draft is ticked. */
  issueSelectFirst: string;
  /** A facilitator's button on a scheduled case: marks it presented, then issues the selected drafts. */
  presentAndIssue(count: number): string;
  /** Number and status of a recommendation, e.g. "No. 2". */
  recommendationNumber(n: number): string;
  /** A version in the history, e.g. "Version 1, replaced 3 May 2026". */
  versionReplaced(version: number, date: string): string;
  /** The current version and when it was amended. */
  amendedOn(version: number, date: string): string;
  /** When the presenter acknowledged it (and which version). */
  acknowledgedOn(date: string, version: number): string;
  /** Follow-up date line. */
  followUpOn(date: string): string;
  /** Label of a category. */
  categoryName(category: string): string;
  /** Label of a de-identification action. */
  deidentificationAction(action: string): string;
  /** Summary of the report, e.g. "3 changes (Safe Harbor)". */
  deidentificationSummary(count: number, policy: string): string;
  /** Announced when recommendations were issued. */
  announceIssued(count: number): string;
  /** Announced when a recommendation was amended. */
  announceAmended(n: number): string;
  /** Announced when the presenter acknowledged a recommendation. */
  announceAcknowledged(n: number): string;
  /** Announced after a draft was saved. */
  announceDraftSaved: string;

  /** The agenda has no session. */
  noSessionSelected: string;
  /** Shown while the agenda loads. */
  loadingAgenda: string;
  /** Accessible name of the agenda list. */
  agenda: string;
  /** No case on the agenda. */
  agendaEmpty: string;
  /** Facilitators open the session's room. */
  openSession: string;
  /** Marks a scheduled case as presented. */
  markPresented: string;
  /** Label of a session status. */
  sessionStatus(status: string): string;
  /** Announced when the agenda changed. */
  announceAgendaChanged: string;
  /** Facilitators: opens a scheduled session's room now, before its time. */
  openNow: string;
  /** When joining a scheduled session opens, e.g. "Joining opens at 3:30 PM". */
  joinOpensAt(time: string): string;
  /** Facilitators: opens the form that starts an unscheduled (ad-hoc) session now. */
  startAdHoc: string;
  /** Label of the ad-hoc session's title field. */
  adHocTitle: string;
  /** Suggested title of an ad-hoc session. */
  adHocDefaultTitle: string;
  /** Starts the ad-hoc session. */
  startNow: string;
  /** The ad-hoc session needs a title. */
  titleRequired: string;
}

/** Why CME credit is not granted (the hub's `CreditStatus.reason`). */
export type EvaluationCreditReason = 'session_not_ended' | 'below_minimum' | 'evaluation_pending' | 'session_cancelled';

/** Texts of `<echo-evaluation>`. */
export interface EvaluationTranslation {
  /** Shown while the evaluation loads. */
  loading: string;
  /** The element lacks `hub-url`, a token or `session-id`. */
  notConfigured: string;
  /** The programme asks for no evaluation. */
  noEvaluation: string;
  /** Default heading (the Questionnaire's title wins). */
  heading: string;
  /** Line under the heading. */
  intro: string;
  /** Screen-reader text of the required marker. */
  required: string;
  /** Boolean answers. */
  yes: string;
  no: string;
  /** First, empty entry of a drop-down. */
  choose: string;
  /** The submit button. */
  submit: string;
  /** The submit button while sending. */
  submitting: string;
  /** Under an unanswered required question. */
  answerRequired: string;
  /** Under an answer the hub refused. */
  answerInvalid: string;
  /** Summary above the form when answers are missing or invalid. */
  fixErrors(count: number): string;
  /** After submitting (or when already submitted). */
  thanks: string;
  /** When the answers were sent, e.g. "Submitted on 5 March 2026, 17:10". */
  submittedOn(date: string): string;
  /** Credit earned for the session. */
  creditEarned(credits: number): string;
  /** Why there is no credit (yet). */
  creditReason(reason: EvaluationCreditReason): string;
  /** The session has not started: the evaluation opens then. */
  notStarted: string;
  /** Sending failed for another reason; `message` is the hub's. */
  sendFailed(message: string): string;
}
