import type { StoredEvent } from '../storage/storage.js';
import { HUB_TEAM } from './permissions.js';
import type { UserPrincipal } from './principal.js';

/** What the event stream knows about its viewer. */
export interface EventViewer {
  principal: UserPrincipal;
  /** Sessions the viewer attended (participants see recommendations of cases presented there). */
  attendedSessions: ReadonlySet<string>;
}

/** Optional stream filters (`?programId&caseId`). */
export interface EventFilter {
  programId?: string;
  caseId?: string;
}

/**
 * Whether a viewer may see an event: session.* and attendance.* go to every member of the programme;
 * case.* and recommendation.* to the hub team and the case's presenter; participants get
 * recommendation.issued/amended of cases presented in sessions they attended. Token narrowing applies.
 */
export function canSeeEvent(viewer: EventViewer, event: StoredEvent, filter: EventFilter = {}): boolean {
  const { principal } = viewer;
  if (event.programId !== principal.programId) return false;
  if (filter.programId && event.programId !== filter.programId) return false;
  if (filter.caseId && event.caseId !== filter.caseId) return false;
  if (principal.caseId && event.caseId !== principal.caseId) return false;
  if (principal.sessionId && event.sessionId !== principal.sessionId) return false;
  if (event.type.startsWith('session.') || event.type.startsWith('attendance.')) return true;
  if (HUB_TEAM.includes(principal.role)) return true;
  if (principal.role === 'presenter') return event.presenterId === principal.sub;
  if (principal.role === 'participant') {
    return (
      (event.type === 'recommendation.issued' || event.type === 'recommendation.amended') &&
      event.sessionId !== undefined &&
      viewer.attendedSessions.has(event.sessionId)
    );
  }
  return false;
}
