/**
 * The parser for pasted and dropped HTML: the schema's own rules, made forgiving about attributes.
 *
 * The schema validates attributes (a link's href at most 2048 characters, its title at most 500,
 * a well-formed uid) and a value it refuses throws while the slice is built, which fails the whole
 * paste with an uncaught error. Here a rule whose attributes the schema would refuse simply does
 * not match: a link with a huge href or title is pasted as its plain text, and the rest of the
 * paste goes through. (Pasted nodes without a valid uid need nothing here: the schema reads them
 * as having none, the node gets the default, and the uid plugin gives it a fresh one.)
 */
import { type Attrs, DOMParser, type ParseRule, type TagParseRule } from 'prosemirror-model';
import { legalSchema } from '../../shared/schema/legal-schema.ts';

function isTagRule(rule: ParseRule): rule is TagParseRule {
  return typeof (rule as TagParseRule).tag === 'string';
}

/** Whether the schema accepts these attributes for the rule's node or mark (its validators do not throw). */
function acceptedBySchema(rule: TagParseRule, attrs: Attrs | null | undefined): boolean {
  try {
    if (rule.mark) legalSchema.marks[rule.mark]?.create(attrs);
    else if (rule.node) legalSchema.nodes[rule.node]?.create(attrs);
    return true;
  } catch {
    return false;
  }
}

/** Wraps a rule's getAttrs so that attributes the schema refuses make the rule not match. */
export function withValidAttrs(rule: ParseRule): ParseRule {
  if (!isTagRule(rule) || !rule.getAttrs) return rule;
  const getAttrs = rule.getAttrs;
  return {
    ...rule,
    getAttrs: (node: HTMLElement) => {
      const attrs = getAttrs(node);
      if (attrs === false) return false;
      return acceptedBySchema(rule, attrs) ? attrs : false;
    },
  };
}

/** The clipboard parser of the legal schema. */
export function legalClipboardParser(): DOMParser {
  const base = DOMParser.fromSchema(legalSchema);
  return new DOMParser(legalSchema, base.rules.map(withValidAttrs));
}
