/**
 * Comment bodies are shown as text: markup, event handlers and script links in a body stay
 * characters on the screen, and only http(s) addresses become links, opened apart from the page
 * (rel="nofollow noopener noreferrer ugc", target=_blank).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodySegments, safeHref } from '../../client/comments/body-links.ts';
import { appendCommentBody, COMMENT_LINK_REL, type NodeMaker } from '../../client/comments/comment-body-view.ts';
import { descendants, FakeElement, FakeText, fakeDocument } from './support/fake-dom.ts';

const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1) and data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  'vbscript:msgbox(1) file:///etc/passwd //evil.example.org/x',
  '<svg onload=alert(1)><iframe src="https://evil.example.org"></iframe>',
  '"><script>alert(1)</script><"',
  'https://example.org/"onmouseover="alert(1)',
  'https://example.org/<script>alert(1)</script>',
  'xhttps://example.org/glued and https://',
  '&lt;script&gt;alert(1)&lt;/script&gt; &#106;avascript:alert(1)',
  'línea uno\nlínea dos\n\tcon tabulador https://cdmx.gob.mx/constitucion (ver arriba).',
];

function render(body: string): FakeElement {
  const root = new FakeElement('div');
  appendCommentBody(root as unknown as Pick<Element, 'append'>, body, fakeDocument as unknown as NodeMaker);
  return root;
}

/** Every node is text or a safe link holding only text; the text read back is the body, unchanged. */
function expectInert(body: string): void {
  const root = render(body);
  for (const node of descendants(root)) {
    if (node instanceof FakeText) continue;
    expect(node.tagName).toBe('a');
    expect([...node.attributes.keys()].sort()).toEqual(['href', 'rel', 'target']);
    expect(node.attributes.get('href')).toMatch(/^https?:\/\/[^\s"'<>`]+$/);
    expect(node.attributes.get('rel')).toBe('nofollow noopener noreferrer ugc');
    expect(node.attributes.get('target')).toBe('_blank');
    expect(node.childNodes.every((child) => child instanceof FakeText)).toBe(true);
  }
  expect(root.textContent).toBe(body);
}

describe('a comment body in the page', () => {
  it.each(HOSTILE)('renders %j as text and safe http(s) links only', (body) => {
    expectInert(body);
  });

  it('makes no element at all of markup, handlers and script or data links', () => {
    for (const body of HOSTILE.filter((text) => !/https?:\/\/[a-z]/i.test(text))) {
      const root = render(body);
      expect(descendants(root).every((node) => node instanceof FakeText)).toBe(true);
    }
  });

  it('links http and https addresses, leaving sentence punctuation and unopened brackets outside', () => {
    const root = render('Ver https://cdmx.gob.mx/constitucion, (y http://example.org/a_(b)). Fin.');
    const links = descendants(root).filter((node): node is FakeElement => node instanceof FakeElement);
    expect(links.map((link) => link.attributes.get('href'))).toEqual(['https://cdmx.gob.mx/constitucion', 'http://example.org/a_(b)']);
    expect(links.map((link) => link.textContent)).toEqual(['https://cdmx.gob.mx/constitucion', 'http://example.org/a_(b)']);
    expect(COMMENT_LINK_REL).toBe('nofollow noopener noreferrer ugc');
  });

  it('keeps an address whose characters would break out of an attribute inside the href, encoded', () => {
    const segments = bodySegments('https://example.org/"onmouseover="alert(1)');
    // The quote ends the address: what follows is text.
    expect(segments[0]).toEqual({ kind: 'link', text: 'https://example.org/', href: 'https://example.org/' });
    expect(segments.slice(1).every((segment) => segment.kind === 'text')).toBe(true);
  });

  it('accepts only http(s) URLs with a host as hrefs', () => {
    expect(safeHref('https://example.org/x?y=1#z')).toBe('https://example.org/x?y=1#z');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('https://')).toBeNull();
    expect(safeHref('ftp://example.org/')).toBeNull();
  });

  it('joins its segments back into the body exactly', () => {
    for (const body of [...HOSTILE, '', 'https://a.org', 'sin enlaces']) expect(bodySegments(body).map((s) => s.text).join('')).toBe(body);
  });

  it('is never parsed as HTML anywhere in the comments client', () => {
    const folder = path.resolve(import.meta.dirname, '../../client/comments');
    for (const file of readdirSync(folder)) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|DOMParser|document\.write/);
    }
  });
});
