/** The SQLite source store: upsert by external reference, accent-insensitive search, filters, pages, audit. */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../shared/provenance/source-types.ts';
import { SourceKindChangeError, type SourceInput } from '../../server/storage/source-store.ts';
import { openSqliteStore, type SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { tempDataDir } from '../support/test-server.ts';

const actor = { id: 'admin-1', file: 'test.csv' };

function petition(ref: string, title: string, signatures: number, extra: Partial<SourceInput> = {}): SourceInput {
  return {
    kind: 'petition',
    externalRef: ref,
    title,
    summary: `Resumen de ${title}`,
    url: null,
    sample: false,
    details: { signatures, openedOn: '2016-04-01' },
    ...extra,
  } as SourceInput;
}

const meeting: SourceInput = {
  kind: 'meeting',
  externalRef: 'enc-1',
  title: 'Encuentro vecinal',
  summary: 'Movilidad en la colonia',
  url: 'https://example.org/encuentro',
  sample: true,
  details: { date: '2016-05-14', organiser: 'Colectivo Bici Sur', place: 'Coyoacán', topic: 'movilidad', attendees: 40, minutes: 'Se habló de la vía pública y de las ciclovías.' },
};

let dataDir: string;
let store: SqliteStore;

beforeEach(() => {
  dataDir = tempDataDir();
  store = openSqliteStore(dataDir, { synchronous: 'NORMAL' });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the SQLite source store', () => {
  it('creates sources with stable ids, then recognises unchanged and updated rows on re-import', async () => {
    const first = await store.sources.importSources([petition('p-1', 'Más áreas verdes', 100), meeting], actor, 1000);
    expect(first).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const page = await store.sources.searchSources({ limit: 10 });
    expect(page.total).toBe(2);
    const created = page.sources.find((s) => s.externalRef === 'p-1');
    expect(created?.id).toMatch(/^src_[a-z2-7]{16}$/);

    const again = await store.sources.importSources([petition('p-1', 'Más áreas verdes', 250), meeting], actor, 2000);
    expect(again).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const updated = await store.sources.getSource(created?.id ?? '');
    expect(updated).toMatchObject({ id: created?.id, createdAt: 1000, updatedAt: 2000, details: { signatures: 250 } });
    expect((await store.sources.countSources()).petition).toBe(1);

    const audit = (await store.listAudit(0, 100)).filter((e) => e.action === 'sources.import');
    expect(audit.map((e) => e.detail)).toEqual([
      { rows: 2, created: 2, updated: 0, unchanged: 0 },
      { rows: 2, created: 0, updated: 1, unchanged: 1 },
    ]);
  });

  it('finds "via publica" in "vía pública", case- and accent-insensitively, by word prefix', async () => {
    await store.sources.importSources([petition('p-1', 'Agua para todos', 10), meeting], actor, 1);
    for (const q of ['via publica', 'VÍA PÚB', 'ciclo', 'bici sur', 'coyoacan']) {
      const page = await store.sources.searchSources({ q, limit: 10 });
      expect(page.sources.map((s) => s.externalRef), q).toEqual(['enc-1']);
    }
    // FTS syntax in the query is only words: no error, no surprise match.
    for (const q of ['"', 'agua OR movilidad', 'title:agua', 'NEAR(agua', '*', 'agua)']) {
      await expect(store.sources.searchSources({ q, limit: 10 }), q).resolves.toBeDefined();
    }
    expect((await store.sources.searchSources({ q: 'agua OR movilidad', limit: 10 })).total).toBe(0);
    // The re-indexed text follows an update.
    await store.sources.importSources([petition('p-1', 'Bosques urbanos', 10)], actor, 2);
    expect((await store.sources.searchSources({ q: 'agua', limit: 10 })).total).toBe(0);
    expect((await store.sources.searchSources({ q: 'bosques', limit: 10 })).total).toBe(1);
  });

  it('filters by kind, signatures, threshold level and sample, and orders by signatures', async () => {
    await store.sources.importSources(
      [petition('a', 'A', 4_999), petition('b', 'B', 5_000), petition('c', 'C', 10_000), petition('d', 'D', 50_000, { sample: true }), meeting],
      actor,
      1,
    );
    const refs = async (query: Parameters<typeof store.sources.searchSources>[0]) => (await store.sources.searchSources(query)).sources.map((s) => s.externalRef);
    expect(await refs({ limit: 10 })).toEqual(['d', 'c', 'b', 'a', 'enc-1']);
    expect(await refs({ kind: 'meeting', limit: 10 })).toEqual(['enc-1']);
    expect(await refs({ minSignatures: 10_000, limit: 10 })).toEqual(['d', 'c']);
    expect(await refs({ minLevel: 1, limit: 10 })).toEqual(['d', 'c', 'b']);
    expect(await refs({ minLevel: 3, limit: 10 })).toEqual(['d']);
    expect(await refs({ minLevel: 4, limit: 10 })).toEqual([]);
    expect(await refs({ includeSample: false, limit: 10 })).toEqual(['c', 'b', 'a']);
  });

  it('pages with a cursor, without gaps or repeats, with and without a query', async () => {
    const many = Array.from({ length: 45 }, (_, i) => petition(`p-${i}`, `Petición sobre movilidad ${i}`, i % 7));
    await store.sources.importSources(many, actor, 1);
    for (const q of [undefined, 'movilidad']) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.sources.searchSources({ ...(q ? { q } : {}), limit: 10, ...(after ? { after } : {}) });
        expect(page.total).toBe(45);
        seen.push(...page.sources.map((s) => s.externalRef));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toHaveLength(45);
      expect(new Set(seen).size).toBe(45);
    }
    await expect(store.sources.searchSources({ limit: 10, after: 'nonsense' })).rejects.toThrow(/cursor/);
  });

  it('seeds the default thresholds once and keeps what an admin sets, with an audit event', async () => {
    expect(await store.sources.thresholds()).toEqual(DEFAULT_THRESHOLDS);
    const custom = [{ level: 1, signatures: 1_000, consequence: { es: 'Respuesta', en: 'Answer' } }];
    await store.sources.setThresholds(custom, 'admin-1', 5);
    await store.close();
    store = openSqliteStore(dataDir);
    expect(await store.sources.thresholds()).toEqual(custom);
    expect((await store.listAudit(0, 100)).some((e) => e.action === 'thresholds.set' && e.actorId === 'admin-1')).toBe(true);
  });

  it('imports nothing when the transaction fails part way', async () => {
    const bad = [petition('x-1', 'Uno', 1), { ...petition('x-2', 'Dos', 2), kind: 'petition', details: undefined } as unknown as SourceInput];
    await expect(store.sources.importSources(bad, actor, 1)).rejects.toThrow();
    expect((await store.sources.searchSources({ limit: 10 })).total).toBe(0);
    expect((await store.listAudit(0, 100)).some((e) => e.action === 'sources.import')).toBe(false);
  });

  it('never changes a known source’s kind: the whole import is refused, naming each such source', async () => {
    await store.sources.importSources([meeting], actor, 1000);
    const stored = (await store.sources.searchSources({ limit: 10 })).sources[0];
    const attempt = [petition('new-1', 'Nueva', 5), petition('enc-1', 'Encuentro vecinal', 10)];
    const refused = await store.sources.importSources(attempt, actor, 2000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SourceKindChangeError);
    expect((refused as SourceKindChangeError).changes).toEqual([{ index: 1, externalRef: 'enc-1', id: stored?.id, storedKind: 'meeting', importedKind: 'petition' }]);
    expect(await store.sources.getSource(stored?.id ?? '')).toMatchObject({ kind: 'meeting', updatedAt: 1000 });
    expect((await store.sources.countSources()).petition).toBe(0);
    expect((await store.listAudit(0, 100)).filter((e) => e.action === 'sources.import')).toHaveLength(1);
  });
});
