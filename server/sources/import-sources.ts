/**
 * Storing a parsed import file, with the one problem only the store can find: a known external
 * reference arriving with another kind (SourceKindChangeError). It is reported like any bad row —
 * its line, the column of its kind, the reference — and nothing is imported. Used by the CLI, the
 * REST upload and the fixture seeding alike.
 */
import { type ImportOutcome, SourceKindChangeError, type SourceStore } from '../storage/source-store.ts';
import { type ImportProblem, ProblemList } from './import-problem.ts';
import { kindName } from './kind-names.ts';
import type { ParsedSourceFile } from './source-file.ts';

export type SourceImportResult = { ok: true; outcome: ImportOutcome } | { ok: false; message: string; problems: ImportProblem[] };

export async function importParsedSources(
  store: SourceStore,
  parsed: Extract<ParsedSourceFile, { ok: true }>,
  actor: { id: string; file: string },
  at: number,
  onProgress?: (done: number) => void,
): Promise<SourceImportResult> {
  try {
    return { ok: true, outcome: await store.importSources(parsed.sources, actor, at, onProgress) };
  } catch (error) {
    if (!(error instanceof SourceKindChangeError)) throw error;
    const problems = new ProblemList();
    for (const change of error.changes) {
      const place = parsed.places[change.index];
      problems.add({
        line: place?.line ?? 1,
        column: place?.kindColumn ?? 'kind',
        reason: `external reference "${change.externalRef}" is already ${kindName(change.storedKind)} (${change.id}); an import cannot make it ${kindName(change.importedKind)} (a source keeps its id and its links, so its kind never changes); give the new source its own external reference`,
      });
    }
    return { ok: false, message: problems.summary(actor.file), problems: problems.items };
  }
}
