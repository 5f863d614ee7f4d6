/**
 * Just enough of a DOM to watch what a renderer builds, in Node: elements with attributes and
 * children, and text nodes. Objects cannot grow new properties, so a renderer that reached for
 * `innerHTML` or `outerHTML` (or anything else this stand-in lacks) throws instead of passing.
 */

export class FakeText {
  readonly nodeType = 3;
  constructor(readonly data: string) {
    Object.preventExtensions(this);
  }
}

export class FakeElement {
  readonly nodeType = 1;
  readonly attributes = new Map<string, string>();
  readonly childNodes: Array<FakeElement | FakeText> = [];
  constructor(readonly tagName: string) {
    Object.preventExtensions(this);
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  append(...nodes: Array<FakeElement | FakeText | string>): void {
    for (const node of nodes) this.childNodes.push(typeof node === 'string' ? new FakeText(node) : node);
  }

  /** The text of every descendant text node, in order. */
  get textContent(): string {
    return this.childNodes.map((node) => (node instanceof FakeText ? node.data : node.textContent)).join('');
  }
}

export const fakeDocument = {
  createElement: (tag: string): FakeElement => new FakeElement(tag.toLowerCase()),
  createTextNode: (text: string): FakeText => new FakeText(text),
};

/** Every node under `root` (not `root` itself), depth first. */
export function descendants(root: FakeElement): Array<FakeElement | FakeText> {
  const out: Array<FakeElement | FakeText> = [];
  const visit = (node: FakeElement): void => {
    for (const child of node.childNodes) {
      out.push(child);
      if (child instanceof FakeElement) visit(child);
    }
  };
  visit(root);
  return out;
}
