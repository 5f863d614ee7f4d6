/**
 * Signing up, in and out, and changing the password (docs/api.md, "Accounts"). Signing up or in
 * answers `{me}` (with the session's CSRF token) and sets the session cookie; signing out ends the
 * session and clears the cookie; a password change ends the person's other sessions.
 */
import { type Request, Router } from 'express';
import { z } from 'zod';
import { emailField, givenPasswordField, nameField, passwordField } from '../../auth/account-fields.ts';
import type { Accounts } from '../../auth/accounts.ts';
import { answeringRefusals } from '../account-refusal.ts';
import { methodNotAllowed } from '../api-error.ts';
import { type AuthLocals, requireIdentity } from '../authentication.ts';
import { requireOwnOrigin } from '../csrf-guard.ts';
import { parseBody } from '../parse-body.ts';
import { clearSessionCookie } from '../session-cookie.ts';
import { answerSignedIn, type SignInAnswerOptions } from '../sign-in-answer.ts';

const signUpBody = z.object({ email: emailField, name: nameField, password: passwordField }).strict();
const signInBody = z.object({ email: emailField, password: givenPasswordField }).strict();
const passwordBody = z.object({ current: givenPasswordField, next: passwordField }).strict();

/** `publicUrl` also names this server for the origin check behind a proxy. */
export type AccountRouteOptions = SignInAnswerOptions;

/** The client's address, for the per-address limit on failed sign-ins. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function accountRoutes(accounts: Accounts, options: AccountRouteOptions): Router {
  const router = Router();

  router.post('/auth/signup', async (req, res) => {
    requireOwnOrigin(req, options.publicUrl);
    const body = parseBody(signUpBody, req.body);
    await answerSignedIn(req, res, accounts, options, 201, await answeringRefusals(res, () => accounts.signUp(body)));
  });

  router.post('/auth/login', async (req, res) => {
    requireOwnOrigin(req, options.publicUrl);
    const body = parseBody(signInBody, req.body);
    await answerSignedIn(req, res, accounts, options, 200, await answeringRefusals(res, () => accounts.signIn(body, clientAddress(req))));
  });

  router.post('/auth/logout', async (req, res) => {
    // Signed out already (no session, or an ended one): the answer is the same, and the cookie goes.
    const session = (res.locals as AuthLocals).session;
    if (session) await accounts.signOut(session.id);
    clearSessionCookie(req, res, options.publicUrl);
    res.status(204).end();
  });

  router.post('/auth/password', async (req, res) => {
    const identity = requireIdentity(res);
    const body = parseBody(passwordBody, req.body);
    const session = (res.locals as AuthLocals).session;
    await answeringRefusals(res, () => accounts.changePassword(identity, session?.id ?? null, body.current, body.next, clientAddress(req)));
    res.status(204).end();
  });

  router.all(['/auth/signup', '/auth/login', '/auth/logout', '/auth/password'], methodNotAllowed('POST'));
  return router;
}
