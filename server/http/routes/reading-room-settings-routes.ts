/**
 * The reading room's settings of a document over REST: `GET` for anyone (the room itself shows
 * whether the draft is public), `PUT {liveDraft}` for admins (policy action `readingRoom.configure`),
 * recorded as an audit event with the change.
 */
import { Router } from 'express';
import { z } from 'zod';
import { changeReadingRoomSettings, readingRoomSettings } from '../../reading-room/reading-room-settings.ts';
import type { CartaStore } from '../../storage/store.ts';
import { methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';
import { parseBody } from '../parse-body.ts';

const settingsBody = z.object({ liveDraft: z.boolean() }).strict();

export function readingRoomSettingsRoutes(store: CartaStore): Router {
  const router = Router();

  const requireDocument = async (id: string): Promise<void> => {
    if (!(await store.getDocument(id))) throw notFound(`Document "${id}"`);
  };

  router.get('/documents/:id/reading-room', async (req, res) => {
    await requireDocument(req.params.id);
    res.set('Cache-Control', 'no-cache').json(await readingRoomSettings(store, req.params.id));
  });

  router.put('/documents/:id/reading-room', async (req, res) => {
    const identity = requirePermission(res, 'readingRoom.configure');
    const body = parseBody(settingsBody, req.body);
    await requireDocument(req.params.id);
    await changeReadingRoomSettings(store, req.params.id, { liveDraft: body.liveDraft }, identity.userId, Date.now());
    res.json(await readingRoomSettings(store, req.params.id));
  });

  router.all('/documents/:id/reading-room', methodNotAllowed('GET, PUT'));
  return router;
}
