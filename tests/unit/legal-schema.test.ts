import { describe, expect, it } from 'vitest';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';

describe('the legal-document schema', () => {
  it('accepts a well-formed constitution', () => {
    const doc = b.doc(
      b.preambulo('Nosotros…'),
      b.titulo('DISPOSICIONES', b.articulo('De la Ciudad', b.numeral('La Ciudad…'))),
      b.transitorios('TRANSITORIOS', b.transitorio(b.parrafo('Entra en vigor…'))),
    );
    expect(() => doc.check()).not.toThrow();
  });

  it('refuses a structural node without a uid', () => {
    const node = legalSchema.nodes.numeral!.create(null, legalSchema.text('sin uid'));
    const doc = b.doc(b.titulo('T', legalSchema.nodes.articulo!.create({ uid: 'abcdefgh1234' }, [
      legalSchema.nodes.epigrafe!.create(),
      node,
    ])));
    expect(() => doc.check()).toThrow(/uid/);
  });

  it('refuses an article outside a título and a título without its name', () => {
    expect(() => legalSchema.nodeFromJSON({ type: 'doc', content: [{ type: 'articulo', attrs: { uid: 'abcdefgh1234' } }] }).check()).toThrow();
    expect(() =>
      legalSchema.nodeFromJSON({
        type: 'doc',
        content: [{ type: 'titulo', attrs: { uid: 'abcdefgh1234' }, content: [{ type: 'articulo', attrs: { uid: 'abcdefgh1235' }, content: [{ type: 'epigrafe' }] }] }],
      }).check(),
    ).toThrow();
  });

  it('refuses links that could run script, however they arrive', () => {
    expect(() => legalSchema.marks.link!.create({ href: 'javascript:alert(1)' })).toThrow(/link/);
    const json = (href: string): unknown => ({
      type: 'doc',
      content: [{ type: 'titulo', attrs: { uid: 'abcdefgh1234' }, content: [
        { type: 'titulo_nombre' },
        { type: 'articulo', attrs: { uid: 'abcdefgh1235' }, content: [
          { type: 'epigrafe' },
          { type: 'parrafo', attrs: { uid: 'abcdefgh1236' }, content: [{ type: 'text', text: 'clic', marks: [{ type: 'link', attrs: { href } }] }] },
        ] },
      ] }],
    });
    expect(() => legalSchema.nodeFromJSON(json('javascript:alert(1)')).check()).toThrow(/link/);
    expect(() => legalSchema.nodeFromJSON(json('data:text/html,<b>x</b>')).check()).toThrow(/link/);
    expect(() => legalSchema.nodeFromJSON(json('https://www.cdmx.gob.mx/')).check()).not.toThrow();
  });
});
