/**
 * First-start loading of the source fixtures (fixtures/sources/*.json: the real survey themes and
 * documented petitions, and the generated sample petitions and meetings). Like the constitution it
 * runs on the server, once: a setting records that it happened, and the import upserts by external
 * reference, so even a start interrupted half-way never duplicates a source when it runs again.
 * The fixtures go through the same reading and validation as any import.
 */
import { readFile } from 'node:fs/promises';
import { SYSTEM_USER } from '../documents/system-users.ts';
import type { ImportOutcome } from '../storage/source-store.ts';
import type { CartaStore } from '../storage/store.ts';
import { importParsedSources } from './import-sources.ts';
import { parseSourceFile } from './source-file.ts';

export const SOURCE_FIXTURE_FILES = ['survey-themes.json', 'documented-petitions.json', 'sample-petitions.json', 'sample-meetings.json'] as const;
export const SOURCE_FIXTURE_DIR = new URL('../../fixtures/sources/', import.meta.url);
const SEEDED_SETTING = 'fixtures.sources.seeded';

/** Thrown when a committed fixture does not pass import validation (a broken checkout or generator). */
export class FixtureError extends Error {
  override name = 'FixtureError';
}

const fixtureError = (refusal: { message: string; problems: readonly { line: number; column: string; reason: string }[] }): FixtureError =>
  new FixtureError(`${refusal.message} ${refusal.problems.slice(0, 3).map((p) => `line ${p.line} ${p.column}: ${p.reason}`).join('; ')}`);

/** Loads the source fixtures unless that was done before; returns the totals, or null when skipped. */
export async function seedSourceFixtures(store: CartaStore): Promise<ImportOutcome | null> {
  if ((await store.getSetting(SEEDED_SETTING)) !== null) return null;
  await store.ensureUser(SYSTEM_USER, Date.now());
  const total: ImportOutcome = { created: 0, updated: 0, unchanged: 0 };
  for (const file of SOURCE_FIXTURE_FILES) {
    const name = `fixtures/sources/${file}`;
    const parsed = parseSourceFile(await readFile(new URL(file, SOURCE_FIXTURE_DIR)), 'json', name);
    if (!parsed.ok) throw fixtureError(parsed);
    const imported = await importParsedSources(store.sources, parsed, { id: SYSTEM_USER.id, file: name }, Date.now());
    if (!imported.ok) throw fixtureError(imported);
    const { outcome } = imported;
    total.created += outcome.created;
    total.updated += outcome.updated;
    total.unchanged += outcome.unchanged;
  }
  await store.setSettingIfAbsent(SEEDED_SETTING, new Date().toISOString());
  return total;
}
