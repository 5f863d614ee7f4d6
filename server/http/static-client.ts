/**
 * Serves the built browser app from dist/client. Page routes (`/`, `/d/:docId`, its history and the
 * version reader `/d/:docId/history/:seq`, the public trace
 * pages `/sources`, `/sources/:id`, `/auditor`, and the account pages `/signin`, `/signup`,
 * `/invite`) get index.html;
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
  // A source's page is matched without a named parameter: express would decode it and answer an
  // address with broken percent-encoding with a JSON error, where the page says "not found".
  router.get(['/', '/d/:docId', '/d/:docId/history', '/d/:docId/history/:seq', '/sources', /^\/sources\/[^/]+\/?$/, '/auditor', '/signin', '/signup', '/invite'], (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The client has not been built. Run `npm run build` (npm start does it automatically).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  // Anything else is not a page of Carta: a small page in both languages, not express's default.
  router.use((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).setHeader('Allow', 'GET').type('text/plain').send('Method not allowed');
      return;
    }
    res.status(404).type('html').send(NOT_FOUND_PAGE);
  });
  return router;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Página no encontrada · Carta</title>
<style>body{font-family:Georgia,serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}a{color:#1d4e89}</style>
</head><body>
<h1>Página no encontrada</h1>
<p>Esta dirección no existe en Carta. <a href="/">Ir al documento principal</a>.</p>
<p lang="en">This address does not exist in Carta. <a href="/">Go to the main document</a>.</p>
</body></html>`;
