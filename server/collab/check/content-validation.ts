/**
 * Checks that a Yjs transaction leaves the ProseMirror content valid for the legal schema, looking
 * only at what the transaction touched: the shared types it changed (shallow: attributes, the
 * sequence of child node types, the marks of changed text) and, in full, the elements it created.
 * This is what lets every keystroke be checked without converting the whole constitution.
 *
 * The rules mirror how y-prosemirror reads Yjs content on a client (an element per node, its
 * attributes as node attrs, XmlText with formatting attributes as marked text), because any content
 * a client cannot turn into a node would be deleted by that client's sync plugin.
 */
import type { MarkType, NodeType, Schema } from 'prosemirror-model';
import * as Y from 'yjs';

/** Formatting keys are a mark name, optionally with y-prosemirror's 8-character hash suffix. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

export class ContentError extends Error {
  override name = 'ContentError';
}

function fail(message: string): never {
  throw new ContentError(message);
}

function markTypeOf(schema: Schema, key: string): MarkType {
  const name = HASHED_MARK.exec(key)?.[1] ?? key;
  const markType = schema.marks[name];
  if (!markType) fail(`unknown mark "${name}"`);
  return markType;
}

/** Runs every declared attribute validator, defaults included, and refuses undeclared attributes. */
function checkAttrs(kind: string, declared: Record<string, unknown> | undefined, values: Record<string, unknown>): void {
  const spec = (declared ?? {}) as Record<string, { default?: unknown; validate?: unknown }>;
  for (const key of Object.keys(values)) if (!(key in spec)) fail(`attribute "${key}" is not allowed on ${kind}`);
  for (const [key, attr] of Object.entries(spec)) {
    const value = key in values ? values[key] : attr.default;
    if (value === undefined) fail(`${kind} needs attribute "${key}"`);
    if (typeof attr.validate === 'function') {
      try {
        (attr.validate as (v: unknown) => void)(value);
      } catch (error) {
        fail(`${kind}: ${(error as Error).message}`);
      }
    }
  }
}

function nodeTypeOf(schema: Schema, type: Y.XmlElement | Y.XmlFragment, root: Y.XmlFragment): NodeType {
  if (type === root) return schema.topNodeType;
  if (!(type instanceof Y.XmlElement)) fail('unexpected shared type inside the document');
  const nodeType = schema.nodes[type.nodeName];
  if (!nodeType || nodeType.isText) fail(`unknown node type "${type.nodeName}"`);
  return nodeType;
}

function checkElementAttributes(nodeType: NodeType, element: Y.XmlElement): void {
  const values = element.getAttributes() as Record<string, unknown>;
  checkAttrs(nodeType.name, nodeType.spec.attrs as Record<string, unknown> | undefined, values);
}

/** The child sequence of an element must match its content expression. */
function checkChildSequence(schema: Schema, nodeType: NodeType, element: Y.XmlElement | Y.XmlFragment): void {
  let match = nodeType.contentMatch;
  for (const child of element.toArray() as unknown[]) {
    let childType: NodeType | undefined;
    if (child instanceof Y.XmlText) childType = schema.nodes.text;
    else if (child instanceof Y.XmlElement) childType = schema.nodes[child.nodeName];
    if (!childType) fail(`unsupported child inside ${nodeType.name}`);
    const next = match.matchType(childType);
    if (!next) fail(`${childType.name} is not allowed here inside ${nodeType.name}`);
    match = next;
  }
  if (!match.validEnd) fail(`${nodeType.name} is incomplete (a required part is missing)`);
}

/** Text must sit in a text block, be plain strings, and carry only marks that block allows. */
function checkText(schema: Schema, text: Y.XmlText): void {
  const parent = text.parent;
  if (!(parent instanceof Y.XmlElement)) fail('text outside a text block');
  const parentType = schema.nodes[parent.nodeName];
  if (!parentType || !parentType.inlineContent) fail(`text is not allowed inside ${parent.nodeName}`);
  if (Object.keys(text.getAttributes()).length > 0) fail('attributes on a text run are not allowed');
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string') fail('embedded objects are not allowed in text');
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      const markType = markTypeOf(schema, key);
      if (!parentType.allowsMarkType(markType)) fail(`mark ${markType.name} is not allowed in ${parentType.name}`);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`mark ${markType.name} has malformed attributes`);
      checkAttrs(`mark ${markType.name}`, markType.spec.attrs as Record<string, unknown> | undefined, value as Record<string, unknown>);
    }
  }
}

/** Checks a newly created element and everything inside it. */
function checkSubtree(schema: Schema, element: Y.XmlElement, root: Y.XmlFragment): void {
  const nodeType = nodeTypeOf(schema, element, root);
  checkElementAttributes(nodeType, element);
  checkChildSequence(schema, nodeType, element);
  for (const child of element.toArray() as unknown[]) {
    if (child instanceof Y.XmlText) checkText(schema, child);
    else if (child instanceof Y.XmlElement) checkSubtree(schema, child, root);
  }
}

/** Any shared type, seen only through its position in the document tree. */
interface TreeNode {
  _item: Y.Item | null;
}

function isCreatedIn(transaction: Y.Transaction, type: TreeNode): boolean {
  const item = type._item;
  if (!item) return false;
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** Walks up to the root; null when the type (or an ancestor) is deleted, else the root type. */
function liveRootOf(type: TreeNode): TreeNode | null {
  let current: TreeNode = type;
  while (current._item) {
    if (current._item.deleted) return null;
    const parent = current._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent as TreeNode;
  }
  return current;
}

/**
 * Validates the effect of one transaction on the document whose content lives in `root`.
 * Throws ContentError naming the first problem found.
 */
export function validateTransaction(schema: Schema, transaction: Y.Transaction, root: Y.XmlFragment): void {
  for (const type of transaction.changed.keys()) {
    const owner = liveRootOf(type as TreeNode);
    if (owner === null) continue; // inside deleted content: its removal is checked at the parent
    if (owner !== (root as unknown as TreeNode)) fail('changes outside the document content are not allowed');
    if (type instanceof Y.XmlText) {
      checkText(schema, type);
      continue;
    }
    const element = type as unknown as Y.XmlElement | Y.XmlFragment;
    if (!(element instanceof Y.XmlElement) && element !== root) fail('unexpected shared type inside the document');
    const nodeType = nodeTypeOf(schema, element, root);
    if (element instanceof Y.XmlElement) checkElementAttributes(nodeType, element);
    checkChildSequence(schema, nodeType, element);
    for (const child of element.toArray() as unknown[]) {
      if (child instanceof Y.XmlElement && isCreatedIn(transaction, child)) checkSubtree(schema, child, root);
      else if (child instanceof Y.XmlText && isCreatedIn(transaction, child)) checkText(schema, child);
    }
  }
}
