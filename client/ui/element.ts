/**
 * Creating DOM elements in one expression. Attributes are set with setAttribute and text with text
 * nodes, never with innerHTML, so nothing from the server or the document can become markup.
 */

export type Child = Node | string | null | undefined | false;
export type AttrValue = string | number | boolean | null | undefined;

/** `el('button', { type: 'button', 'aria-label': 'Cerrar' }, '×')`; false/null/undefined attributes are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}
