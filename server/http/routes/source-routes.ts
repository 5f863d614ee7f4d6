/**
 * REST for citizen sources and the signature thresholds (docs/api.md, "Sources and provenance"):
 * reading is public; importing and setting thresholds are administration. The import takes the raw
 * file (up to 20 MB) through its own body reader, mounted before the app's 1 MB JSON parser.
 */
import express, { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { ResolvedLink } from '../../../shared/provenance/link-types.ts';
import { type Source, SOURCE_KINDS, type Threshold, thresholdLevelReached } from '../../../shared/provenance/source-types.ts';
import { importParsedSources } from '../../sources/import-sources.ts';
import { formatOfFileName, parseSourceFile, SOURCE_FORMATS, type SourceFormat } from '../../sources/source-file.ts';
import { stripControlCharacters } from '../../sources/control-characters.ts';
import { BadCursorError } from '../../storage/sqlite/sqlite-source-store.ts';
import type { CartaStore } from '../../storage/store.ts';
import { ApiError, methodNotAllowed, notFound } from '../api-error.ts';
import { requirePermission } from '../authentication.ts';

export const SOURCE_IMPORT_PATH = '/sources/import';
export const SOURCE_IMPORT_LIMIT = '20mb';
export const SOURCE_PAGE_DEFAULT = 20;
export const SOURCE_PAGE_MAX = 100;

export interface SourceRouteOptions {
  /**
   * Everything linked to a source, for `GET /api/sources/:id`. The provenance links supply it; until
   * they are composed in, a source has no links.
   */
  linksForSource?: (sourceId: string) => Promise<ResolvedLink[]>;
}

const thresholdsBody = z
  .array(
    z.strictObject({
      level: z.number().int().min(1).max(100),
      signatures: z.number().int().min(0).max(1_000_000_000),
      consequence: z.strictObject({ es: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) }),
    }),
  )
  .min(1)
  .max(20)
  .refine((list) => new Set(list.map((t) => t.level)).size === list.length, { error: 'each level appears once' })
  .refine(
    (list) => {
      const sorted = [...list].sort((a, b) => a.level - b.level);
      return sorted.every((t, i) => i === 0 || t.signatures > (sorted[i - 1]?.signatures ?? -1));
    },
    { error: 'a higher level needs more signatures than a lower one' },
  );

const integerParam = z.string().regex(/^\d{1,10}$/, { error: 'must be a whole number' }).transform(Number);

const searchQuery = z.strictObject({
  q: z.string().max(500).optional(),
  kind: z.enum(SOURCE_KINDS).optional(),
  minSignatures: integerParam.optional(),
  minLevel: integerParam.optional(),
  sample: z.enum(['true', 'false']).optional(),
  limit: integerParam.pipe(z.number().min(1).max(SOURCE_PAGE_MAX)).optional(),
  after: z.string().max(200).optional(),
});

const importQuery = z.object({
  format: z.enum(SOURCE_FORMATS).optional(),
  file: z.string().max(200).optional(),
});

/** A zod failure as one readable sentence. */
function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

/** The source as the API shows it: with the threshold level a petition reached (0 for other kinds). */
function withLevel(source: Source, thresholds: readonly Threshold[]): Source & { level: number } {
  return { ...source, level: source.kind === 'petition' ? thresholdLevelReached(source.details.signatures, thresholds) : 0 };
}

/**
 * Reads the raw import body, but only for an admin: nobody else gets to make the server read 20 MB.
 * Mount at `/api${SOURCE_IMPORT_PATH}` before the JSON body parser.
 */
export function sourceImportBody(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: SOURCE_IMPORT_LIMIT });
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    requirePermission(res, 'sources.import');
    raw(req, res, next);
  };
}

export function sourceRoutes(store: CartaStore, options: SourceRouteOptions = {}): Router {
  const router = Router();
  const linksForSource = options.linksForSource ?? (async () => []);

  router.get('/thresholds', async (_req, res) => {
    res.json(await store.sources.thresholds());
  });

  router.put('/thresholds', async (req, res) => {
    const identity = requirePermission(res, 'thresholds.set');
    const parsed = thresholdsBody.safeParse(req.body);
    if (!parsed.success) throw new ApiError(400, 'bad-request', `Thresholds not accepted: ${describe(parsed.error)}`);
    await store.sources.setThresholds(parsed.data, identity.userId, Date.now());
    res.json(await store.sources.thresholds());
  });

  router.get('/sources', async (req, res) => {
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) throw new ApiError(400, 'bad-query', `Search not understood: ${describe(parsed.error)}`);
    const query = parsed.data;
    try {
      const page = await store.sources.searchSources({
        ...(query.q !== undefined ? { q: query.q } : {}),
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(query.minSignatures !== undefined ? { minSignatures: query.minSignatures } : {}),
        ...(query.minLevel !== undefined ? { minLevel: query.minLevel } : {}),
        ...(query.after !== undefined ? { after: query.after } : {}),
        includeSample: query.sample !== 'false',
        limit: query.limit ?? SOURCE_PAGE_DEFAULT,
      });
      const thresholds = await store.sources.thresholds();
      res.json({ sources: page.sources.map((source) => withLevel(source, thresholds)), total: page.total, next: page.next });
    } catch (error) {
      if (error instanceof BadCursorError) throw new ApiError(400, 'bad-cursor', error.message);
      throw error;
    }
  });

  router.post(SOURCE_IMPORT_PATH, async (req, res) => {
    const identity = requirePermission(res, 'sources.import');
    const parsed = importQuery.safeParse(req.query);
    if (!parsed.success) throw new ApiError(400, 'bad-query', `Import not understood: ${describe(parsed.error)}`);
    const file = stripControlCharacters(parsed.data.file ?? 'upload').replace(/\n/g, ' ').trim() || 'upload';
    const format: SourceFormat | null = parsed.data.format ?? formatOfFileName(file) ?? formatOfContentType(req.get('content-type'));
    if (!format) throw new ApiError(400, 'bad-query', 'Say which format the file is in: ?format=csv or ?format=json.');
    // No body at all is an empty file: refused with the same `problems` as any other bad file.
    const body: unknown = req.body;
    const read = parseSourceFile(Buffer.isBuffer(body) ? body : new Uint8Array(), format, file);
    const result = read.ok ? await importParsedSources(store.sources, read, { id: identity.userId, file }, Date.now()) : read;
    if (!result.ok) {
      res.status(422).json({ error: 'bad-import', message: result.message, problems: result.problems });
      return;
    }
    res.json(result.outcome);
  });
  // Before /sources/:id, so that GET /sources/import is "use POST" rather than "no such source".
  router.all(SOURCE_IMPORT_PATH, methodNotAllowed('POST'));

  router.get('/sources/:id', async (req, res) => {
    const source = await store.sources.getSource(req.params.id);
    if (!source) throw notFound(`Source "${req.params.id}"`);
    const { level } = withLevel(source, await store.sources.thresholds());
    res.json({ source, level, links: await linksForSource(source.id) });
  });

  router.all('/thresholds', methodNotAllowed('GET, PUT'));
  router.all(['/sources', '/sources/:id'], methodNotAllowed('GET'));
  return router;
}

function formatOfContentType(contentType: string | undefined): SourceFormat | null {
  if (!contentType) return null;
  if (/^text\/csv\b/i.test(contentType)) return 'csv';
  if (/^application\/json\b/i.test(contentType)) return 'json';
  return null;
}
