/**
 * The parser for pasted and dropped HTML. The schema reads `data-uid` so that a copied node can
 * keep its identity, but for elements without a valid one (any paragraph pasted from another
 * program) its rules return `{ uid: null }`, and an explicit null fails the uid validator, which
 * would make such a paste throw. Here a missing uid is left out instead, so the node gets the
 * default and the uid plugin gives it a fresh uid.
 */
import { type Attrs, DOMParser, type ParseRule, type TagParseRule } from 'prosemirror-model';
import { legalSchema } from '../../shared/schema/legal-schema.ts';

/** Wraps a rule's getAttrs so that a null uid is omitted rather than passed on. */
export function omitNullUid(getAttrs: (node: HTMLElement) => Attrs | false | null): (node: HTMLElement) => Attrs | false | null {
  return (node) => {
    const attrs = getAttrs(node);
    if (!attrs || attrs.uid !== null) return attrs;
    const { uid: _dropped, ...rest } = attrs;
    return rest;
  };
}

function isTagRule(rule: ParseRule): rule is TagParseRule {
  return typeof (rule as TagParseRule).tag === 'string';
}

function withOptionalUid(rule: ParseRule): ParseRule {
  if (!isTagRule(rule) || !rule.getAttrs) return rule;
  return { ...rule, getAttrs: omitNullUid(rule.getAttrs) };
}

/** The clipboard parser of the legal schema. */
export function legalClipboardParser(): DOMParser {
  const base = DOMParser.fromSchema(legalSchema);
  return new DOMParser(
    legalSchema,
    base.rules.map(withOptionalUid),
  );
}
