/**
 * A legal document as reading-room HTML, set like the editor shows it: títulos and capítulos with
 * their number above the name, each article opened by "Artículo N." and its epígrafe, apartados,
 * numbered blocks with hanging numbers, transitory articles led by their ordinal. Every number comes
 * from the shared `numberDocument`, as in the editor and the exports, and is written into the HTML
 * (not added by CSS) so that it survives copying, printing and PDF. Under each article: its sources
 * and a place for its comment and support counts, left open (slotted-text.ts) because they change
 * far more often than the text. Also collects the table of contents as it goes.
 */
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { Lang } from '../../shared/i18n/index.ts';
import { isBlockKind, NodeName, SAFE_HREF } from '../../shared/schema/legal-schema.ts';
import { numberDocument, type NumberedNode } from '../../shared/schema/numbering.ts';
import type { ArticleSource } from './article-sources.ts';
import { html } from './escape-html.ts';
import { articleAnchor, chapterAnchor, PREAMBLE_ANCHOR, sectionAnchor, titleAnchor, TRANSITORY_ANCHOR, transitoryAnchor } from './reading-anchors.ts';
import { renderArticleSources } from './render-article-sources.ts';
import { type SlottedLine, type SlottedText, slottedText } from './slotted-text.ts';

export interface TocEntry {
  /** 0 títulos, the preamble and the transitory section; 1 capítulos and articles directly in a título; 2 articles in a capítulo. */
  level: 0 | 1 | 2;
  anchor: string;
  /** The derived number as shown ("TÍTULO SEGUNDO.", "Artículo 13."); empty for the preamble. */
  label: string;
  heading: string;
}

export interface RenderedDocument {
  /** The text, to be placed inside an element marked lang="es", with a place under each article for its counts. */
  text: SlottedText;
  toc: TocEntry[];
  articleCount: number;
}

export interface RenderOptions {
  lang: Lang;
  /** Sources linked to each article, by article uid. */
  sources: ReadonlyMap<string, readonly ArticleSource[]>;
}

function wrapMark(mark: Mark, inner: string): string {
  switch (mark.type.name) {
    case 'em':
      return `<em>${inner}</em>`;
    case 'strong':
      return `<strong>${inner}</strong>`;
    case 'link': {
      // The schema validates hrefs when content is written; checking again costs nothing and keeps
      // a `javascript:` URL from ever becoming a link here, whatever the stored document holds.
      const href = String(mark.attrs.href ?? '');
      if (!SAFE_HREF.test(href)) return inner;
      const title = typeof mark.attrs.title === 'string' && mark.attrs.title !== '' ? ` title="${html(mark.attrs.title)}"` : '';
      return `<a href="${html(href)}"${title} rel="noopener noreferrer nofollow">${inner}</a>`;
    }
    default:
      return inner;
  }
}

/** The inline content of a text block (text with em, strong and link marks). */
function inline(block: PMNode): string {
  let out = '';
  block.forEach((child) => {
    // Marks come in schema order (em, strong, link), so the link ends up outermost.
    out += child.marks.reduce((inner, mark) => wrapMark(mark, inner), html(child.text ?? ''));
  });
  return out;
}

const num = (label: string): string => (label === '' ? '' : `<span class="rr-num">${html(label)}</span> `);

