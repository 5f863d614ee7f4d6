/**
 * Comment anchors under concurrent editing, for several seeds. A citizen comments on passages (and
 * on whole articles, and members reply); then members edit at once, with random disconnects,
 * around and inside the passages: typing just before and just after them, typing and deleting
 * inside them, deleting a passage while others type into it, deleting whole passages, deleting
 * their blocks, and moving a whole article (a delete plus a re-insert in Yjs). After everyone
 * converges, every comment and reply is still served, untouched passages are live at exactly their
 * quote, edited ones read what the edits left, and a passage in a moved article is relocated with
 * its quote. Comments resolve exactly as provenance links do (server/comments/comment-anchor-view.ts,
 * docs/api.md): a passage whose characters are all gone is relocated exactly when its quote stands in
 * the article's final text right after its stored prefix or right before its stored suffix (the
 * constitution repeats itself, so a deleted passage can be found again elsewhere in its article with
 * the same context), and otherwise orphaned with its quote. The oracle does not use the anchors: it
 * follows the passage's original characters by their Yjs ids (tests/support/passage-oracle.ts, shared
 * with the provenance-anchors test). Seeds are printed; CARTA_TEST_SEED=<seed> replays a run (its
 * seeds are that one and the next two).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ServedComment, VisibleComment } from '../../shared/comments/comment-types.ts';
import { ArticleText, plainText } from '../../shared/provenance/article-text.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { connectClient, type TestClient } from '../support/collab-client.ts';
import { allThreads, commentApi, GENEROUS_LIMITS, postComment, replyPage } from '../support/comment-fixtures.ts';
import { articles, textBlocks, textOf } from '../support/legal-y-doc.ts';
import {
  blockByUid,
  choosePassage,
  converge,
  deletePassage,
  editConcurrently,
  expectedPassage,
  expectReadInPlace,
  moveArticle,
  type PassageIds,
  placesOf,
  uidOf,
} from '../support/passage-oracle.ts';
import { type Random, seededRandom, testSeed } from '../support/seeded-random.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const EDITORS = 4;
const ROUNDS = 20;

type Fate = 'untouched' | 'inside' | 'contested' | 'deleted' | 'block-deleted' | 'article-moved';

/** Fates whose deletion or move is made at the end of the run if the dice never chose it late enough. */
const FORCED: ReadonlySet<Fate> = new Set(['deleted', 'block-deleted', 'article-moved']);

interface Passage {
  fate: Fate;
  articleUid: string;
  /** The block the passage starts in. */
  blockUid: string;
  parts: PassageIds;
  quote: string;
  commentId: string;
  replyId: string;
  /** Labels typed inside the passage. */
  labels: string[];
  /** The structural change (deletion or move) was made. */
  done: boolean;
}

/** Articles whose first two body children are text blocks long enough to hold passages. */
function candidates(fragment: Y.XmlFragment): Y.XmlElement[] {
  const ok = (b: unknown): boolean => b instanceof Y.XmlElement && b.nodeName !== 'apartado' && plainText(textOf(b)).length >= 60;
  return articles(fragment).filter((art) => ok(art.get(1)) && ok(art.get(2)));
}

let server: TestServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
  server?.cleanup();
  server = null;
});

const baseSeed = testSeed();

