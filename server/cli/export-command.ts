/** `carta export --doc ID --format markdown|json [--out FILE]`: the current text, from the store. */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { exportMarkdown } from '../../shared/markdown/markdown-export.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { loadDocumentState } from '../collab/room-registry.ts';
import { type CliContext, UsageError } from './cli-context.ts';

export const exportHelp = `carta export [--doc cdmx] [--format markdown|json] [--out FILE]

Writes the document's current text (checkpoint + update log) to FILE or standard output. Works
while the server runs (it only reads).`;

export async function exportCommand(args: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { doc: { type: 'string', default: 'cdmx' }, format: { type: 'string', default: 'markdown' }, out: { type: 'string' } },
    strict: true,
  });
  const format = values.format;
  if (format !== 'markdown' && format !== 'json') throw new UsageError('--format must be markdown or json');
  const store = ctx.store();
  const record = await store.getDocument(values.doc);
  if (!record) throw new UsageError(`no document "${values.doc}" in ${ctx.config.dataDir}`);
  const { doc: ydoc, seq } = await loadDocumentState(store, record.id, ctx.err);
  const json = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT));
  const doc = legalSchema.nodeFromJSON({ type: 'doc', content: json.content ?? [] });
  ydoc.destroy();
  const text =
    format === 'markdown'
      ? exportMarkdown(doc, { title: record.title })
      : `${JSON.stringify({ id: record.id, title: record.title, seq, exportedAt: new Date().toISOString(), doc: doc.toJSON() }, null, 2)}\n`;
  if (values.out) {
    await writeFile(values.out, text);
    ctx.err(`Wrote ${record.id} at log position ${seq} to ${values.out} (${Buffer.byteLength(text)} bytes).`);
  } else {
    process.stdout.write(text);
  }
}
