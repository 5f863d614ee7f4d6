/**
 * The one place that decides who may do what. REST routes and the collaboration websocket both ask
 * `may(role, action)`; nothing else checks roles.
 */
import type { Role } from '../../shared/auth/roles.ts';

export type Action = 'document.read' | 'document.edit';

const POLICY: Record<Action, readonly Role[]> = {
  'document.read': ['admin', 'member', 'citizen', 'auditor'],
  // Only the drafting commission writes the text; everyone else reads it (and, later, comments).
  'document.edit': ['member'],
};

/** True when a user with `role` may perform `action`. */
export function may(role: Role, action: Action): boolean {
  return POLICY[action].includes(role);
}
