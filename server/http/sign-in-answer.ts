/**
 * How every route that starts a session answers (sign-up, sign-in, accepting an invitation): the
 * session cookie, and `{me}` with the session's CSRF token. A session this browser already had
 * is ended, so a sign-in never leaves a forgotten one behind.
 */
import type { Request, Response } from 'express';
import type { SignedInAnswer } from '../../shared/auth/account-types.ts';
import type { Accounts, SignedIn } from '../auth/accounts.ts';
import type { AuthLocals } from './authentication.ts';
import { meAnswer } from './me-answer.ts';
import { setSessionCookie } from './session-cookie.ts';

export interface SignInAnswerOptions {
  /** For the cookie's Secure attribute. */
  publicUrl: string;
  now: () => number;
}

export async function answerSignedIn(req: Request, res: Response, accounts: Accounts, options: SignInAnswerOptions, status: number, result: SignedIn): Promise<void> {
  const previous = (res.locals as AuthLocals).session;
  if (previous) await accounts.signOut(previous.id);
  setSessionCookie(req, res, options.publicUrl, result.session.id, result.session.expiresAt, options.now());
  const answer: SignedInAnswer = { me: { ...meAnswer(result.identity), csrfToken: result.session.csrfToken } };
  res.status(status).json(answer);
}
