/** `GET /api/health` and `GET /api/me`. */
import { Router } from 'express';
import { methodNotAllowed } from '../api-error.ts';
import { type AuthLocals, requireIdentity } from '../authentication.ts';
import { meAnswer } from '../me-answer.ts';

export function systemRoutes(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/me', (_req, res) => {
    const identity = requireIdentity(res);
    // A page signed in by the cookie learns its session's CSRF token here (after a reload, too).
    res.set('Cache-Control', 'no-store').json(meAnswer(identity, (res.locals as AuthLocals).session?.csrfToken));
  });
  router.all(['/health', '/me'], methodNotAllowed('GET'));
  return router;
}
