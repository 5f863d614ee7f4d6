/**
 * What the randomized anchor tests share (tests/integration/provenance-anchors.test.ts for links,
 * tests/integration/comment-anchors.test.ts for comments, which anchor the same way): choosing
 * passages, the edits both make to them, the rounds of concurrent editing and convergence, and the
 * oracle. The oracle does not use the anchors: it follows a passage's original characters by their
 * Yjs ids, and when they are all gone it applies the relocation rule (docs/api.md, links and
 * comments) to the article's final text, since the constitution repeats itself and a deleted passage
 * can stand again, with its stored context, somewhere else in its article.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { ArticleText, plainText } from '../../shared/provenance/article-text.ts';
import { CONTEXT_CHARS, type PassageAnchor } from '../../shared/provenance/link-types.ts';
import { passageEnds } from '../../shared/provenance/passage-anchoring.ts';
import type { PassageEnds } from '../../shared/provenance/passage-resolution.ts';
import { sleep, type TestClient, waitFor } from './collab-client.ts';
import { articles, textBlocks, textOf } from './legal-y-doc.ts';
import type { Random } from './seeded-random.ts';
import type { TestServer } from './test-server.ts';

/** What editors type: a label unique in the run, recognisable wherever it ends up. */
export const LABEL = /⟦[^⟦⟧]*⟧/g;

/** A passage's characters, block by block: the Yjs ids of its characters in each block it spans. */
export type PassageIds = Y.ID[][];

/** Where a character is in a replica: its text and its index there. */
export interface Place {
  text: Y.XmlText;
  index: number;
}

/** What a replica gives the oracle: its document and the fragment the editor edits. */
export type Replica = Pick<TestClient, 'doc' | 'fragment'>;

export const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));

/** The Yjs id of each character in `[from, to)` of a text. */
export function idsOfRange(text: Y.XmlText, from: number, to: number): Y.ID[] {
  const ids: Y.ID[] = [];
  let index = 0;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    for (let k = 0; k < item.length; k++, index++) if (index >= from && index < to) ids.push(Y.createID(item.id.client, item.id.clock + k));
  }
  return ids;
}

/** Where a character is in this replica, or null once it is deleted (or unknown here). */
export function placeOfId(doc: Y.Doc, id: Y.ID): Place | null {
  let struct: unknown;
  try {
    struct = Y.getItem(doc.store, id);
  } catch {
    return null;
  }
  if (!(struct instanceof Y.Item) || struct.deleted || !(struct.parent instanceof Y.XmlText)) return null;
  let index = id.clock - struct.id.clock;
  for (let left = struct.left; left !== null; left = left.left) if (!left.deleted && left.countable) index += left.length;
  return { text: struct.parent, index };
}

/** The places of a passage's characters in this replica, block by block (null for those deleted). */
export function placesOf(doc: Y.Doc, parts: PassageIds): Array<Array<Place | null>> {
  return parts.map((ids) => ids.map((id) => placeOfId(doc, id)));
}

/** The passage's original characters still in this replica, blocks joined by "\n" (its quote while none is deleted). */
export function textOfIds(doc: Y.Doc, parts: PassageIds): string {
  return placesOf(doc, parts)
    .map((places) => places.map((place) => (place ? plainText(place.text)[place.index] : '')).join(''))
    .join('\n');
}

/** The element with this uid (the first in document order), or null. */
export function blockByUid(fragment: Y.XmlFragment, uid: string): Y.XmlElement | null {
  for (const el of fragment.createTreeWalker((t) => t instanceof Y.XmlElement && t.getAttribute('uid') === uid)) if (el instanceof Y.XmlElement) return el;
  return null;
}

/**
 * A random passage of an article whose first body block (and, for `multi`, its second) is a text
 * block of at least 60 characters: inside the first block, or from near the end of the first to
 * near the start of the second. Its ends, its characters and its quote in `doc`.
 */
export function choosePassage(random: Random, doc: Y.Doc, article: Y.XmlElement, multi: boolean): { ends: PassageEnds; parts: PassageIds; quote: string } {
  const first = textOf(article.get(1) as Y.XmlElement);
  let ends: PassageEnds | null;
  let parts: PassageIds;
  if (multi) {
    const second = textOf(article.get(2) as Y.XmlElement);
    const from = first.length - 10 - random.int(20);
    const to = 10 + random.int(20);
    ends = passageEnds({ text: first, offset: from }, { text: second, offset: to });
    parts = [idsOfRange(first, from, first.length), idsOfRange(second, 0, to)];
  } else {
    const length = 15 + random.int(25);
    const from = 2 + random.int(first.length - length - 4);
    ends = passageEnds({ text: first, offset: from }, { text: first, offset: from + length });
    parts = [idsOfRange(first, from, from + length)];
  }
  if (!ends) throw new Error('no ends for a passage inside a text block');
  return { ends, parts, quote: textOfIds(doc, parts) };
}

