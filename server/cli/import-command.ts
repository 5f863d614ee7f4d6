/**
 * `carta import markdown FILE --doc ID [--title T] [--check]`: creates a new document from legal
 * Markdown, or with --check only reports what the importer could not place.
 * `carta import sources FILE [--format csv|json]`: see import-sources-command.ts.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importMarkdown } from '../../shared/markdown/markdown-import.ts';
import { DOC_ID_PATTERN } from '../../shared/protocol/collab.ts';
import { createDocumentFromMarkdown } from '../documents/document-from-markdown.ts';
import { DEFAULT_DOCUMENT_ID } from '../documents/seed.ts';
import { SYSTEM_USER } from '../documents/system-users.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { importSourcesCommand, importSourcesHelp } from './import-sources-command.ts';

export const importHelp = `carta import markdown FILE --doc ID [--title "Title"] [--check]

Creates document ID from a legal Markdown file (the format of fixtures/constitucion_cdmx.md).
Lines that cannot be placed, and numbers in the source that differ from the numbers derived from
position, are listed with their line numbers. --check lists them without creating anything.
An existing document is never overwritten.

${importSourcesHelp}`;

export async function importCommand(args: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      doc: { type: 'string' },
      title: { type: 'string' },
      check: { type: 'boolean', default: false },
      format: { type: 'string' },
      progress: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [kind, file] = positionals;
  if (kind === 'sources') {
    if (!file) throw new UsageError('give the CSV or JSON file of sources to import');
    if (values.doc !== undefined || values.title !== undefined || values.check) throw new UsageError('--doc, --title and --check are for "import markdown"');
    return importSourcesCommand(file, { ...(values.format !== undefined ? { format: values.format } : {}), progress: values.progress }, ctx);
  }
  if (kind !== 'markdown') throw new UsageError('say what to import: "import markdown FILE --doc ID" or "import sources FILE"');
  if (values.format !== undefined || values.progress) throw new UsageError('--format and --progress are for "import sources"');
  if (!file) throw new UsageError('give the Markdown file to import');
  let markdown: string;
  try {
    markdown = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const report = (problems: ReturnType<typeof importMarkdown>['problems']): void => {
    for (const p of problems) ctx.err(`${file}:${p.line}: ${p.code}: ${p.message}${p.text ? `\n    ${p.text.slice(0, 160)}` : ''}`);
  };
  if (values.check) {
    const result = importMarkdown(markdown);
    report(result.problems);
    ctx.out(`${result.problems.length} note(s); nothing was written.`);
    return;
  }
  if (!values.doc || !DOC_ID_PATTERN.test(values.doc)) throw new UsageError('--doc ID is required (lowercase letters, digits and dashes)');
  if (values.doc === DEFAULT_DOCUMENT_ID) throw new UsageError(`"${DEFAULT_DOCUMENT_ID}" is kept for the Mexico City constitution that the server seeds; choose another --doc`);
  const preview = importMarkdown(markdown);
  if (preview.doc.childCount === 0) {
    report(preview.problems);
    throw new UsageError(`nothing in ${file} reads as a legal document (no PREÁMBULO, TÍTULO, artículo or TRANSITORIOS); nothing was created`);
  }
  const store = ctx.store({ create: true });
  if (await store.getDocument(values.doc)) throw new UsageError(`document "${values.doc}" already exists; choose another --doc`);
  await store.ensureUser(SYSTEM_USER, Date.now());
  const result = await createDocumentFromMarkdown(store, {
    id: values.doc,
    markdown,
    actorId: SYSTEM_USER.id,
    ...(values.title ? { title: values.title } : {}),
  });
  report(result.problems);
  ctx.out(result.created ? `Created document "${values.doc}" ("${result.title}"), ${result.problems.length} note(s).` : `Document "${values.doc}" already exists.`);
}
