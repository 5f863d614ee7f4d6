/**
 * The public reading room over HTTP (no account): `GET /read/:docId` (the newest published version),
 * `/read/:docId/v/:seq` (a published version), `/read/:docId/draft` (the live draft, when the
 * document allows it), `?lang=en` for English, and the room's stylesheet. Pages are HTML that needs
 * no script; their Content-Security-Policy allows none, and only this app's stylesheet. Each page
 * says how long the server took and how it was made (`Server-Timing: page;dur=…;desc="kept"`), so
 * the benchmarks and anyone's browser tools can tell server time from the network's.
 *
 * Addresses are parsed from the raw path rather than express's decoded parameters: a document id
 * or position is never percent-encoded, and a malformed escape must get the room's not-found page,
 * not a JSON error.
 */
import { Router, type Request, type Response } from 'express';
import { DEFAULT_LANG, type Lang } from '../../shared/i18n/index.ts';
import type { ReadingRoomAnswer, ReadingRoomPages } from './reading-room-pages.ts';
import type { ReadingRoomStylesheet } from './reading-room-stylesheet.ts';
import { READING_ROOM_PREFIX, type ReadingView } from '../../shared/reading-room/reading-room-urls.ts';

const PAGE_SECURITY_POLICY = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');

/** A log position as it may appear in an address: a whole number from 1, without leading zeros. */
const SEQ_SEGMENT = /^[1-9]\d{0,14}$/;

function langOf(req: Request): Lang {
  return req.query.lang === 'en' ? 'en' : DEFAULT_LANG;
}

/** The document id and view an address names, or null when it names neither. */
function parseAddress(path: string): { docId: string; view: ReadingView } | null {
  // One trailing slash is forgiven; any other empty segment makes the address unknown.
  const rest = path.slice(READING_ROOM_PREFIX.length).replace(/(.)\/$/, '$1');
  if (!rest.startsWith('/')) return null;
  const segments = rest.slice(1).split('/');
  if (segments.some((s) => s === '') || segments.length > 3) return null;
  const [docId, what, seq] = segments;
  if (docId === undefined) return null;
  if (what === undefined) return { docId, view: { kind: 'latest' } };
  if (what === 'draft' && seq === undefined) return { docId, view: { kind: 'draft' } };
  if (what === 'v' && seq !== undefined && SEQ_SEGMENT.test(seq)) return { docId, view: { kind: 'version', seq: Number(seq) } };
  return null;
}

/**
 * True when the reader already has this page. Compared here rather than with express's `req.fresh`,
 * which answers in full whenever the request says `Cache-Control: no-cache` — and fetch() adds that
 * to every conditional request it sends itself, though the origin may still answer 304.
 */
function readerHas(req: Request, etag: string): boolean {
  const header = req.get('If-None-Match');
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate === etag || candidate === `W/${etag}`;
  });
}

async function send(req: Request, res: Response, answer: ReadingRoomAnswer, startedAt: number): Promise<void> {
  const gzipped = answer.gzipped !== null && req.acceptsEncodings('gzip', 'identity') === 'gzip';
  // The compressed bytes are another representation, so they get a validator of their own.
  const etag = answer.etag === null ? null : gzipped ? `${answer.etag.slice(0, -1)}-gz"` : answer.etag;
  const timing = (): void => {
    res.setHeader('Server-Timing', `page;dur=${(performance.now() - startedAt).toFixed(2)};desc="${answer.made}"`);
  };
  res.status(answer.status);
  res.setHeader('Content-Security-Policy', PAGE_SECURITY_POLICY);
  res.setHeader('Cache-Control', answer.cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  res.type('html');
  if (etag) {
    res.setHeader('ETag', etag);
    if (readerHas(req, etag)) {
      timing();
      res.status(304).end();
      return;
    }
  }
  // Compressed only when it is to be sent (a reader who has the page costs nothing more).
  const body = gzipped && answer.gzipped ? await answer.gzipped() : answer.body;
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  timing();
  res.send(body);
}

export function readingRoomRoutes(pages: ReadingRoomPages, stylesheet: ReadingRoomStylesheet): Router {
  const router = Router();

  router.get(stylesheet.href, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type('css').send(stylesheet.css);
  });

  router.get([READING_ROOM_PREFIX, new RegExp(`^${READING_ROOM_PREFIX}/.*$`)], async (req, res) => {
    const startedAt = performance.now();
    const address = parseAddress(req.path);
    const lang = langOf(req);
    await send(req, res, address ? await pages.answer(address.docId, address.view, lang) : pages.notFoundAddress(lang), startedAt);
  });

  return router;
}
