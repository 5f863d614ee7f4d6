/**
 * The reading room's counts and the places it leaves for them: counts are read once and held; a
 * write through this server makes them be read again once they are COUNTS_REFRESH_MS old (so a
 * burst of writes costs at most one read, and one page composition, per interval); writes nobody
 * announced show once they are COUNTS_MAX_AGE_MS old; an announcement that lands during a read is
 * not lost; and a text split at its places, filled, is the text with the fillings where they were.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleCommentCounts } from '../../shared/comments/comment-types.ts';
import { COUNTS_MAX_AGE_MS, COUNTS_REFRESH_MS, ReadingRoomCounts } from '../../server/reading-room/reading-room-counts.ts';
import { fillSlots, slottedLength, slottedText } from '../../server/reading-room/slotted-text.ts';

/** A store whose counts the test sets, counting its reads; `hold` makes the next read wait for `release`. */
function fakeStore() {
  let counts = new Map<string, ArticleCommentCounts>();
  let held: { release: () => void } | null = null;
  const store = {
    reads: 0,
    set(uid: string, comments: number) {
      counts = new Map(counts).set(uid, { threads: comments, comments, support: 0, oppose: 0 });
    },
    hold(): { release: () => void } {
      const gate = { release: () => {} };
      held = gate;
      return gate;
    },
    async countsOf(): Promise<Map<string, ArticleCommentCounts>> {
      store.reads++;
      const snapshot = counts;
      const gate = held;
      held = null;
      if (gate) await new Promise<void>((resolve) => (gate.release = resolve));
      return snapshot;
    },
  };
  return store;
}

function clock() {
  const time = { now: 1_000_000 };
  return { time, now: () => time.now };
}

describe('the reading room’s counts', () => {
  it('are read once and held until they are COUNTS_MAX_AGE_MS old, when nothing announces a write', async () => {
    const store = fakeStore();
    const { time, now } = clock();
    const counts = new ReadingRoomCounts(store, undefined, now);
    store.set('art1', 2);
    const first = await counts.of('cdmx');
    expect(first.byArticle.get('art1')?.comments).toBe(2);
    store.set('art1', 3);
    time.now += COUNTS_MAX_AGE_MS - 1;
    expect(await counts.of('cdmx')).toBe(first);
    expect(store.reads).toBe(1);
    time.now += 1;
    const later = await counts.of('cdmx');
    expect(later.byArticle.get('art1')?.comments).toBe(3);
    expect(later.generation).not.toBe(first.generation);
    expect(store.reads).toBe(2);
  });

  it('are read again after an announced write once COUNTS_REFRESH_MS old, at most once per interval however many writes', async () => {
    const store = fakeStore();
    const { time, now } = clock();
    const counts = new ReadingRoomCounts(store, undefined, now);
    const first = await counts.of('cdmx');
    for (let i = 1; i <= 50; i++) {
      store.set('art1', i);
      counts.invalidate('cdmx');
      time.now += COUNTS_REFRESH_MS / 10;
      await counts.of('cdmx');
    }
    // 50 writes over five intervals: five reads after the first.
    expect(store.reads).toBe(1 + 5);
    time.now += COUNTS_REFRESH_MS;
    counts.invalidate('cdmx');
    const latest = await counts.of('cdmx');
    expect(latest.byArticle.get('art1')?.comments).toBe(50);
    expect(latest.generation).not.toBe(first.generation);
  });

  it('keep their generation when a fresh read finds them unchanged, so kept pages stay kept', async () => {
    const store = fakeStore();
    const { time, now } = clock();
    const counts = new ReadingRoomCounts(store, undefined, now);
    store.set('art1', 1);
    const first = await counts.of('cdmx');
    counts.invalidate('cdmx');
    time.now += COUNTS_REFRESH_MS;
    expect((await counts.of('cdmx')).generation).toBe(first.generation);
    expect(store.reads).toBe(2);
    // Another document has counts (and generations) of its own.
    expect((await counts.of('other')).generation).not.toBe(first.generation);
  });

  it('do not lose a write announced while they were being read', async () => {
    const store = fakeStore();
    const { time, now } = clock();
    const counts = new ReadingRoomCounts(store, undefined, now);
    store.set('art1', 1);
    const gate = store.hold();
    const reading = counts.of('cdmx');
    // The write lands after the read took its snapshot, and is announced before the read returns.
    store.set('art1', 2);
    counts.invalidate('cdmx');
    gate.release();
    expect((await reading).byArticle.get('art1')?.comments).toBe(1);
    time.now += COUNTS_REFRESH_MS;
    expect((await counts.of('cdmx')).byArticle.get('art1')?.comments).toBe(2);
  });
});

describe('a text with places for the counts', () => {
  it('joins back, filled, to the lines with each place’s filling, in document order, as UTF-8', () => {
    const text = slottedText(['<h1>a</h1>', { slot: 'u1' }, '<p>b</p>', '<p>c</p>', { slot: 'u2' }, { slot: 'u3' }, '<p>d</p>']);
    expect(text.slots).toEqual(['u1', 'u2', 'u3']);
    expect(text.pieces).toHaveLength(4);
    expect(fillSlots(text, (uid) => `[${uid}]`).toString()).toBe(['<h1>a</h1>', '[u1]', '<p>b</p>', '<p>c</p>', '[u2]', '[u3]', '<p>d</p>'].join('\n'));
    expect(slottedLength(text)).toBe(fillSlots(text, () => '').length);
    expect(fillSlots(slottedText([{ slot: 'only' }]), (uid) => uid).toString()).toBe('only');
    // Bytes are UTF-8, whatever the text holds; the page around it goes before and after.
    const accented = slottedText(['<p>Artículo 13.</p>', { slot: 'u' }, '<p>Año</p>']);
    expect(fillSlots(accented, () => '«13»', '<main>', '</main>').toString('utf8')).toBe('<main><p>Artículo 13.</p>\n«13»\n<p>Año</p></main>');
  });
});
