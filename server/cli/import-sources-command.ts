/**
 * `carta import sources FILE [--format csv|json] [--progress]`: loads petitions, survey themes and
 * meetings from a file (docs/sources.md), in one transaction. A file with any problem imports
 * nothing; every problem is listed with its line and column and the command exits with 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SYSTEM_USER } from '../documents/system-users.ts';
import { importParsedSources } from '../sources/import-sources.ts';
import type { ImportProblem } from '../sources/import-problem.ts';
import { formatOfFileName, parseSourceFile, SOURCE_FORMATS, type SourceFormat } from '../sources/source-file.ts';
import type { CliContext } from './cli-context.ts';
import { UsageError } from './cli-context.ts';
import { NO_PROGRESS, progressBar } from './progress-bar.ts';

export const importSourcesHelp = `carta import sources FILE [--format csv|json] [--progress]

Creates or updates citizen sources (petitions, survey themes, meetings, proposals, other) from a CSV
or JSON file; the formats are in docs/sources.md. The format follows the file's extension unless
--format says otherwise. Sources are matched by external_ref: importing the same file again changes
nothing, and an edited row updates its source (never its kind: a known reference with another kind
is a problem). A file with any problem imports nothing: every
problem is listed as FILE:LINE: COLUMN: REASON and the exit code is 1. A progress bar is drawn on
stderr when it is a terminal (--progress draws it anyway); the summary goes to stdout.`;

/** Options of `import sources` (parsed by the import command). */
export interface ImportSourcesOptions {
  format?: string;
  progress: boolean;
}

export async function importSourcesCommand(file: string, options: ImportSourcesOptions, ctx: CliContext): Promise<void> {
  if (options.format !== undefined && !(SOURCE_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${SOURCE_FORMATS.join(', ')}`);
  }
  const format = (options.format as SourceFormat | undefined) ?? formatOfFileName(file);
  if (!format) throw new UsageError(`cannot tell the format of ${file} from its name; add --format csv or --format json`);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const started = performance.now();
  const name = path.basename(file);
  const refuse = (refusal: { message: string; problems: ImportProblem[] }): never => {
    for (const p of refusal.problems) ctx.err(`${file}:${p.line}: ${p.column ? `${p.column}: ` : ''}${p.reason}`);
    throw new Error(refusal.message);
  };
  const parsed = parseSourceFile(bytes, format, name);
  if (!parsed.ok) return refuse(parsed);
  const store = ctx.store({ create: true });
  await store.ensureUser(SYSTEM_USER, Date.now());
  const bar = options.progress || process.stderr.isTTY ? progressBar(parsed.sources.length, 'rows', (text) => process.stderr.write(text)) : NO_PROGRESS;
  const imported = await importParsedSources(store.sources, parsed, { id: SYSTEM_USER.id, file: name }, Date.now(), (done) => bar.update(done));
  bar.finish();
  if (!imported.ok) return refuse(imported);
  const { outcome } = imported;
  const ms = Math.round(performance.now() - started);
  ctx.out(`Imported ${name}: ${parsed.sources.length} rows, ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged (${ms} ms).`);
}
