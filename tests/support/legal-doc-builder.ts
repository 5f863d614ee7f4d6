/** Small helpers to build legal documents in tests without spelling out uids. */
import type { Node as PMNode } from 'prosemirror-model';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { newUid } from '../../shared/schema/uid.ts';

type Child = PMNode | string;

function kids(children: Child[]): PMNode[] {
  return children.filter((c) => c !== '').map((c) => (typeof c === 'string' ? legalSchema.text(c) : c));
}

function withUid(name: string, children: Child[], uid?: string): PMNode {
  return legalSchema.node(name, { uid: uid ?? newUid() }, kids(children));
}

export const b = {
  doc: (...children: PMNode[]): PMNode => legalSchema.node('doc', null, children),
  preambulo: (...paras: string[]): PMNode => withUid('preambulo', paras.map((p) => b.parrafo(p))),
  titulo: (name: string, ...children: PMNode[]): PMNode =>
    withUid('titulo', [legalSchema.node('titulo_nombre', null, kids([name])), ...children]),
  capitulo: (name: string, ...articles: PMNode[]): PMNode =>
    withUid('capitulo', [legalSchema.node('capitulo_nombre', null, kids([name])), ...articles]),
  articulo: (epigrafe: string, ...children: PMNode[]): PMNode =>
    withUid('articulo', [legalSchema.node('epigrafe', null, kids([epigrafe])), ...children]),
  articuloWithUid: (uid: string, epigrafe: string, ...children: PMNode[]): PMNode =>
    withUid('articulo', [legalSchema.node('epigrafe', null, kids([epigrafe])), ...children], uid),
  apartado: (epigrafe: string, ...blocks: PMNode[]): PMNode =>
    withUid('apartado', [legalSchema.node('apartado_epigrafe', null, kids([epigrafe])), ...blocks]),
  parrafo: (text: string): PMNode => withUid('parrafo', [text]),
  numeral: (text: string): PMNode => withUid('numeral', [text]),
  fraccion: (text: string): PMNode => withUid('fraccion', [text]),
  inciso: (text: string): PMNode => withUid('inciso', [text]),
  transitorios: (name: string, ...items: PMNode[]): PMNode =>
    withUid('transitorios', [legalSchema.node('transitorios_nombre', null, kids([name])), ...items]),
  transitorio: (...blocks: PMNode[]): PMNode => withUid('transitorio', blocks),
};
