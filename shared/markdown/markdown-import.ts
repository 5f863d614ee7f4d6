/**
 * Markdown → legal document. Reads the structured Markdown of fixtures/constitucion_cdmx.md
 * (see ./block-lines.ts for the line forms) into a checked ProseMirror document with fresh uids.
 *
 * Nothing is dropped silently: a line the importer cannot place (text outside any article, an
 * unknown heading, an editorial HTML comment) is reported with its line number, and a number typed
 * in the source that differs from the number derived from position is reported too.
 */
import type { Node as PMNode, NodeType } from 'prosemirror-model';
import { type BlockKind, legalSchema, NodeName } from '../schema/legal-schema.ts';
import { numberDocument } from '../schema/numbering.ts';
import { newUid } from '../schema/uid.ts';
import { classifyBlockLine, classifyHeadingLine, matchTransitorioLine, trimUnescaped } from './block-lines.ts';
import { parseInline } from './inline-markdown.ts';

export type ImportProblemCode =
  | 'unplaced-text'
  | 'unknown-heading'
  | 'comment-not-imported'
  | 'number-mismatch'
  | 'empty-section';

export interface ImportProblem {
  /** 1-based line number in the source. */
  line: number;
  code: ImportProblemCode;
  message: string;
  /** The source text concerned (so nothing is lost even when it could not be placed). */
  text: string;
}

export interface MarkdownImportResult {
  title: string;
  doc: PMNode;
  problems: ImportProblem[];
}

interface BlockDraft {
  kind: BlockKind;
  uid: string;
  markdown: string;
}
interface ApartadoDraft {
  uid: string;
  epigrafe: string;
  blocks: BlockDraft[];
}
interface ArticuloDraft {
  uid: string;
  epigrafe: string;
  blocks: BlockDraft[];
  apartados: ApartadoDraft[];
}
interface CapituloDraft {
  uid: string;
  name: string;
  articulos: ArticuloDraft[];
}
interface TituloDraft {
  uid: string;
  name: string;
  articulos: ArticuloDraft[];
  capitulos: CapituloDraft[];
}
interface TransitorioDraft {
  uid: string;
  blocks: BlockDraft[];
}
interface TransitoriosDraft {
  uid: string;
  name: string;
  items: TransitorioDraft[];
}

