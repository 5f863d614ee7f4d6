/**
 * The express application, composed in an explicit order: security headers → authentication
 * (bearer token or session cookie) → CSRF guard (writes by cookie) → body readers (the source import's raw file, then JSON) → API routes → JSON 404 for unknown API
 * paths → the public reading room (/read) → static client → error handler.
 */
import express, { type Express } from 'express';
import type { DocumentReader } from '../documents/document-reader.ts';
import type { LiveProvenanceViews } from '../provenance/live-provenance-views.ts';
import { resolveLinks } from '../provenance/resolve-links.ts';
import type { CartaStore } from '../storage/store.ts';
import { ApiError, errorMiddleware } from './api-error.ts';
import { authenticate } from './authentication.ts';
import type { Accounts } from '../auth/accounts.ts';
import { csrfGuard } from './csrf-guard.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { invitationRoutes } from './routes/invitation-routes.ts';
import { documentRoutes } from './routes/document-routes.ts';
import { linkRoutes } from './routes/link-routes.ts';
import { commentRoutes } from './routes/comment-routes.ts';
import { moderationRoutes } from './routes/moderation-routes.ts';
import { stanceRoutes } from './routes/stance-routes.ts';
import type { LiveCommentAnchors } from '../comments/live-comment-anchors.ts';
import type { ParticipationLimits } from '../config.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { SOURCE_IMPORT_PATH, sourceImportBody, type SourceRouteOptions, sourceRoutes } from './routes/source-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { historyRoutes } from './routes/history-routes.ts';
import type { HistoryService } from '../history/history-service.ts';
import { systemRoutes } from './routes/system-routes.ts';
import { securityHeaders } from './security-headers.ts';
import { readingRoomSettingsRoutes } from './routes/reading-room-settings-routes.ts';
import { ReadingRoomPages } from '../reading-room/reading-room-pages.ts';
import { readingRoomRoutes } from '../reading-room/reading-room-routes.ts';
import { loadReadingRoomStylesheet } from '../reading-room/reading-room-stylesheet.ts';
import { staticClient } from './static-client.ts';

export interface AppOptions {
  store: CartaStore;
  secret: string;
  reader: DocumentReader;
  /** Versions, diffs and blame, read from the update log. */
  history: HistoryService;
  /** Provenance read against the live documents. */
  provenance: LiveProvenanceViews;
  clientDir: string;
  log: (message: string) => void;
  /** What `GET /api/sources/:id` lists as linked to a source (the provenance links supply it). */
  linksForSource?: SourceRouteOptions['linksForSource'];
  /** Told after a document's provenance links changed, to notify its connections. */
  linksChanged?: (docId: string) => void;
  /** Comment passages read against the live documents. */
  commentAnchors: LiveCommentAnchors;
  /** Per-person limits on writing comments and flags. */
  participation: ParticipationLimits;
  /** Told after an article's comments or stances changed, to notify the document's connections. */
  commentsChanged?: (docId: string, articleUid: string) => void;
  /** Sign-up, sign-in, cookie sessions and invitations. */
  accounts: Accounts;
  /** The configured public URL ('' when none): the session cookie's Secure attribute, the origin check behind a proxy. */
  publicUrl: string;
  /** The accounts' clock (cookie lifetimes). */
  now: () => number;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  // Authentication reads only headers, so it runs first: the source import reads its (large) raw
  // body only for an admin, before the 1 MB JSON parser would refuse it.
  app.use('/api', authenticate(options.store, options.secret, options.accounts));
  // Before any body is read: a forged write is refused without reading what it sends.
  app.use('/api', csrfGuard(options.accounts, options.publicUrl));
  app.use(`/api${SOURCE_IMPORT_PATH}`, sourceImportBody());
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api', systemRoutes());
  const sessionAnswers = { publicUrl: options.publicUrl, now: options.now };
  app.use('/api', accountRoutes(options.accounts, sessionAnswers));
  app.use('/api', invitationRoutes(options.accounts, sessionAnswers));
  app.use('/api', auditRoutes(options.store, options.log));
  app.use('/api', documentRoutes(options.store, options.reader));
  app.use('/api', historyRoutes(options.store, options.history));
  app.use('/api', readingRoomSettingsRoutes(options.store));
  app.use('/api', linkRoutes(options.store, options.provenance, { linksChanged: options.linksChanged }));
  app.use('/api', reportRoutes(options.store, options.provenance));
  // The reading room shows every article's counts: it hears of each change before the writer is answered.
  const readingRoomStylesheet = loadReadingRoomStylesheet();
  const readingRoom = new ReadingRoomPages(options.store, options.reader, readingRoomStylesheet.href);
  const commentsChanged = (docId: string, articleUid: string): void => {
    readingRoom.commentsChanged(docId);
    options.commentsChanged?.(docId, articleUid);
  };
  const participation = { participation: options.participation, commentsChanged };
  app.use('/api', commentRoutes(options.store, options.provenance, options.commentAnchors, participation));
  app.use('/api', moderationRoutes(options.store, options.commentAnchors, participation));
  app.use('/api', stanceRoutes(options.store, options.provenance, { commentsChanged }));
  // A source's page lists every link to it, retired ones included (their status says so).
  const linksForSource = options.linksForSource ?? (async (sourceId: string) => resolveLinks(options.provenance, await options.store.links.listLinks({ sourceId, includeRetired: true })));
  app.use('/api', sourceRoutes(options.store, { linksForSource }));
  app.use('/api', (req, _res, next) => next(new ApiError(404, 'not-found', `No API route ${req.method} ${req.path}`)));
  // The public reading room: server-rendered pages, before the client's pages and its 404.
  app.use(readingRoomRoutes(readingRoom, readingRoomStylesheet));
  app.use(staticClient(options.clientDir));
  app.use(errorMiddleware(options.log));
  return app;
}
