/**
 * The pieces the public reports are made of, without a server: the answered petitions' standing
 * (counting and paging by bisection, stepping over answered positions when paging the others), the
 * chart's groups of signatures, the cursor, levels as signatures, and the trace pages' addresses.
 */
import { describe, expect, it } from 'vitest';
import { traceRouteFromPath } from '../../client/trace/trace-route.ts';
import { BadPetitionCursorError, decodePetitionCursor, encodePetitionCursor, signaturesForLevel } from '../../server/provenance/petition-list.ts';
import { comesBefore, PetitionStanding } from '../../server/provenance/petition-standing.ts';
import { binEdges } from '../../server/provenance/signatures-summary.ts';
import type { PetitionPosition } from '../../server/storage/report-queries.ts';
import type { CartaStore } from '../../server/storage/store.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/provenance/source-types.ts';
import { seededRandom } from '../support/seeded-random.ts';

const order = (a: PetitionPosition, b: PetitionPosition): number => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0);

/** A store whose only report query is the signatures index over `all`, counting how much it reads. */
function indexOver(all: readonly PetitionPosition[]): { store: CartaStore; read: () => number } {
  let read = 0;
  const reports = {
    async positionsAfter(min: number, after: PetitionPosition | null, limit: number): Promise<PetitionPosition[]> {
      const page = all.filter((p) => p.signatures >= min && (!after || comesBefore(after, p))).slice(0, limit);
      read += page.length;
      return page;
    },
  };
  return { store: { reports } as unknown as CartaStore, read: () => read };
}

describe('the answered petitions’ standing', () => {
  const random = seededRandom(7);
  const all: PetitionPosition[] = Array.from({ length: 3_000 }, (_, key) => ({ key, signatures: random.int(5) === 0 ? 5_000 : random.int(200_000) })).sort(order);
  const honoured = all.filter(() => random.chance(0.3));
  const standing = new PetitionStanding({ sources: new Set(), articles: new Set() }, honoured);

  it('counts the answered petitions over any mark', () => {
    for (const mark of [0, 1, 5_000, 5_001, 50_000, 199_999, 1_000_000]) expect(standing.honouredAtLeast(mark)).toBe(honoured.filter((p) => p.signatures >= mark).length);
  });

  it('pages the answered ones and the others in the signatures order, each petition once', async () => {
    const { store } = indexOver(all);
    for (const mark of [0, 5_000, 50_000]) {
      for (const size of [1, 7, 100]) {
        const seenHonoured: PetitionPosition[] = [];
        const seenPending: PetitionPosition[] = [];
        let after: PetitionPosition | null = null;
        for (;;) {
          const page: PetitionPosition[] = standing.honouredAfter(mark, after, size);
          seenHonoured.push(...page);
          if (page.length < size) break;
          after = page.at(-1) ?? null;
        }
        after = null;
        for (;;) {
          const page: PetitionPosition[] = await standing.pendingAfter(store, mark, after, size);
          seenPending.push(...page);
          if (page.length < size) break;
          after = page.at(-1) ?? null;
        }
        const over = all.filter((p) => p.signatures >= mark);
        expect(seenHonoured).toEqual(over.filter((p) => standing.isHonoured(p.key)));
        expect(seenPending).toEqual(over.filter((p) => !standing.isHonoured(p.key)));
      }
    }
  });

  it('reads the index in growing steps past a long run of answered petitions', async () => {
    const top: PetitionPosition[] = Array.from({ length: 10_000 }, (_, key) => ({ key, signatures: 100_000 - key }));
    const mostlyAnswered = new PetitionStanding({ sources: new Set(), articles: new Set() }, top.slice(0, 9_990));
    const { store, read } = indexOver(top);
    const page = await mostlyAnswered.pendingAfter(store, 0, null, 5);
    expect(page.map((p) => p.key)).toEqual([9_990, 9_991, 9_992, 9_993, 9_994]);
    // 64 + 128 + … : a few steps, not one query per petition.
    expect(read()).toBeLessThan(20_000);
  });
});

describe('the chart’s groups', () => {
  it('starts with zero and one, and has at most ten groups per power of ten, whole numbers, rising', () => {
    const edges = binEdges(10_000_000);
    expect(edges.slice(0, 3)).toEqual([0, 1, 2]);
    expect(edges).toContain(10);
    expect(edges).toContain(1_000_000);
    expect(edges.at(-1)).toBe(10_000_000);
    expect(edges.every((edge, i) => i === 0 || edge > (edges[i - 1] as number))).toBe(true);
    expect(edges.length).toBeLessThanOrEqual(2 + 7 * 10);
    expect(binEdges(1)).toEqual([0, 1]);
  });
});

describe('the petitions cursor and levels', () => {
  it('hands out opaque cursors and refuses any other', () => {
    const position = { signatures: 12_345, key: 678 };
    expect(decodePetitionCursor(encodePetitionCursor(position))).toEqual(position);
    for (const bad of ['', 'abc', Buffer.from('[1.5,2]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodePetitionCursor(bad)).toThrow(BadPetitionCursorError);
    }
  });

  it('turns a level into the signatures that reach it, and knows when no threshold has it', () => {
    expect(signaturesForLevel(0, DEFAULT_THRESHOLDS)).toBe(0);
    expect(signaturesForLevel(1, DEFAULT_THRESHOLDS)).toBe(Math.min(...DEFAULT_THRESHOLDS.map((t) => t.signatures)));
    expect(signaturesForLevel(3, DEFAULT_THRESHOLDS)).toBe(DEFAULT_THRESHOLDS.find((t) => t.level === 3)?.signatures);
    expect(signaturesForLevel(7, DEFAULT_THRESHOLDS)).toBeNull();
  });
});

describe('the trace pages’ addresses', () => {
  it('keeps an address that cannot name a source on the sources’ pages, as "not found"', () => {
    expect(traceRouteFromPath('/sources/src_abc')).toEqual({ page: 'source', id: 'src_abc' });
    expect(traceRouteFromPath('/sources/%E0%A4%A')).toEqual({ page: 'source', id: null });
    expect(traceRouteFromPath(`/sources/${'x'.repeat(101)}`)).toEqual({ page: 'source', id: null });
    expect(traceRouteFromPath('/sources/')).toEqual({ page: 'sources' });
    expect(traceRouteFromPath('/auditor')).toEqual({ page: 'auditor' });
    expect(traceRouteFromPath('/d/cdmx')).toBeNull();
  });
});
