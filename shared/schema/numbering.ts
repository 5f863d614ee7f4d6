/**
 * Numbers derived from position. Nothing in a document stores a number: títulos, capítulos,
 * artículos, apartados, numerals, fracciones, incisos and transitory articles are numbered here,
 * from where they stand, every time. The editor, the outline, the exporters and the server all
 * call this one function, so they can never disagree.
 *
 * Body blocks (numeral, fraccion, inciso) form an implicit list hierarchy inside their container
 * (article, apartado, transitory article). The first kind met opens the top level; a kind not yet
 * open opens a deeper level; a kind already open closes everything below it and counts on.
 * So "1. … I. … II. … a) … 2." numbers as 1, I, II, a, 2 and the roman numbers restart under 2.
 * Unnumbered paragraphs (parrafo) leave the hierarchy as it is.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { type BlockKind, isBlockKind, NodeName } from './legal-schema.ts';
import { toLetter, toRoman, toSpanishOrdinal } from './numbering-styles.ts';

/** A node that has a number (or, for parrafo, a place in the hierarchy) and its derived labels. */
export interface NumberedNode {
  /** Position just before the node in the document. */
  pos: number;
  node: PMNode;
  /** Node type name. */
  kind: string;
  /** 1-based ordinal within its sequence (0 for unnumbered paragraphs). */
  ordinal: number;
  /** The number as written: "13", "PRIMERO", "IV", "c", "B", "ÚNICO"; empty for parrafo. */
  num: string;
  /** The label shown before the text: "Artículo 13.", "TÍTULO PRIMERO.", "IV.", "c)", "PRIMERO.-". */
  label: string;
  /** Akoma Ntoso-style element id built from the numbers of the node and its ancestors. */
  eId: string;
  /** List depth of a body block inside its container (0 = top level); 0 for other nodes. */
  depth: number;
}

interface Level {
  kind: Exclude<BlockKind, 'parrafo'>;
  count: number;
}

/** The number of a body block formatted for its kind ("4", "IV", "d"). */
export function blockNum(kind: BlockKind, ordinal: number): string {
  switch (kind) {
    case 'numeral':
      return String(ordinal);
    case 'fraccion':
      return toRoman(ordinal);
    case 'inciso':
      return toLetter(ordinal);
    case 'parrafo':
      return '';
  }
}

/** The label of a body block as printed before its text ("4.", "IV.", "d)"). */
export function blockLabel(kind: BlockKind, ordinal: number): string {
  const num = blockNum(kind, ordinal);
  if (kind === 'inciso') return `${num})`;
  return num === '' ? '' : `${num}.`;
}

const EID_PART: Record<Exclude<BlockKind, 'parrafo'>, string> = {
  numeral: 'para',
  fraccion: 'point',
  inciso: 'point',
};

/** Numbers the body blocks of one container; `prefix` is the container's eId. */
function numberBlocks(container: PMNode, containerPos: number, prefix: string, out: NumberedNode[]): void {
  const levels: Level[] = [];
  let unnumbered = 0;
  container.forEach((child, offset) => {
    const kind = child.type.name;
    if (!isBlockKind(kind)) return;
    const pos = containerPos + 1 + offset;
    if (kind === 'parrafo') {
      unnumbered++;
      out.push({ pos, node: child, kind, ordinal: 0, num: '', label: '', eId: `${prefix}__subpara_${unnumbered}`, depth: 0 });
      return;
    }
    const open = levels.findIndex((level) => level.kind === kind);
    if (open >= 0) {
      levels.length = open + 1;
      const level = levels[open];
      if (level) level.count++;
    } else {
      levels.push({ kind, count: 1 });
    }
    const top = levels[levels.length - 1] ?? { kind, count: 1 };
    const path = levels.map((level) => `${EID_PART[level.kind]}_${blockNum(level.kind, level.count)}`).join('__');
    out.push({
      pos,
      node: child,
      kind,
      ordinal: top.count,
      num: blockNum(kind, top.count),
      label: blockLabel(kind, top.count),
      eId: `${prefix}__${path}`,
      depth: levels.length - 1,
    });
  });
}

