/** The answer of `GET /api/me`, also inside every sign-in answer (`{me}`). */
import type { MeAnswer } from '../../shared/auth/account-types.ts';
import type { Identity } from '../auth/identity.ts';
import { may } from '../auth/policy.ts';

/** Who is signed in; with the session's CSRF token when a cookie session authenticates them. */
export function meAnswer(identity: Identity, csrfToken?: string): MeAnswer {
  return {
    id: identity.userId,
    name: identity.name,
    role: identity.role,
    color: identity.color,
    canEdit: may(identity.role, 'document.edit'),
    ...(csrfToken === undefined ? {} : { csrfToken }),
  };
}
