/** First start loads the source fixtures once; a restart on the same data never duplicates them. */
import { afterAll, describe, expect, it } from 'vitest';
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
});
