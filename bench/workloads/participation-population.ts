/**
 * The population the participation benchmark measures against, written through the store while
 * Carta is stopped (as the server's routes would write it, audit events and counts included):
 * one article with thousands of comments — most of them threads quoting a passage of the article,
 * the rest replies, one thread with hundreds of them, a few hidden by a moderator — comments spread
 * over the other articles, and citizens' support or opposition on many articles. Everything comes
 * from a seeded PRNG, so a run can be repeated exactly.
 */
import * as Y from 'yjs';
import { ArticleText, articlesByUid } from '../../shared/provenance/article-text.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import type { Random } from '../../tests/support/seeded-random.ts';
import { randomPassage, TITLE_WORDS } from './provenance-population.ts';

const DAY_MS = 86_400_000;

export interface ParticipationPopulation {
  /** Comments on the busy article: threads and replies. */
  comments: number;
  /** Of which replies (the rest are threads). */
  replies: number;
  /** Comments on the other articles, in all. */
  elsewhere: number;
  citizens: number;
  /** Stances each citizen takes, on distinct random articles. */
  stancesPerCitizen: number;
  /** The share of the busy article's comments a moderator hides. */
  hiddenShare: number;
}

export interface WrittenPopulation {
  threads: number;
  replies: number;
  hidden: number;
  elsewhere: number;
  stances: number;
  /** The thread with the most replies (the newest thread). */
  busiestThread: string;
  ms: number;
}

/** A comment body of a few sentences of Spanish words, 20 to about 600 characters. */
function bodyOf(random: Random, i: number): string {
  const words: string[] = [];
  const length = 4 + random.int(random.chance(0.2) ? 90 : 25);
  for (let k = 0; k < length; k++) words.push(random.pick(TITLE_WORDS));
  const text = words.join(' ');
  return `Comentario ${i}: ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * Writes the population for `busyUid` among `articleUids` of document `docId`, whose live text
 * `doc` supplies the quoted passages.
 */
export async function writeParticipation(
  store: SqliteStore,
  random: Random,
  doc: Y.Doc,
  target: { docId: string; busyUid: string; articleUids: readonly string[] },
  population: ParticipationPopulation,
  log: (message: string) => void,
): Promise<WrittenPopulation> {
  const started = performance.now();
  const { docId, busyUid, articleUids } = target;
  const element = articlesByUid(doc.getXmlFragment(PROSEMIRROR_FRAGMENT)).get(busyUid);
  if (!element) throw new Error(`article ${busyUid} is not in the live text`);
  const article = new ArticleText(element);
  const now = Date.now();
  const span = 60 * DAY_MS;
  const admin = await store.ensureUser({ id: 'bench-admin', name: 'Moderación (benchmark)', role: 'admin' }, now - span);
  const citizens: string[] = [];
  for (let i = 0; i < population.citizens; i++) {
    citizens.push((await store.ensureUser({ id: `bench-citizen-${i}`, name: `Ciudadana ${i} (benchmark)`, role: 'citizen' }, now - span)).id);
  }
  // Comments arrive over 60 days, in order; rate limits are not what is measured ([] windows).
  const threadCount = population.comments - population.replies;
  const at = (i: number, of: number): number => now - span + Math.floor((i / of) * span);
  const threads: string[] = [];
  for (let i = 0; i < threadCount; i++) {
    // Four in five quote a passage, the others speak to the whole article.
    const anchor = random.chance(0.8) ? randomPassage(random, article) : null;
    const created = await store.comments.createComment({ docId, articleUid: busyUid, parentId: null, body: bodyOf(random, i), anchor }, random.pick(citizens), at(i, population.comments), []);
    threads.push(created.id);
    if ((i + 1) % 1000 === 0) log(`  ${(i + 1).toLocaleString('en')} threads written`);
  }
  const busiestThread = threads.at(-1);
  if (!busiestThread) throw new Error('no threads to reply to');
  for (let i = 0; i < population.replies; i++) {
    // Three in ten replies go to the newest thread (the first one listed), the rest anywhere.
    const parentId = i < population.replies * 0.3 ? busiestThread : random.pick(threads);
    await store.comments.createComment({ docId, articleUid: busyUid, parentId, body: bodyOf(random, threadCount + i), anchor: null }, random.pick(citizens), at(threadCount + i, population.comments), []);
  }
  let hidden = 0;
  for (const id of threads) {
    if (!random.chance(population.hiddenShare)) continue;
    await store.comments.hideComment(id, 'Lenguaje ofensivo (ejemplo del benchmark).', admin.id, now);
    hidden++;
  }
  const others = articleUids.filter((uid) => uid !== busyUid);
  for (let i = 0; i < population.elsewhere; i++) {
    await store.comments.createComment({ docId, articleUid: random.pick(others), parentId: null, body: bodyOf(random, i), anchor: null }, random.pick(citizens), at(i, population.elsewhere), []);
  }
  let stances = 0;
  for (const citizen of citizens) {
    const chosen = new Set<string>();
    while (chosen.size < Math.min(population.stancesPerCitizen, articleUids.length)) chosen.add(random.pick(articleUids));
    for (const uid of chosen) {
      await store.stances.setStance(docId, uid, citizen, random.chance(0.7) ? 'support' : 'oppose', now);
      stances++;
    }
  }
  return { threads: threadCount, replies: population.replies, hidden, elsewhere: population.elsewhere, stances, busiestThread, ms: performance.now() - started };
}
