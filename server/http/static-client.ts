/**
 * Serves the built browser app from dist/client. Page routes (`/`, `/d/:docId`) get index.html;
 * hashed assets are cached for a long time, index.html never.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export function staticClient(clientDir: string): Router {
  const router = Router();
  const index = path.join(clientDir, 'index.html');
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get(['/', '/d/:docId'], (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The client has not been built. Run `npm run build` (npm start does it automatically).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
