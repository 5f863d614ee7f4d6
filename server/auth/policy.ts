/**
 * The one place that decides who may do what. REST routes and the collaboration websocket both ask
 * `may(role, action)`; nothing else checks roles. What anyone may do without signing in (reading
 * sources, provenance links and reports) needs no action here.
 */
import type { Role } from '../../shared/auth/roles.ts';

export type Action = 'document.read' | 'document.edit' | 'sources.import' | 'thresholds.set' | 'link.create' | 'link.retire' | 'audit.read' | 'version.create' | 'version.restore' | 'readingRoom.configure' | 'invitation.create' | ParticipationAction;

/** Citizen participation: comments, their moderation and addressing, support or opposition. */
type ParticipationAction = 'comment.read' | 'comment.create' | 'comment.flag' | 'comment.hide' | 'comment.readHidden' | 'comment.address' | 'stance.set' | 'moderation.read';

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
  // Whether the public may read the live draft (not only published versions) is a decision about
  // the process, like its thresholds.
  'readingRoom.configure': ['admin'],
  // Members, auditors and admins join by an admin's invitation (citizens sign up by themselves):
  // who drafts, checks and runs the process is the process's decision.
  'invitation.create': ['admin'],
  // Comments quote the live draft, which is for signed-in readers (the public reading room shows
  // published versions), so reading them is too; their counts are public (no action).
  'comment.read': ['admin', 'member', 'citizen', 'auditor'],
  // Citizens comment and the commission answers in the same threads; admins take part as staff.
  // Auditors do not: they check the process, including its moderation, and should not be a party
  // to the debate they audit.
  'comment.create': ['citizen', 'member', 'admin'],
  // Anyone signed in may point a moderator at a comment; flagging takes no side.
  'comment.flag': ['admin', 'member', 'citizen', 'auditor'],
  // Hiding, unhiding and keeping (deciding a flag without hiding) are moderation: admins.
  'comment.hide': ['admin'],
  // What a hidden comment said: moderators decide on it, and auditors read everything, so that
  // moderation cannot silence dissent unseen.
  'comment.readHidden': ['admin', 'auditor'],
  // Marking a thread addressed is the drafting commission's answer to it; admins may correct it.
  'comment.address': ['member', 'admin'],
  // Support and opposition are the citizens' voice on the draft: the commission's own members (who
  // write it), admins (who moderate) and auditors (who check) would blur what the counts measure.
  'stance.set': ['citizen'],
  // The queue of flagged comments is the moderators' worklist.
  'moderation.read': ['admin'],
};

/** Every action the table decides (tests check each against every role). */
export const ACTIONS = Object.keys(POLICY) as readonly Action[];

/** True when a user with `role` may perform `action`. */
export function may(role: Role, action: Action): boolean {
  return POLICY[action].includes(role);
}