/** Parses the legal Markdown format. Never throws on content: problems are reported instead. */
export function importMarkdown(source: string): MarkdownImportResult {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const problems: ImportProblem[] = [];
  const typedNumbers = new Map<string, { line: number; typed: string }>();
  const report = (line: number, code: ImportProblemCode, message: string, text: string): void => {
    problems.push({ line, code, message, text });
  };

  let title = '';
  let preambulo: { uid: string; blocks: BlockDraft[]; line: number } | null = null;
  const titulos: TituloDraft[] = [];
  let transitorios: TransitoriosDraft | null = null;

  // Where body lines go right now.
  let section: 'none' | 'preambulo' | 'titulo' | 'transitorios' = 'none';
  let titulo: TituloDraft | null = null;
  let capitulo: CapituloDraft | null = null;
  let articulo: ArticuloDraft | null = null;
  let apartado: ApartadoDraft | null = null;
  let transitorio: TransitorioDraft | null = null;

  const remember = (uid: string, line: number, typed: string): void => {
    typedNumbers.set(uid, { line, typed });
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const raw = lines[index] ?? '';
    const line = trimUnescaped(raw);
    if (line === '') continue;

    if (line.startsWith('<!--')) {
      let end = index;
      while (end < lines.length && !(lines[end] ?? '').includes('-->')) end++;
      const text = lines.slice(index, Math.min(end, lines.length - 1) + 1).join('\n');
      report(lineNo, 'comment-not-imported', 'Editorial HTML comment kept out of the document text.', text);
      index = end;
      continue;
    }

    const heading = classifyHeadingLine(line);
    if (heading) {
      switch (heading.kind) {
        case 'document':
          if (title === '') title = heading.text;
          else report(lineNo, 'unknown-heading', 'A second document title; kept as the first one.', line);
          break;
        case 'preambulo':
          section = 'preambulo';
          titulo = capitulo = null;
          articulo = apartado = null;
          transitorio = null;
          if (preambulo) report(lineNo, 'unknown-heading', 'A second PREÁMBULO; its paragraphs join the first.', line);
          else preambulo = { uid: newUid(), blocks: [], line: lineNo };
          break;
        case 'titulo':
          section = 'titulo';
          titulo = { uid: newUid(), name: heading.name, articulos: [], capitulos: [] };
          remember(titulo.uid, lineNo, heading.typed);
          titulos.push(titulo);
          capitulo = null;
          articulo = apartado = null;
          transitorio = null;
          break;
        case 'transitorios':
          section = 'transitorios';
          titulo = capitulo = null;
          articulo = apartado = null;
          transitorio = null;
          if (transitorios) report(lineNo, 'unknown-heading', 'A second transitory section; its articles join the first.', line);
          else transitorios = { uid: newUid(), name: heading.name, items: [] };
          break;
        case 'capitulo':
          if (!titulo) {
            report(lineNo, 'unplaced-text', 'A CAPÍTULO outside any TÍTULO.', line);
            break;
          }
          capitulo = { uid: newUid(), name: heading.name, articulos: [] };
          remember(capitulo.uid, lineNo, heading.typed);
          titulo.capitulos.push(capitulo);
          articulo = apartado = null;
          break;
        case 'articulo': {
          if (!titulo) {
            report(lineNo, 'unplaced-text', 'An article outside any TÍTULO.', line);
            articulo = apartado = null;
            break;
          }
          articulo = { uid: newUid(), epigrafe: heading.epigrafe, blocks: [], apartados: [] };
          remember(articulo.uid, lineNo, heading.typed);
          // Once a CAPÍTULO has opened, articles belong to it until the next CAPÍTULO or TÍTULO.
          if (capitulo) capitulo.articulos.push(articulo);
          else titulo.articulos.push(articulo);
          apartado = null;
          break;
        }
        case 'apartado':
          if (!articulo) {
            report(lineNo, 'unplaced-text', 'An apartado outside any article.', line);
            break;
          }
          apartado = { uid: newUid(), epigrafe: heading.epigrafe, blocks: [] };
          remember(apartado.uid, lineNo, heading.typed);
          articulo.apartados.push(apartado);
          break;
        case 'unknown':
          report(lineNo, 'unknown-heading', 'A heading that is not a known part of a legal document.', line);
          break;
      }
      continue;
    }

    // A body line.
    if (section === 'transitorios' && transitorios) {
      const start = matchTransitorioLine(line);
      if (start) {
        transitorio = { uid: newUid(), blocks: [] };
        remember(transitorio.uid, lineNo, start.typed);
        transitorios.items.push(transitorio);
        const first = classifyBlockLine(start.rest);
        const block: BlockDraft = { kind: first.kind, uid: newUid(), markdown: first.rest };
        if (first.kind !== 'parrafo') remember(block.uid, lineNo, first.typed);
        transitorio.blocks.push(block);
        continue;
      }
    }
    const classified = classifyBlockLine(line);
    const block: BlockDraft = { kind: classified.kind, uid: newUid(), markdown: classified.rest };
    if (classified.kind !== 'parrafo') remember(block.uid, lineNo, classified.typed);

    if (section === 'preambulo' && preambulo) {
      // The preamble has only plain paragraphs: a line that looks numbered keeps its text as written.
      preambulo.blocks.push({ kind: 'parrafo', uid: block.uid, markdown: line });
      typedNumbers.delete(block.uid);
    } else if (section === 'titulo' && (apartado ?? articulo)) {
      (apartado ?? articulo)?.blocks.push(block);
    } else if (section === 'transitorios' && transitorio) {
      transitorio.blocks.push(block);
    } else {
      report(lineNo, 'unplaced-text', 'Text outside any article or section; it was not imported.', line);
    }
  }

  const schema = legalSchema;
  const inline = (type: NodeType, markdown: string): PMNode[] => parseInline(markdown, schema, type);
  const node = (name: string, attrs: Record<string, unknown> | null, content: PMNode[]): PMNode =>
    schema.node(name, attrs, content);
  const blockNode = (b: BlockDraft): PMNode => node(b.kind, { uid: b.uid }, inline(schema.nodes[b.kind]!, b.markdown));
  const articuloNode = (a: ArticuloDraft): PMNode =>
    node(NodeName.articulo, { uid: a.uid }, [
      node(NodeName.epigrafe, null, inline(schema.nodes.epigrafe!, a.epigrafe)),
      ...a.blocks.map(blockNode),
      ...a.apartados.map((ap) =>
        node(NodeName.apartado, { uid: ap.uid }, [
          node(NodeName.apartadoEpigrafe, null, inline(schema.nodes.apartado_epigrafe!, ap.epigrafe)),
          ...ap.blocks.map(blockNode),
        ]),
      ),
    ]);

  const top: PMNode[] = [];
  if (preambulo) {
    if (preambulo.blocks.length > 0) top.push(node(NodeName.preambulo, { uid: preambulo.uid }, preambulo.blocks.map(blockNode)));
    else report(preambulo.line, 'empty-section', 'PREÁMBULO without paragraphs; left out.', '## PREÁMBULO');
  }
  for (const t of titulos) {
    top.push(
      node(NodeName.titulo, { uid: t.uid }, [
        node(NodeName.tituloNombre, null, inline(schema.nodes.titulo_nombre!, t.name)),
        ...t.articulos.map(articuloNode),
        ...t.capitulos.map((c) =>
          node(NodeName.capitulo, { uid: c.uid }, [
            node(NodeName.capituloNombre, null, inline(schema.nodes.capitulo_nombre!, c.name)),
            ...c.articulos.map(articuloNode),
          ]),
        ),
      ]),
    );
  }
  if (transitorios) {
    top.push(
      node(NodeName.transitorios, { uid: transitorios.uid }, [
        node(NodeName.transitoriosNombre, null, inline(schema.nodes.transitorios_nombre!, transitorios.name)),
        ...transitorios.items.map((item) => node(NodeName.transitorio, { uid: item.uid }, item.blocks.map(blockNode))),
      ]),
    );
  }
  const doc = schema.node(NodeName.doc, null, top);
  doc.check();

  // Compare what the source typed with what position gives.
  for (const numbered of numberDocument(doc)) {
    const typed = typedNumbers.get(String(numbered.node.attrs.uid));
    if (!typed || sameNumber(typed.typed, numbered.num)) continue;
    report(
      typed.line,
      'number-mismatch',
      `The source numbers this ${numbered.kind} "${typed.typed}"; by its position it is "${numbered.num}".`,
      lines[typed.line - 1] ?? '',
    );
  }
  problems.sort((a, b) => a.line - b.line);
  return { title, doc, problems };
}

function sameNumber(typed: string, derived: string): boolean {
  const fold = (s: string): string => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toUpperCase();
  return fold(typed) === fold(derived);
}
