/** `GET /api/health` and `GET /api/me`. */
import { Router } from 'express';
import { may } from '../../auth/policy.ts';
import { methodNotAllowed } from '../api-error.ts';
import { requireIdentity } from '../authentication.ts';

export function systemRoutes(): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/me', (_req, res) => {
    const identity = requireIdentity(res);
    res.json({
      id: identity.userId,
      name: identity.name,
      role: identity.role,
      color: identity.color,
      canEdit: may(identity.role, 'document.edit'),
    });
  });
  router.all(['/health', '/me'], methodNotAllowed('GET'));
  return router;
}
