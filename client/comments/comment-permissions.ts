/**
 * What this person may do with comments, by role: the client's copy of the server's policy table
 * (server/auth/policy.ts; a unit test keeps the two equal). It only decides which controls to show:
 * the server refuses anything else whatever the page offers.
 */
import type { Role } from '../../shared/auth/roles.ts';

export interface CommentPermissions {
  /** Write threads and replies (`comment.create`). */
  comment: boolean;
  /** Ask a moderator to look at a comment (`comment.flag`). */
  flag: boolean;
  /** Hide, unhide, keep, and read the moderation queue (`comment.hide`, `moderation.read`). */
  moderate: boolean;
  /** Mark a thread addressed or reopen it (`comment.address`). */
  address: boolean;
  /** Support or oppose an article (`stance.set`). */
  takeStance: boolean;
}

const BY_ROLE: Record<Role, CommentPermissions> = {
  citizen: { comment: true, flag: true, moderate: false, address: false, takeStance: true },
  member: { comment: true, flag: true, moderate: false, address: true, takeStance: false },
  admin: { comment: true, flag: true, moderate: true, address: true, takeStance: false },
  auditor: { comment: false, flag: true, moderate: false, address: false, takeStance: false },
};

export function commentPermissions(role: Role): CommentPermissions {
  return BY_ROLE[role];
}
