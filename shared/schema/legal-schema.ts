/**
 * The ProseMirror schema of a legal document (a constitution), shared by the editor, the server's
 * write-path check, the importers and the exporters.
 *
 * Structure (content expressions below are the single source of truth):
 *   doc          → (preambulo | titulo | transitorios)*
 *   titulo       → titulo_nombre (articulo | capitulo)*
 *   capitulo     → capitulo_nombre articulo*
 *   articulo     → epigrafe (bloque | apartado)*
 *   apartado     → apartado_epigrafe bloque*
 *   transitorios → transitorios_nombre transitorio*
 *   transitorio  → bloque*
 *   bloque       = parrafo | numeral | fraccion | inciso   (text blocks)
 *
 * The canonical order (preamble first, articles before capítulos, blocks before apartados,
 * transitorios last) is what the importer produces and the editing commands keep. The schema is
 * deliberately more lenient about order and emptiness: two members inserting at the same place at
 * the same moment can merge in either order, and each must be valid on its own and merged, or the
 * server would have to refuse one of them. Only what no concurrent edit can produce is required
 * (each container starts with its name or epígrafe).
 *
 * Numbers (TÍTULO PRIMERO, Artículo 13, apartado B, fracción IV, inciso c) are never stored: they
 * are derived from position by ./numbering.ts. Every structural node carries a `uid` attribute
 * that is required by the schema, so content without one is refused by `Node.check()`.
 */
import { Schema, type DOMOutputSpec, type MarkSpec, type Node as PMNode, type NodeSpec } from 'prosemirror-model';
import { isUid } from './uid.ts';

/** Node type names, in one place so the rest of the code never spells them twice. */
export const NodeName = {
  doc: 'doc',
  preambulo: 'preambulo',
  titulo: 'titulo',
  tituloNombre: 'titulo_nombre',
  capitulo: 'capitulo',
  capituloNombre: 'capitulo_nombre',
  articulo: 'articulo',
  epigrafe: 'epigrafe',
  apartado: 'apartado',
  apartadoEpigrafe: 'apartado_epigrafe',
  parrafo: 'parrafo',
  numeral: 'numeral',
  fraccion: 'fraccion',
  inciso: 'inciso',
  transitorios: 'transitorios',
  transitoriosNombre: 'transitorios_nombre',
  transitorio: 'transitorio',
  text: 'text',
} as const;

/** The four kinds of text block that make up the body of articles, apartados and transitorios. */
export const BLOCK_KINDS = ['parrafo', 'numeral', 'fraccion', 'inciso'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export function isBlockKind(name: string): name is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(name);
}

function validateUid(value: unknown): void {
  if (!isUid(value)) throw new RangeError(`invalid uid: ${JSON.stringify(value)}`);
}

/** Only web, mail and in-document links: a `javascript:` or `data:` URL must never be stored. */
export const SAFE_HREF = /^(https?:\/\/|mailto:|#|\/(?!\/))[^\s<>"]*$/i;

function validateHref(value: unknown): void {
  if (typeof value !== 'string' || value.length > 2048 || !SAFE_HREF.test(value)) {
    throw new RangeError('unsafe or invalid link');
  }
}

function validateOptionalTitle(value: unknown): void {
  if (value !== null && (typeof value !== 'string' || value.length > 500)) throw new RangeError('invalid link title');
}

const uidAttrs = { uid: { default: null, validate: validateUid } };

/** Reads a pasted node's uid; without a valid one the node gets none here (the editor assigns one). */
function uidOf(dom: HTMLElement | string): { uid?: string } {
  if (typeof dom === 'string') return {};
  const uid = dom.getAttribute('data-uid');
  return isUid(uid) ? { uid } : {};
}

/** A structural container rendered as a <section> that keeps its uid in the DOM (for clipboard moves). */
function container(name: string, content: string, extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    content,
    attrs: uidAttrs,
    defining: true,
    isolating: false,
    parseDOM: [{ tag: `section.${name}`, getAttrs: uidOf }],
    toDOM: (node: PMNode): DOMOutputSpec => ['section', { class: name, 'data-uid': node.attrs.uid as string }, 0],
    ...extra,
  };
}

/** A heading-like text block owned by its parent (it has no uid of its own). */
function heading(name: string, tag: string): NodeSpec {
  return {
    content: 'text*',
    marks: 'em strong',
    defining: true,
    parseDOM: [{ tag: `${tag}.${name.replace('_', '-')}` }],
    toDOM: (): DOMOutputSpec => [tag, { class: name.replace('_', '-') }, 0],
  };
}

/** A body text block (parrafo, numeral, fraccion, inciso). */
function bodyBlock(name: BlockKind): NodeSpec {
  return {
    group: 'bloque',
    content: 'text*',
    marks: '_',
    attrs: uidAttrs,
    parseDOM: [{ tag: `p.${name}`, getAttrs: uidOf }],
    toDOM: (node: PMNode): DOMOutputSpec => ['p', { class: name, 'data-uid': node.attrs.uid as string }, 0],
  };
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: '(preambulo | titulo | transitorios)*' },
  preambulo: container('preambulo', 'parrafo*'),
  titulo: container('titulo', 'titulo_nombre (articulo | capitulo)*'),
  titulo_nombre: heading('titulo_nombre', 'h2'),
  capitulo: container('capitulo', 'capitulo_nombre articulo*'),
  capitulo_nombre: heading('capitulo_nombre', 'h3'),
  articulo: container('articulo', 'epigrafe (bloque | apartado)*'),
  epigrafe: heading('epigrafe', 'h4'),
  apartado: container('apartado', 'apartado_epigrafe bloque*'),
  apartado_epigrafe: heading('apartado_epigrafe', 'h5'),
  parrafo: {
    ...bodyBlock('parrafo'),
    // Plain paragraphs pasted from elsewhere become unnumbered paragraphs.
    parseDOM: [{ tag: 'p.parrafo', getAttrs: uidOf }, { tag: 'p', priority: 10, getAttrs: uidOf }],
  },
  numeral: bodyBlock('numeral'),
  fraccion: bodyBlock('fraccion'),
  inciso: bodyBlock('inciso'),
  transitorios: container('transitorios', 'transitorios_nombre transitorio*'),
  transitorios_nombre: heading('transitorios_nombre', 'h2'),
  transitorio: container('transitorio', 'bloque*'),
  text: { group: 'inline' },
};

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style=italic' }],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
  link: {
    attrs: { href: { validate: validateHref }, title: { default: null, validate: validateOptionalTitle } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom: HTMLElement | string) => {
          if (typeof dom === 'string') return false;
          const href = dom.getAttribute('href') ?? '';
          return SAFE_HREF.test(href) ? { href, title: dom.getAttribute('title') } : false;
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => [
      'a',
      { href: mark.attrs.href as string, title: mark.attrs.title as string | null, rel: 'noopener noreferrer nofollow' },
      0,
    ],
  },
};

/** The one schema instance. Node and mark names are stable: they are stored in every document. */
export const legalSchema = new Schema({ nodes, marks });

/** Node types that carry a uid (every structural node). */
export const NODES_WITH_UID: ReadonlySet<string> = new Set(
  Object.entries(nodes)
    .filter(([, spec]) => spec.attrs !== undefined && 'uid' in spec.attrs)
    .map(([name]) => name),
);
