/**
 * The one place that decides who may do what. REST routes and the collaboration websocket both ask
 * `may(role, action)`; nothing else checks roles. What anyone may do without signing in (reading
 * sources, provenance links and reports) needs no action here.
 */
import type { Role } from '../../shared/auth/roles.ts';

export type Action = 'document.read' | 'document.edit' | 'sources.import' | 'thresholds.set' | 'link.create' | 'link.retire' | 'audit.read' | 'version.create' | 'version.restore';

const POLICY: Record<Action, readonly Role[]> = {
  'document.read': ['admin', 'member', 'citizen', 'auditor'],
  // Only the drafting commission writes the text; everyone else reads it (and, later, comments).
  'document.edit': ['member'],
  // Loading citizen input and setting the process's thresholds is administration.
  'sources.import': ['admin'],
  'thresholds.set': ['admin'],
  // Provenance is the drafting commission's claim about its own text; admins may correct it.
  'link.create': ['member', 'admin'],
  'link.retire': ['member', 'admin'],
  // The full audit log names everyone's every write: for the people whose job is to check it.
  // Its head (count and hash) is public.
  'audit.read': ['auditor', 'admin'],
  // Naming a version is a drafting decision ("Proyecto presentado a la Asamblea").
  'version.create': ['member', 'admin'],
  // A restore changes the text, so it is the commission's, like any edit.
  'version.restore': ['member'],
};

/** True when a user with `role` may perform `action`. */
export function may(role: Role, action: Action): boolean {
  return POLICY[action].includes(role);
}