/** Deletes, in one transaction, what is left of a passage as this replica sees it (`alive`: placesOf in that replica). */
export function deletePassage(doc: Y.Doc, alive: Array<Array<Place | null>>): void {
  doc.transact(() => {
    for (const places of [...alive].reverse()) {
      const present = places.filter((p) => p !== null);
      if (present.length > 0) present[0]!.text.delete(present[0]!.index, present.at(-1)!.index + 1 - present[0]!.index);
    }
  });
}

/**
 * Moves an article one place down (or up when it is last), in one transaction: a delete plus a
 * re-insert of a clone, so the same uids with new Yjs items. False when the article is not there.
 */
export function moveArticle(doc: Y.Doc, fragment: Y.XmlFragment, articleUid: string): boolean {
  const art = articles(fragment).find((a) => uidOf(a) === articleUid);
  if (!art) return false;
  const parent = art.parent as Y.XmlElement;
  const index = parent.toArray().indexOf(art);
  doc.transact(() => {
    const copy = art.clone();
    parent.delete(index, 1);
    parent.insert(index < parent.length ? index + 1 : Math.max(1, index - 1), [copy]);
  });
  return true;
}

/**
 * `rounds` rounds in which every editor in turn makes up to two edits, editors other than the
 * first dropping or regaining their connection now and then, with a short pause between rounds.
 */
export async function editConcurrently(random: Random, editors: TestClient[], rounds: number, edit: (client: TestClient, i: number, round: number) => void): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const [i, client] of editors.entries()) {
      if (i > 0 && random.chance(0.1)) {
        if (client.provider.shouldConnect) client.provider.disconnect();
        else client.provider.connect();
      }
      for (let n = random.int(3); n > 0; n--) edit(client, i, round);
    }
    await sleep(random.int(20));
  }
}

/** Reconnects every client and waits until all of them and the server's room hold the same text. */
export async function converge(server: TestServer, clients: TestClient[], seed: number): Promise<void> {
  for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();
  const room = await server.carta.registry.acquire('cdmx');
  try {
    await waitFor(() => clients.every((c) => c.provider.synced && c.fragment.toString() === room!.fragment.toString()), 60_000, `convergence (seed ${seed})`);
  } finally {
    server.carta.registry.releaseIfIdle(room!);
  }
}

/**
 * Whether the quote stands in the article's final text where the stored context says the passage
 * stood: the CONTEXT_CHARS characters just before it are exactly the stored prefix, or those just
 * after it exactly the stored suffix (the relocation rule, docs/api.md, for links and comments
 * alike). A passage whose own characters are all gone is relocated exactly then: after a move of its
 * article or block, and also when the same words with the same context on one side occur elsewhere
 * in the article (Artículo 18 restates its first paragraph in the heading of its apartado A).
 */
export function standsWhereItStood(fragment: Y.XmlFragment, articleUid: string, stored: Pick<PassageAnchor, 'quote' | 'prefix' | 'suffix'>): boolean {
  const art = articles(fragment).find((a) => uidOf(a) === articleUid);
  if (!art) return false;
  const flat = new ArticleText(art).flat;
  for (let at = flat.indexOf(stored.quote); at !== -1; at = flat.indexOf(stored.quote, at + 1)) {
    const end = at + stored.quote.length;
    if (flat.slice(Math.max(0, at - CONTEXT_CHARS), at) === stored.prefix || flat.slice(end, end + CONTEXT_CHARS) === stored.suffix) return true;
  }
  return false;
}

/** What the oracle expects of a passage once everyone has converged. */
export type ExpectedPassage =
  /**
   * Something of it is left between its own ends: read there (never relocated), as the original
   * characters that survive (`remaining`, blocks joined by "\n") with the `labels` typed inside
   * that survive.
   */
  | { where: 'in-place'; remaining: string; labels: string[] }
  /** Nothing of it is left, and its quote stands where it stood (standsWhereItStood): read there, as its quote. */
  | { where: 'relocated' }
  /** Nothing of it is left, and its quote does not stand where it stood: orphaned, with its quote. */
  | { where: 'orphaned' };

/**
 * The oracle, read in a converged replica: `parts` are the passage's original characters, `labels`
 * what was typed inside it, `stored` the quote and context the server stored for it.
 */
export function expectedPassage(replica: Replica, passage: { articleUid: string; parts: PassageIds; labels: string[] }, stored: Pick<PassageAnchor, 'quote' | 'prefix' | 'suffix'>): ExpectedPassage {
  const remaining = textOfIds(replica.doc, passage.parts);
  const allText = textBlocks(replica.fragment)
    .map((b) => plainText(textOf(b)))
    .join('\n');
  const labels = passage.labels.filter((l) => allText.includes(l));
  if (remaining.replaceAll('\n', '') !== '' || labels.length > 0) return { where: 'in-place', remaining, labels };
  return standsWhereItStood(replica.fragment, passage.articleUid, stored) ? { where: 'relocated' } : { where: 'orphaned' };
}

/** A passage read in place says what the oracle expects: the surviving characters, with the surviving labels among them. */
export function expectReadInPlace(text: string | null, expected: { remaining: string; labels: string[] }, context: string): void {
  expect((text ?? '').replace(LABEL, ''), context).toBe(expected.remaining);
  for (const l of expected.labels) expect(text, context).toContain(l);
}
