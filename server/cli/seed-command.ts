/** `carta seed`: creates the database, seeds document cdmx and the source fixtures, if that has not happened yet. */
import { seedDefaultDocument } from '../documents/seed.ts';
import { seedSourceFixtures } from '../sources/seed-sources.ts';
import type { CliContext } from './cli-context.ts';

export const seedHelp = `carta seed

Creates the database (in CARTA_DATA_DIR) and loads the Mexico City constitution as document
"cdmx" unless it is already there, and the source fixtures (survey themes, documented petitions,
generated sample petitions and meetings; fixtures/sources/README.md) unless they were loaded
before. Safe to run again: it never duplicates the text or a source.`;

export async function seedCommand(_args: string[], ctx: CliContext): Promise<void> {
  const store = ctx.store({ create: true });
  const result = await seedDefaultDocument(store);
  if (!result) ctx.out('Document "cdmx" already exists; nothing to do.');
  else ctx.out(`Seeded "${result.title}" as document "cdmx" (${result.bytes} bytes of initial state, ${result.problems.length} import notes).`);
  const sources = await seedSourceFixtures(store);
  ctx.out(sources ? `Loaded the source fixtures: ${sources.created} sources.` : 'The source fixtures were loaded before; nothing to do.');
}
