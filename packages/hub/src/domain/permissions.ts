import type { Role } from '@teleecho/sdk';
import { HubError } from '../http/problem.js';
import type { Principal, UserPrincipal } from './principal.js';

/** Everything a caller can try to do. */
export type Action =
  | 'program.read'
  | 'program.create'
  | 'program.update'
  | 'session.read'
  | 'session.write'
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
export const HUB_TEAM: readonly Role[] = ['coordinator', 'facilitator', 'specialist'];

const ALL: readonly Role[] = ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'];

/**
 * Role × action table. `apiKey: true` means a secret API key may do it too.
 * Finer rules (ownership, visibility, lifecycle) live in the domain modules.
 */
export const PERMISSIONS: Record<Action, { roles: readonly Role[]; apiKey: boolean }> = {
  'program.read': { roles: ALL, apiKey: true },
  'program.create': { roles: ['coordinator'], apiKey: true },
  'program.update': { roles: ['coordinator'], apiKey: true },
  'session.read': { roles: ALL, apiKey: true },
  'session.write': { roles: ['coordinator'], apiKey: true },
  'template.read': { roles: ALL, apiKey: true },
  'template.write': { roles: ['coordinator'], apiKey: true },
  'case.create': { roles: ['presenter'], apiKey: false },
  'case.read': { roles: ALL, apiKey: false },
  'recommendation.write': { roles: ['specialist', 'facilitator'], apiKey: false },
  'events.read': { roles: ALL, apiKey: false },
  // CME: own transcript/certificates; anyone's (and the credit rule) for coordinators; evaluations; calendar links
  'credit.read': { roles: ALL, apiKey: true },
  'credit.manage': { roles: ['coordinator'], apiKey: true },
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
    throw new HubError(403, 'forbidden', `${action} needs an embed token of a person, not an API key`);
  }
  throw new HubError(403, 'forbidden', `role "${principal.role}" may not ${action.replace('.', ' ')}`);
}

/** Throws 403 `wrong_program` when a person's token is for another programme. */
export function requireProgram(principal: Principal, programId: string): void {
  if (principal.kind === 'user' && principal.programId !== programId) {
    throw new HubError(403, 'wrong_program', 'the token is for another programme');
  }
}

/** Throws 403 `forbidden` when a session-narrowed token touches another session. */
export function requireSessionScope(principal: Principal, sessionId: string): void {
  if (principal.kind === 'user' && principal.sessionId && principal.sessionId !== sessionId) {
    throw new HubError(403, 'forbidden', 'the token is narrowed to another session');
  }
}

/** True when the person belongs to the hub team. */
export function isHubTeam(principal: Principal): boolean {
  return principal.kind === 'user' && HUB_TEAM.includes(principal.role);
}

/** Narrows a principal to a person, or throws 403 for an API key. */
export function requireUser(principal: Principal, action: Action): UserPrincipal {
  authorize(principal, action);
  if (principal.kind !== 'user') throw new HubError(403, 'forbidden', 'needs an embed token of a person');
  return principal;
}
