/**
 * Legal document → Markdown, in the format that ./markdown-import.ts reads, with every number
 * derived from position. Importing the output gives back the same structure and text.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { isBlockKind, NodeName } from '../schema/legal-schema.ts';
import { type NumberedNode, numberDocument } from '../schema/numbering.ts';
import { needsLineEscape } from './block-lines.ts';
import { serializeInline } from './inline-markdown.ts';

export interface MarkdownExportOptions {
  /** The document title, written as the `#` line. */
  title: string;
}

/** Serialises a whole document. Empty unnumbered paragraphs have no Markdown form and are skipped. */
export function exportMarkdown(doc: PMNode, options: MarkdownExportOptions): string {
  const numbers = new Map<PMNode, NumberedNode>();
  for (const numbered of numberDocument(doc)) numbers.set(numbered.node, numbered);
  const out: string[] = [`# ${options.title}`];

  const blockLine = (block: PMNode): string | null => {
    const text = serializeInline(block);
    if (block.type.name === NodeName.parrafo) {
      if (text === '') return null;
      return needsLineEscape(text) ? `\\${text}` : text;
    }
    const label = numbers.get(block)?.label ?? '';
    return text === '' ? label : `${label} ${text}`;
  };
  const pushBlocks = (container: PMNode): void => {
    container.forEach((child) => {
      if (!isBlockKind(child.type.name)) return;
      const line = blockLine(child);
      if (line !== null) out.push(line);
    });
  };
  const headingLine = (marker: string, label: string, text: string): string =>
    text === '' ? `${marker} ${label}` : `${marker} ${label} ${text}`;

  const pushArticle = (article: PMNode): void => {
    const n = numbers.get(article);
    out.push(headingLine('####', n?.label ?? 'Artículo.', serializeInline(article.firstChild!)));
    // In document order: a block that follows an apartado (possible after concurrent edits) is
    // written where it stands, and reads back as part of that apartado.
    article.forEach((child) => {
      if (isBlockKind(child.type.name)) {
        const line = blockLine(child);
        if (line !== null) out.push(line);
      } else if (child.type.name === NodeName.apartado) {
        out.push(headingLine('#####', numbers.get(child)?.label ?? '', serializeInline(child.firstChild!)));
        pushBlocks(child);
      }
    });
  };

  doc.forEach((top) => {
    switch (top.type.name) {
      case NodeName.preambulo:
        out.push('## PREÁMBULO');
        pushBlocks(top);
        break;
      case NodeName.titulo:
        out.push(headingLine('##', numbers.get(top)?.label ?? '', serializeInline(top.firstChild!)));
        top.forEach((child) => {
          if (child.type.name === NodeName.articulo) pushArticle(child);
          if (child.type.name !== NodeName.capitulo) return;
          out.push(headingLine('###', numbers.get(child)?.label ?? '', serializeInline(child.firstChild!)));
          child.forEach((article) => {
            if (article.type.name === NodeName.articulo) pushArticle(article);
          });
        });
        break;
      case NodeName.transitorios: {
        const name = serializeInline(top.firstChild!);
        out.push(`## ${name === '' ? 'TRANSITORIOS' : name}`);
        top.forEach((item) => {
          if (item.type.name !== NodeName.transitorio) return;
          const label = numbers.get(item)?.label ?? '';
          let first = true;
          item.forEach((block) => {
            const line = blockLine(block) ?? '';
            if (first) out.push(line === '' ? label : `${label} ${line}`);
            else if (line !== '') out.push(line);
            first = false;
          });
        });
        break;
      }
      default:
        break;
    }
  });
  return `${out.join('\n\n')}\n`;
}