/**
 * Every numbered node of the document, in document order, with its derived number, label and eId.
 * Cost is linear in the number of structural nodes (text is not visited).
 */
export function numberDocument(doc: PMNode): NumberedNode[] {
  const out: NumberedNode[] = [];
  let articleCount = 0;
  let tituloCount = 0;

  const numberArticle = (article: PMNode, pos: number, prefix: string): void => {
    articleCount++;
    const num = String(articleCount);
    const eId = `${prefix}art_${num}`;
    out.push({ pos, node: article, kind: NodeName.articulo, ordinal: articleCount, num, label: `Artículo ${num}.`, eId, depth: 0 });
    numberBlocks(article, pos, eId, out);
    let apartadoCount = 0;
    article.forEach((child, offset) => {
      if (child.type.name !== NodeName.apartado) return;
      apartadoCount++;
      const letter = toLetter(apartadoCount).toUpperCase();
      const childPos = pos + 1 + offset;
      const childEId = `${eId}__sec_${letter}`;
      out.push({ pos: childPos, node: child, kind: NodeName.apartado, ordinal: apartadoCount, num: letter, label: `${letter}.`, eId: childEId, depth: 0 });
      numberBlocks(child, childPos, childEId, out);
    });
  };

  doc.forEach((top, topOffset) => {
    const topPos = topOffset;
    switch (top.type.name) {
      case NodeName.preambulo:
        out.push({ pos: topPos, node: top, kind: top.type.name, ordinal: 0, num: '', label: '', eId: 'preamble', depth: 0 });
        numberBlocks(top, topPos, 'preamble', out);
        break;
      case NodeName.titulo: {
        tituloCount++;
        const num = toSpanishOrdinal(tituloCount);
        const tituloEId = `tit_${tituloCount}`;
        out.push({ pos: topPos, node: top, kind: top.type.name, ordinal: tituloCount, num, label: `TÍTULO ${num}.`, eId: tituloEId, depth: 0 });
        let chapters = 0;
        top.forEach((child) => {
          if (child.type.name === NodeName.capitulo) chapters++;
        });
        let chapterCount = 0;
        top.forEach((child, offset) => {
          const childPos = topPos + 1 + offset;
          if (child.type.name === NodeName.articulo) numberArticle(child, childPos, `${tituloEId}__`);
          if (child.type.name === NodeName.capitulo) {
            chapterCount++;
            const chapterNum = chapters === 1 ? 'ÚNICO' : toRoman(chapterCount);
            const chapterEId = `${tituloEId}__chp_${chapterCount}`;
            out.push({
              pos: childPos,
              node: child,
              kind: child.type.name,
              ordinal: chapterCount,
              num: chapterNum,
              label: `CAPÍTULO ${chapterNum}.`,
              eId: chapterEId,
              depth: 0,
            });
            child.forEach((article, articleOffset) => {
              if (article.type.name === NodeName.articulo) numberArticle(article, childPos + 1 + articleOffset, `${chapterEId}__`);
            });
          }
        });
        break;
      }
      case NodeName.transitorios: {
        out.push({ pos: topPos, node: top, kind: top.type.name, ordinal: 0, num: '', label: '', eId: 'transitional', depth: 0 });
        let count = 0;
        top.forEach((child, offset) => {
          if (child.type.name !== NodeName.transitorio) return;
          count++;
          const num = toSpanishOrdinal(count);
          const childPos = topPos + 1 + offset;
          const eId = `transitional__art_${count}`;
          out.push({ pos: childPos, node: child, kind: child.type.name, ordinal: count, num, label: `${num}.-`, eId, depth: 0 });
          numberBlocks(child, childPos, eId, out);
        });
        break;
      }
      default:
        break;
    }
  });
  return out;
}
