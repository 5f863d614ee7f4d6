/** First start loads the source fixtures once; a restart on the same data never duplicates them. */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { importParsedSources } from '../../server/sources/import-sources.ts';
import { SOURCE_FIXTURE_DIR } from '../../server/sources/seed-sources.ts';
import { parseSourceFile } from '../../server/sources/source-file.ts';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { startTestServer, tempDataDir } from '../support/test-server.ts';

const dataDir = tempDataDir();

afterAll(async () => {
  const fs = await import('node:fs');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('source fixtures on first start', () => {
  it('are loaded once and stay once across restarts, findable by accent-insensitive search', async () => {
    const first = await startTestServer({ dataDir });
    const counts = await first.carta.store.sources.countSources();
    expect(counts).toMatchObject({ petition: 341, survey_theme: 29 });
    expect(counts.meeting).toBeGreaterThanOrEqual(100);
    const found = (await (await fetch(`${first.url}/api/sources?q=area%20verde%20minima&sample=false`)).json()) as { sources: { title: string; level: number }[] };
    expect(found.sources[0]).toMatchObject({ title: 'Área verde mínima de 9.2 m² por habitante', level: 3 });
    const level3 = (await (await fetch(`${first.url}/api/sources?minLevel=3`)).json()) as { total: number };
    expect(level3.total).toBe(4);
    await first.stop();

    const second = await startTestServer({ dataDir });
    expect(await second.carta.store.sources.countSources()).toEqual(counts);
    const imports = (await second.carta.store.listAudit(0, 10_000)).filter((e) => e.action === 'sources.import');
    expect(imports).toHaveLength(4);
    await second.stop();
  });

  it('update an installation loaded from earlier fixtures in place when the files are imported again', async () => {
    const dir = tempDataDir();
    const store = openSqliteStore(dir, { synchronous: 'NORMAL' });
    try {
      const bytes = readFileSync(new URL('sample-petitions.json', SOURCE_FIXTURE_DIR));
      const current = parseSourceFile(bytes, 'json', 'sample-petitions.json');
      if (!current.ok) throw new Error(current.message);
      // Earlier fixtures: the same references, titles without the place ("Ejemplo: Revocación de mandato").
      const earlier = current.sources.map((s) => ({ ...s, title: s.title.replace(/^Ejemplo \([^)]*\): /, 'Ejemplo: ') }));
      expect(new Set(earlier.map((s) => s.title)).size).toBeLessThan(340);
      await store.sources.importSources(earlier, { id: 'system', file: 'old' }, 1);

      const again = await importParsedSources(store.sources, current, { id: 'system', file: 'sample-petitions.json' }, 2);
      expect(again).toEqual({ ok: true, outcome: { created: 0, updated: 340, unchanged: 0 } });
      const stored = await store.sources.searchSources({ kind: 'petition', limit: 100 });
      expect(stored.total).toBe(340);
      expect(stored.sources.every((s) => /^Ejemplo \([^)]+\): /.test(s.title))).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
