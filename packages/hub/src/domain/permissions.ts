import { ROLES, rolesThat } from '@teleecho/sdk';
import type { Role } from '@teleecho/sdk';
import { DomainError } from './errors.js';
import type { Principal, UserPrincipal } from './principal.js';

/** Everything a caller can try to do. */
export type Action =
  | 'program.read'
  | 'program.create'
  | 'program.update'
  | 'session.read'
  | 'session.write'
  | 'session.open'
  | 'template.read'
  | 'template.write'
  | 'case.create'
  | 'case.read'
  | 'recommendation.write'
  | 'events.read'
  | 'credit.read'
  | 'credit.manage'
  | 'evaluation.submit'
  | 'calendar.link';

/** Roles of the hub team: they see every case of their programme and every draft. */
export const HUB_TEAM: readonly Role[] = rolesThat('hubTeam');

const ALL: readonly Role[] = ROLES;
/** Those who run the programme: sessions, templates, credit. */
const MANAGERS = rolesThat('manageProgram');

/**
 * Role × action table. `apiKey: true` means a secret API key may do it too.
 * Finer rules (ownership, visibility, lifecycle) live in the domain modules.
 */
export const PERMISSIONS: Record<Action, { roles: readonly Role[]; apiKey: boolean }> = {
  'program.read': { roles: ALL, apiKey: true },
  'program.create': { roles: MANAGERS, apiKey: true },
  'program.update': { roles: MANAGERS, apiKey: true },
  'session.read': { roles: ALL, apiKey: true },
  'session.write': { roles: MANAGERS, apiKey: true },
  // open a room before its window, start an ad-hoc session: those who run sessions
  'session.open': { roles: rolesThat('openSessions'), apiKey: true },
  'template.read': { roles: ALL, apiKey: true },
  'template.write': { roles: MANAGERS, apiKey: true },
  'case.create': { roles: rolesThat('submitCases'), apiKey: false },
  'case.read': { roles: ALL, apiKey: false },
  'recommendation.write': { roles: rolesThat('writeRecommendations'), apiKey: false },
  'events.read': { roles: ALL, apiKey: false },
  // CME: own transcript/certificates; anyone's (and the credit rule) for coordinators; evaluations; calendar links
  'credit.read': { roles: ALL, apiKey: true },
  'credit.manage': { roles: MANAGERS, apiKey: true },
  'evaluation.submit': { roles: ALL, apiKey: false },
  'calendar.link': { roles: ALL, apiKey: true },
};

/** True when the principal's role (or API key) may perform the action at all. */
export function can(principal: Principal, action: Action): boolean {
  const rule = PERMISSIONS[action];
  return principal.kind === 'apiKey' ? rule.apiKey : rule.roles.includes(principal.role);
}

/** Throws 403 `forbidden` unless {@link can}. */
export function authorize(principal: Principal, action: Action): void {
  if (can(principal, action)) return;
  if (principal.kind === 'apiKey') {
    throw new DomainError('forbidden', `${action} needs an embed token of a person, not an API key`);
  }
  throw new DomainError('forbidden', `role "${principal.role}" may not ${action.replace('.', ' ')}`);
}

/** Throws 403 `wrong_program` when a person's token is for another programme. */
export function requireProgram(principal: Principal, programId: string): void {
  if (principal.kind === 'user' && principal.programId !== programId) {
    throw new DomainError('wrong_program', 'the token is for another programme');
  }
}

/** Throws 403 `forbidden` when a session-narrowed token touches another session. */
export function requireSessionScope(principal: Principal, sessionId: string): void {
  if (principal.kind === 'user' && principal.sessionId && principal.sessionId !== sessionId) {
    throw new DomainError('forbidden', 'the token is narrowed to another session');
  }
}

/** True when the person belongs to the hub team. */
export function isHubTeam(principal: Principal): boolean {
  return principal.kind === 'user' && HUB_TEAM.includes(principal.role);
}

/** Narrows a principal to a person, or throws 403 for an API key. */
export function requireUser(principal: Principal, action: Action): UserPrincipal {
  authorize(principal, action);
  if (principal.kind !== 'user') throw new DomainError('forbidden', 'needs an embed token of a person');
  return principal;
}