export function renderDocumentHtml(doc: PMNode, options: RenderOptions): RenderedDocument {
  const numbers = new Map<PMNode, NumberedNode>();
  for (const numbered of numberDocument(doc)) numbers.set(numbered.node, numbered);
  const out: SlottedLine[] = [];
  const toc: TocEntry[] = [];
  let articleCount = 0;

  /** A body block; `lead` is a transitory article's ordinal, run into its first block. */
  const block = (node: PMNode, lead = ''): void => {
    const text = inline(node);
    const numbered = numbers.get(node);
    const label = numbered?.label ?? '';
    // An empty unnumbered paragraph has nothing to read (the exports leave it out too).
    if (label === '' && lead === '' && text === '') return;
    const depth = numbered?.depth ?? 0;
    const attrs = `class="${node.type.name}${label === '' ? '' : ' rr-numbered'}"${depth > 0 ? ` data-depth="${depth}"` : ''}`;
    const leadHtml = lead === '' ? '' : `<span class="rr-lead">${html(lead)}</span> `;
    // The space sits inside the hanging number's box: copied text reads "IV. La…", and the
    // paragraph's preserved white space adds none before the text.
    const numHtml = label === '' ? '' : `<span class="rr-num">${html(label)} </span>`;
    out.push(`<p ${attrs}>${leadHtml}${numHtml}${text}</p>`);
  };

  const blocks = (container: PMNode): void => {
    container.forEach((child) => {
      if (isBlockKind(child.type.name)) block(child);
    });
  };

  const article = (node: PMNode, inChapter: boolean): void => {
    articleCount++;
    const numbered = numbers.get(node);
    const label = numbered?.label ?? '';
    const uid = String(node.attrs.uid ?? '');
    const anchor = articleAnchor(numbered?.num ?? String(articleCount));
    const heading = node.firstChild?.type.name === NodeName.epigrafe ? node.firstChild : null;
    const level = inChapter ? 4 : 3;
    toc.push({ level: inChapter ? 2 : 1, anchor, label, heading: heading?.textContent ?? '' });
    out.push(`<section class="articulo" id="${html(uid)}" data-uid="${html(uid)}" data-eid="${html(numbered?.eId ?? '')}">`);
    out.push(`<h${level} class="epigrafe" id="${html(anchor)}">${num(label)}${heading ? inline(heading) : ''}</h${level}>`);
    // In document order: a block after an apartado (possible after concurrent edits) stays where it stands.
    node.forEach((child) => {
      if (isBlockKind(child.type.name)) block(child);
      else if (child.type.name === NodeName.apartado) {
        const section = numbers.get(child);
        const name = child.firstChild?.type.name === NodeName.apartadoEpigrafe ? child.firstChild : null;
        out.push(`<section class="apartado" id="${html(sectionAnchor(anchor, section?.num ?? ''))}" data-uid="${html(String(child.attrs.uid ?? ''))}">`);
        out.push(`<h${level + 1} class="apartado-epigrafe">${num(section?.label ?? '')}${name ? inline(name) : ''}</h${level + 1}>`);
        blocks(child);
        out.push('</section>');
      }
    });
    out.push(renderArticleSources(options.sources.get(uid), options.lang, `${anchor}-fuentes`));
    out.push({ slot: uid });
    out.push('</section>');
  };

  doc.forEach((top) => {
    switch (top.type.name) {
      case NodeName.preambulo:
        toc.push({ level: 0, anchor: PREAMBLE_ANCHOR, label: '', heading: 'PREÁMBULO' });
        out.push(`<section class="preambulo" id="${PREAMBLE_ANCHOR}"><h2 class="preambulo-nombre">PREÁMBULO</h2>`);
        blocks(top);
        out.push('</section>');
        break;
      case NodeName.titulo: {
        const numbered = numbers.get(top);
        const anchor = titleAnchor(numbered?.num ?? '');
        const name = top.firstChild;
        toc.push({ level: 0, anchor, label: numbered?.label ?? '', heading: name?.textContent ?? '' });
        out.push(`<section class="titulo" id="${html(anchor)}" data-uid="${html(String(top.attrs.uid ?? ''))}">`);
        out.push(`<h2 class="titulo-nombre">${num(numbered?.label ?? '')}${name ? `<span class="rr-name">${inline(name)}</span>` : ''}</h2>`);
        top.forEach((child) => {
          if (child.type.name === NodeName.articulo) article(child, false);
          if (child.type.name !== NodeName.capitulo) return;
          const chapter = numbers.get(child);
          const chapterId = chapterAnchor(anchor, chapter?.num ?? '');
          const chapterName = child.firstChild;
          toc.push({ level: 1, anchor: chapterId, label: chapter?.label ?? '', heading: chapterName?.textContent ?? '' });
          out.push(`<section class="capitulo" id="${html(chapterId)}" data-uid="${html(String(child.attrs.uid ?? ''))}">`);
          out.push(`<h3 class="capitulo-nombre">${num(chapter?.label ?? '')}${chapterName ? `<span class="rr-name">${inline(chapterName)}</span>` : ''}</h3>`);
          child.forEach((node) => {
            if (node.type.name === NodeName.articulo) article(node, true);
          });
          out.push('</section>');
        });
        out.push('</section>');
        break;
      }
      case NodeName.transitorios: {
        const name = top.firstChild?.textContent ?? '';
        toc.push({ level: 0, anchor: TRANSITORY_ANCHOR, label: '', heading: name === '' ? 'TRANSITORIOS' : name });
        out.push(`<section class="transitorios" id="${TRANSITORY_ANCHOR}"><h2 class="transitorios-nombre">${top.firstChild && name !== '' ? inline(top.firstChild) : 'TRANSITORIOS'}</h2>`);
        top.forEach((item) => {
          if (item.type.name !== NodeName.transitorio) return;
          const numbered = numbers.get(item);
          const lead = numbered?.label ?? '';
          out.push(`<section class="transitorio" id="${html(transitoryAnchor(numbered?.num ?? ''))}" data-uid="${html(String(item.attrs.uid ?? ''))}">`);
          if (item.childCount === 0) out.push(`<p class="parrafo"><span class="rr-lead">${html(lead)}</span></p>`);
          item.forEach((child, _offset, index) => {
            if (isBlockKind(child.type.name)) block(child, index === 0 ? lead : '');
          });
          out.push('</section>');
        });
        out.push('</section>');
        break;
      }
      default:
        break;
    }
  });
  return { text: slottedText(out), toc, articleCount };
}
