/**
 * Invitations (docs/api.md, "Accounts"): an admin invites a member, auditor or admin (policy
 * `invitation.create`) and hands them the link; the invitee's page reads what the invitation
 * offers and accepts it with their email, name and password, which creates the account with the
 * invitation's role and signs them in. A code works once, for seven days.
 */
import { Router } from 'express';
import { z } from 'zod';
import { type InvitationCreatedAnswer, type InvitationPreviewAnswer, INVITED_ROLES, invitationPath } from '../../../shared/auth/account-types.ts';
import { emailField, nameField, passwordField } from '../../auth/account-fields.ts';
import type { Accounts } from '../../auth/accounts.ts';
import { answeringRefusals } from '../account-refusal.ts';
import { methodNotAllowed } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';
import { requireOwnOrigin } from '../csrf-guard.ts';
import { parseBody } from '../parse-body.ts';
import { answerSignedIn, type SignInAnswerOptions } from '../sign-in-answer.ts';

const createBody = z.object({ role: z.enum(INVITED_ROLES), name: nameField.optional(), email: emailField.optional() }).strict();
const acceptBody = z.object({ code: z.string().max(200), email: emailField, name: nameField, password: passwordField }).strict();

export type InvitationRouteOptions = SignInAnswerOptions;

export function invitationRoutes(accounts: Accounts, options: InvitationRouteOptions): Router {
  const router = Router();

  router.post('/invitations', async (req, res) => {
    const identity = requirePermission(res, 'invitation.create');
    const body = parseBody(createBody, req.body);
    const invitation = await accounts.createInvitation(identity.userId, { role: body.role, name: body.name ?? null, email: body.email ?? null });
    const answer: InvitationCreatedAnswer = { id: invitation.id, role: invitation.role, url: invitationPath(invitation.code), expiresAt: invitation.expiresAt };
    res.status(201).json(answer);
  });

  router.post('/invitations/accept', async (req, res) => {
    requireOwnOrigin(req, options.publicUrl);
    const body = parseBody(acceptBody, req.body);
    await answerSignedIn(req, res, accounts, options, 201, await answeringRefusals(res, () => accounts.acceptInvitation(body)));
  });

  router.get('/invitations/:code', async (req, res) => {
    const invitation = await answeringRefusals(res, () => accounts.invitation(req.params.code));
    const answer: InvitationPreviewAnswer = { role: invitation.role, name: invitation.name, expiresAt: invitation.expiresAt };
    // The code is a credential: no cache should keep the answer under its URL.
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.all('/invitations', methodNotAllowed('POST'));
  router.all('/invitations/accept', methodNotAllowed('POST'));
  router.all('/invitations/:code', methodNotAllowed('GET'));
  return router;
}