describe('comment anchors under concurrent editing', () => {
  it.each([0, 1, 2])('keep every comment, follow surviving text and orphan deleted passages with their quote (seed offset %i)', async (offset) => {
    const seed = baseSeed + offset;
    console.log(`comment-anchors seed: ${seed} (replay with CARTA_TEST_SEED=${baseSeed})`);
    const random: Random = seededRandom(seed);
    server = await startTestServer({ participation: GENEROUS_LIMITS });
    const http = commentApi(server);
    const member = await server.token('member', 'Ana Pérez');
    const citizen = await server.token('citizen', 'Luz Ciudadana');
    for (let i = 0; i < EDITORS; i++) clients.push(connectClient(server.wsBase, member));
    const reader = connectClient(server.wsBase, citizen);
    clients.push(reader);
    await Promise.all(clients.map((c) => c.synced()));
    const editors = clients.slice(0, EDITORS);

    const fates: Array<{ fate: Fate; multi: boolean }> = [
      { fate: 'untouched', multi: false },
      { fate: 'untouched', multi: false },
      { fate: 'untouched', multi: true },
      { fate: 'inside', multi: false },
      { fate: 'inside', multi: true },
      { fate: 'contested', multi: false },
      { fate: 'deleted', multi: false },
      { fate: 'deleted', multi: true },
      { fate: 'block-deleted', multi: false },
      { fate: 'article-moved', multi: false },
    ];
    const used = new Set<string>();
    const passages: Passage[] = [];
    const wholeArticle: Array<{ id: string; articleUid: string }> = [];
    for (const { fate, multi } of fates) {
      const art = random.pick(candidates(reader.fragment).filter((a) => !used.has(uidOf(a))));
      used.add(uidOf(art));
      const { ends, parts, quote } = choosePassage(random, reader.doc, art, multi);
      const comment = (await postComment(http, citizen, { articleUid: uidOf(art), anchor: { ...ends, quote }, body: `Sobre este pasaje (${fate}).` })) as VisibleComment;
      expect(comment.anchor, `seed ${seed}`).toMatchObject({ status: 'live', text: quote, quote });
      const reply = await postComment(http, member, { articleUid: uidOf(art), parentId: comment.id, body: 'La comisión lo revisa.' });
      passages.push({ fate, articleUid: uidOf(art), blockUid: uidOf(art.get(1) as Y.XmlElement), parts, quote, commentId: comment.id, replyId: reply.id, labels: [], done: false });
      if (fate === 'article-moved' || fate === 'block-deleted') wholeArticle.push({ id: (await postComment(http, citizen, { articleUid: uidOf(art), body: 'Sobre todo el artículo.' })).id, articleUid: uidOf(art) });
    }

    const freeBlocks = (client: TestClient): Y.XmlElement[] =>
      textBlocks(client.fragment).filter((b) => {
        for (let el: unknown = b; el instanceof Y.XmlElement; el = el.parent) if (used.has(uidOf(el))) return false;
        return true;
      });
    let labelCount = 0;
    const label = (i: number, round: number): string => `⟦c${i}r${round}n${labelCount++}⟧`;

    /** One edit by editor i: free text elsewhere, or something to a passage (`forced`: that one, now). */
    const edit = (client: TestClient, i: number, round: number, forced?: Passage): void => {
      if (!forced && random.chance(0.25)) {
        const block = random.pick(freeBlocks(client));
        const text = textOf(block);
        if (random.chance(0.6) || text.length < 5) text.insert(random.int(text.length + 1), label(i, round));
        else text.delete(random.int(text.length - 3), 1 + random.int(3));
        return;
      }
      const passage = forced ?? random.pick(passages);
      if (passage.done) return;
      const alive = placesOf(client.doc, passage.parts);
      switch (passage.fate) {
        case 'untouched': {
          // Right before the first character or right after the last: outside the passage.
          const first = alive[0]?.[0];
          const last = alive.at(-1)?.at(-1);
          if (!first || !last) throw new Error(`seed ${seed}: an untouched passage lost characters`);
          if (random.chance(0.5)) first.text.insert(first.index, label(i, round));
          else last.text.insert(last.index + 1, label(i, round));
          return;
        }
        case 'inside':
        case 'contested': {
          // Typing before any original character but the first lands inside.
          const inner = alive.flatMap((places, p) => places.filter((place, k) => place !== null && (p > 0 || k > 0)));
          if (inner.length === 0) return;
          if (passage.fate === 'inside' && random.chance(0.4)) {
            // Delete an original character strictly inside (never the first or last).
            const middle = alive.flatMap((places, p) => places.filter((place, k) => place !== null && !(p === 0 && k === 0) && !(p === alive.length - 1 && k === places.length - 1)));
            if (middle.length > 0) {
              const victim = random.pick(middle)!;
              victim.text.delete(victim.index, 1);
            }
            return;
          }
          const target = random.pick(inner)!;
          const text = label(i, round);
          target.text.insert(target.index, text);
          passage.labels.push(text);
          if (passage.fate === 'contested' && i !== 1 && round > 3 && random.chance(0.3)) {
            // Someone else deletes the whole passage as they see it; typing they have not seen yet survives.
            const deleter = editors[1] as TestClient;
            const places = placesOf(deleter.doc, passage.parts)[0]!.filter((p) => p !== null);
            if (places.length > 0) {
              places[0]!.text.delete(places[0]!.index, places.at(-1)!.index + 1 - places[0]!.index);
              passage.done = true;
            }
          }
          return;
        }
        case 'deleted': {
          if (round < 5) return;
          deletePassage(client.doc, alive);
          passage.done = true;
          return;
        }
        case 'block-deleted': {
          if (round < 5) return;
          const block = blockByUid(client.fragment, passage.blockUid);
          if (!block) return;
          const parent = block.parent as Y.XmlElement;
          parent.delete(parent.toArray().indexOf(block), 1);
          passage.done = true;
          return;
        }
        case 'article-moved': {
          if (round < 8) return;
          // One place down (or up when last): same uids, new Yjs items.
          if (moveArticle(client.doc, client.fragment, passage.articleUid)) passage.done = true;
          return;
        }
      }
    };

    await editConcurrently(random, editors, ROUNDS, edit);
    // Every deletion and move happens, even when the dice never chose it late enough.
    for (const passage of passages) if (FORCED.has(passage.fate)) edit(editors[0] as TestClient, 0, ROUNDS, passage);
    expect(passages.filter((p) => FORCED.has(p.fate) && !p.done), `seed ${seed}: every deletion and the move were made`).toEqual([]);
    await converge(server, clients, seed);

    // Every comment is still served, each reply under its thread, on every article used.
    const served = new Map<string, ServedComment>();
    for (const articleUid of used) for (const thread of await allThreads(http, citizen, articleUid, 3)) served.set(thread.id, thread);
    expect([...served.keys()].sort(), `seed ${seed}: every thread is served`).toEqual([...passages.map((p) => p.commentId), ...wholeArticle.map((w) => w.id)].sort());
    for (const passage of passages) {
      const replies = await replyPage(http, citizen, passage.commentId);
      expect(replies.replies.map((r) => r.id), `seed ${seed}`).toEqual([passage.replyId]);
    }
    for (const whole of wholeArticle) expect(served.get(whole.id), `seed ${seed}`).toMatchObject({ hidden: false, anchor: null, articleUid: whole.articleUid });

    const outcomes: string[] = [];
    for (const passage of passages) {
      const comment = served.get(passage.commentId) as VisibleComment;
      const anchor = comment.anchor!;
      const context = `seed ${seed}, fate ${passage.fate}, quote ${JSON.stringify(passage.quote)}, got ${JSON.stringify(anchor.text)} (${anchor.status})`;
      outcomes.push(`${passage.fate}${passage.done ? ' (done)' : ''}→${anchor.status} (${passage.labels.length} typed inside)`);
      expect(anchor.quote, context).toBe(passage.quote);
      // The single comment says the same as the page.
      expect((await (await http.get(`/api/comments/${passage.commentId}`, citizen)).json()).anchor, context).toEqual(anchor);
      if (anchor.status !== 'orphaned') {
        // The position served is where that text stands now in the article, and the ends resolve to
        // it in an editor's replica (the editor marks the passage from them).
        const art = articles(reader.fragment).find((a) => uidOf(a) === passage.articleUid) as Y.XmlElement;
        expect(new ArticleText(art).flat.slice(anchor.from!, anchor.to!), context).toBe(anchor.text);
        expect(resolvePassage(reader.doc, { start: anchor.start!, end: anchor.end! }), context).toMatchObject({ state: 'live', text: anchor.text });
      }
      const expected = expectedPassage(reader, passage, anchor);
      if (passage.fate === 'article-moved') expect(expected.where, `${context}: the article moved with the passage's context`).toBe('relocated');
      if (expected.where === 'relocated') {
        expect(anchor, context).toMatchObject({ status: 'relocated', text: passage.quote });
        continue;
      }
      if (expected.where === 'orphaned') {
        expect(anchor, context).toMatchObject({ status: 'orphaned', text: null, start: null, end: null, from: null, to: null });
        continue;
      }
      // Something of the passage is left between its own ends: it is read there, never relocated.
      expect(anchor.status, context).toBe('live');
      if (passage.fate === 'untouched') expect(anchor.text, context).toBe(passage.quote);
      expectReadInPlace(anchor.text, expected, context);
    }
    console.log(`comment-anchors outcomes (seed ${seed}): ${outcomes.join(', ')}`);
  });
});
