/** The committed source fixtures: valid imports, the published totals, sample data labelled, reproducible. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPublishedTotals, sourceFixtures } from '../../scripts/generate-sample-sources.ts';
import { parseSourceFile } from '../../server/sources/source-file.ts';
import { SOURCE_FIXTURE_DIR, SOURCE_FIXTURE_FILES } from '../../server/sources/seed-sources.ts';
import type { SourceInput } from '../../server/storage/source-store.ts';

function load(file: string): SourceInput[] {
  const parsed = parseSourceFile(readFileSync(new URL(file, SOURCE_FIXTURE_DIR)), 'json', file);
  if (!parsed.ok) throw new Error(`${parsed.message} ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return parsed.sources;
}

const fixtures = Object.fromEntries(SOURCE_FIXTURE_FILES.map((file) => [file, load(file)]));
const all = Object.values(fixtures).flat();
const petitions = all.flatMap((s) => (s.kind === 'petition' ? [s] : []));
const meetings = all.flatMap((s) => (s.kind === 'meeting' ? [s] : []));

describe('the source fixtures', () => {
  it('match the published totals: 341 petitions, over 400,000 signatures, 4 reached 50,000, 12 reached 10,000, 100+ meetings', () => {
    const signatures = petitions.map((p) => p.details.signatures);
    expect(petitions).toHaveLength(341);
    expect(signatures.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(400_000);
    expect(signatures.filter((n) => n >= 50_000)).toHaveLength(4);
    expect(signatures.filter((n) => n >= 10_000)).toHaveLength(12);
    expect(meetings.length).toBeGreaterThanOrEqual(100);
    expect(() => checkPublishedTotals(petitions, meetings)).not.toThrow();
  });

  it('hold the 25 grandes retos of question 26 as real survey themes, without invented totals', () => {
    const retos = all.filter((s) => s.kind === 'survey_theme' && s.externalRef.includes('/q26/'));
    expect(retos).toHaveLength(25);
    expect(retos.map((r) => r.title)).toContain('Espacio Público');
    expect(retos.map((r) => r.title)).not.toContain('Otro');
    for (const reto of retos) expect(reto).toMatchObject({ sample: false, details: { responses: null } });
  });

  it('keep the documented green-space petition real, with its source and 50,000 signatures', () => {
    const [green] = fixtures['documented-petitions.json'] ?? [];
    expect(green).toMatchObject({ kind: 'petition', sample: false, url: expect.stringMatching(/^https:\/\/www\.citylab\.com\//), details: { signatures: 50_000 } });
    expect(green?.summary).toMatch(/9\.2 m²/);
  });

  it('label every generated source as sample data, with "Ejemplo" in title and summary, in the campaign’s dates', () => {
    const generated = [...(fixtures['sample-petitions.json'] ?? []), ...(fixtures['sample-meetings.json'] ?? [])];
    expect(generated.length).toBeGreaterThan(400);
    for (const source of generated) {
      expect(source.sample).toBe(true);
      expect(source.title).toMatch(/^Ejemplo/);
      expect(source.summary).toMatch(/^Ejemplo/);
      if (source.kind === 'petition') expect(source.details.openedOn && source.details.openedOn >= '2016-03-30' && source.details.openedOn <= '2016-09-01').toBe(true);
      if (source.kind === 'meeting') expect(source.details.date.startsWith('2016-')).toBe(true);
    }
    expect(all.filter((s) => !s.sample).every((s) => !/^Ejemplo/.test(s.title))).toBe(true);
  });

  it('give every source its own title, told apart within its first 50 characters', () => {
    const titles = all.map((s) => s.title);
    expect(new Set(titles).size).toBe(titles.length);
    // Lists of sources (the link dialog, search results) are read from the left: titles that
    // differ only at their end once got the wrong petition linked.
    const starts = titles.map((title) => title.slice(0, 50));
    expect(starts.filter((start, i) => starts.indexOf(start) !== i)).toEqual([]);
    expect(all.filter((s) => s.title.includes('vía pública')).map((s) => s.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^Ejemplo \([^)]+\): Prioridad al peatón/)]));
  });

  it('keep the external references that installations already hold, so re-importing updates in place', () => {
    const refs = (file: string) => (fixtures[file] ?? []).map((s) => s.externalRef);
    expect(refs('sample-petitions.json')).toEqual(Array.from({ length: 340 }, (_, i) => `sample/petition-${String(i + 1).padStart(3, '0')}`));
    expect(refs('sample-meetings.json')).toEqual(Array.from({ length: 120 }, (_, i) => `sample/meeting-${String(i + 1).padStart(3, '0')}`));
    expect(refs('documented-petitions.json')).toEqual(['documented/green-space-9-2-m2']);
  });

  it('name only groups as meeting organisers', () => {
    for (const meeting of meetings) expect(meeting.details.organiser).toMatch(/^(Colectivo|Red|Asamblea|Jóvenes|Consejo|Asociación|Frente|Observatorio|Comité) /);
  });

  it('are what the generator writes (deterministic from its seed)', () => {
    const regenerated = sourceFixtures();
    for (const file of SOURCE_FIXTURE_FILES) {
      expect(JSON.parse(readFileSync(new URL(file, SOURCE_FIXTURE_DIR), 'utf8')), file).toEqual(regenerated[file]);
    }
  });
});
