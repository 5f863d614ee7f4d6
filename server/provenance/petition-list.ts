/**
 * Pages of petitions for the reports, most signatures first: those that reached a number of
 * signatures, all of them or only those the text answers (honoured) or does not (not honoured).
 * A page is read from the signatures index and the answered petitions' standing; the cursor is the
 * last petition's place in that order, opaque to callers.
 */
import type { PetitionEntry, PetitionList, PetitionPage } from '../../shared/provenance/report-types.ts';
import { thresholdLevelReached, type Threshold } from '../../shared/provenance/source-types.ts';
import type { PetitionPosition } from '../storage/report-queries.ts';
import type { CartaStore } from '../storage/store.ts';
import type { AnsweringArticles } from './answering-articles.ts';
import type { PetitionStanding } from './petition-standing.ts';

export interface PetitionPageQuery {
  list: PetitionList;
  minSignatures: number;
  after: PetitionPosition | null;
  limit: number;
  /** The documents whose links count (null: every document), for the answering articles. */
  docId: string | null;
}

/** What a page is read from. */
export interface PetitionSources {
  store: CartaStore;
  standing: PetitionStanding;
  thresholds: readonly Threshold[];
  articles: AnsweringArticles;
}

/** Thrown for an `after` cursor that was not handed out by a report. */
export class BadPetitionCursorError extends Error {
  override name = 'BadPetitionCursorError';
}

export function encodePetitionCursor(position: PetitionPosition): string {
  return Buffer.from(JSON.stringify([position.signatures, position.key])).toString('base64url');
}

export function decodePetitionCursor(text: string): PetitionPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && Number.isSafeInteger(value[1])) {
      return { signatures: value[0] as number, key: value[1] as number };
    }
  } catch {
    // not a cursor of ours: refused below
  }
  throw new BadPetitionCursorError('the "after" cursor is not one this server handed out');
}

/**
 * The smallest number of signatures that reaches `level` or any higher one (0 for level 0), or
 * null when no threshold has that level or a higher one.
 */
export function signaturesForLevel(level: number, thresholds: readonly Threshold[]): number | null {
  if (level <= 0) return 0;
  const reaching = thresholds.filter((t) => t.level >= level).map((t) => t.signatures);
  return reaching.length === 0 ? null : Math.min(...reaching);
}

/** How many petitions a list holds (all of them over the mark, answered or not). */
export async function listTotal(from: PetitionSources, list: PetitionList, minSignatures: number, reached?: number): Promise<number> {
  const all = reached ?? (await from.store.reports.countPetitions(minSignatures));
  if (list === 'all') return all;
  const honoured = from.standing.honouredAtLeast(minSignatures);
  return list === 'honoured' ? honoured : all - honoured;
}

export async function petitionPage(from: PetitionSources, query: PetitionPageQuery, reached?: number): Promise<PetitionPage> {
  const { store, standing } = from;
  const { minSignatures, after, limit } = query;
  // One more than the page, to know whether there is a next one.
  const positions =
    query.list === 'honoured'
      ? standing.honouredAfter(minSignatures, after, limit + 1)
      : query.list === 'notHonoured'
        ? await standing.pendingAfter(store, minSignatures, after, limit + 1)
        : await store.reports.positionsAfter(minSignatures, after, limit + 1);
  const shown = positions.slice(0, limit);
  const rows = await store.reports.petitionsByKey(shown.map((p) => p.key));
  const articles = await from.articles.of(standing.answers, query.docId, rows.map((row) => row.id));
  const last = shown.at(-1);
  return {
    total: await listTotal(from, query.list, minSignatures, reached),
    petitions: rows.map((row): PetitionEntry => {
      const linked = standing.answers.sources.has(row.id);
      return {
        id: row.id,
        externalRef: row.externalRef,
        title: row.title,
        signatures: row.signatures,
        level: thresholdLevelReached(row.signatures, from.thresholds),
        sample: row.sample,
        linked,
        articles: linked ? (articles.get(row.id) ?? []) : [],
      };
    }),
    next: positions.length > limit && last ? encodePetitionCursor(last) : null,
  };
}
