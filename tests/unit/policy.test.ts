/**
 * The policy table, role by role and action by action. The expected answers are written out here
 * by hand, not read from the policy, so that a change to who may do what has to be made twice:
 * once in server/auth/policy.ts and once below, on purpose.
 */
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/auth/roles.ts';
import { ACTIONS, type Action, may } from '../../server/auth/policy.ts';

const Y = true;
const N = false;

/** Columns: admin, member, citizen, auditor. */
const EXPECTED: Record<Action, readonly [admin: boolean, member: boolean, citizen: boolean, auditor: boolean]> = {
  'document.read': [Y, Y, Y, Y],
  'document.edit': [N, Y, N, N],
  'sources.import': [Y, N, N, N],
  'thresholds.set': [Y, N, N, N],
  'link.create': [Y, Y, N, N],
  'link.retire': [Y, Y, N, N],
  'audit.read': [Y, N, N, Y],
  'version.create': [Y, Y, N, N],
  'version.restore': [N, Y, N, N],
  'readingRoom.configure': [Y, N, N, N],
  'invitation.create': [Y, N, N, N],
  'comment.read': [Y, Y, Y, Y],
  'comment.create': [Y, Y, Y, N],
  'comment.flag': [Y, Y, Y, Y],
  'comment.hide': [Y, N, N, N],
  'comment.readHidden': [Y, N, N, Y],
  'comment.address': [Y, Y, N, N],
  'stance.set': [N, N, Y, N],
  'moderation.read': [Y, N, N, N],
};

const COLUMNS: readonly Role[] = ['admin', 'member', 'citizen', 'auditor'];

describe('the policy table', () => {
  it('is checked here for every action it has, and every role there is', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
  });

  for (const action of Object.keys(EXPECTED) as Action[]) {
    for (const [column, role] of COLUMNS.entries()) {
      const allowed = EXPECTED[action][column];
      it(`${allowed ? 'lets' : 'does not let'} ${role} do ${action}`, () => {
        expect(may(role, action)).toBe(allowed);
      });
    }
  }
});
