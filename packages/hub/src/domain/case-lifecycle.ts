import type { CaseStatus, Role } from '@teleecho/sdk';

/** One allowed case transition. */
export interface Transition {
  from: CaseStatus;
  to: CaseStatus;
  /** Roles that may perform it by PATCH. */
  roles: readonly Role[];
  /** Only the case's own presenter may perform it. */
  ownerOnly?: boolean;
  /** Body fields that must be present. */
  requires?: readonly ('reason' | 'sessionId')[];
}

/**
 * The case lifecycle, table-driven. presented → recommendations_issued happens automatically when
 * the first recommendation is issued, and → closed also when every issued recommendation is acknowledged.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'submitted', to: 'accepted', roles: ['coordinator'] },
  { from: 'submitted', to: 'returned', roles: ['coordinator'], requires: ['reason'] },
  { from: 'returned', to: 'submitted', roles: ['presenter'], ownerOnly: true },
  { from: 'accepted', to: 'scheduled', roles: ['coordinator'], requires: ['sessionId'] },
  { from: 'scheduled', to: 'accepted', roles: ['coordinator'] },
  { from: 'scheduled', to: 'presented', roles: ['coordinator', 'facilitator'] },
  { from: 'recommendations_issued', to: 'closed', roles: ['coordinator'] },
];

/** The transition from → to, if the lifecycle has one. */
export function findTransition(from: CaseStatus, to: CaseStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** Case states in which recommendations may be drafted. */
export const DRAFTABLE: readonly CaseStatus[] = ['accepted', 'scheduled', 'presented', 'recommendations_issued'];

/** Case states in which a recommendation may be issued. */
export const ISSUABLE: readonly CaseStatus[] = ['presented', 'recommendations_issued'];
