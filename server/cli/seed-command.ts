/** `carta seed`: creates the database and seeds document cdmx, if that has not happened yet. */
import { seedDefaultDocument } from '../documents/seed.ts';
import type { CliContext } from './cli-context.ts';

export const seedHelp = `carta seed

Creates the database (in CARTA_DATA_DIR) and loads the Mexico City constitution as document
"cdmx" unless it is already there. Safe to run again: it never duplicates the text.`;

export async function seedCommand(_args: string[], ctx: CliContext): Promise<void> {
  const result = await seedDefaultDocument(ctx.store({ create: true }));
  if (!result) {
    ctx.out('Document "cdmx" already exists; nothing to do.');
    return;
  }
  ctx.out(`Seeded "${result.title}" as document "cdmx" (${result.bytes} bytes of initial state, ${result.problems.length} import notes).`);
}
