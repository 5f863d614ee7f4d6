/**
 * Provenance links as the REST API and the client see them. A link ties a citizen source to an
 * article (by its stable uid) or to a passage of it. Links are created and retired, never edited in
 * place or deleted, so the provenance at any past moment can be reconstructed.
 */

export const LINK_RELATIONS = ['incorporates', 'adapts', 'responds_to', 'declined'] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

export function isLinkRelation(value: unknown): value is LinkRelation {
  return typeof value === 'string' && (LINK_RELATIONS as readonly string[]).includes(value);
}

/**
 * A passage of the text. The ends are Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`) inside the Y.XmlText of a block, so they follow the text through
 * other people's edits: `start` is tied to the passage's first character (assoc 0) and `end` to its
 * last (assoc -1), so typing just outside the passage does not extend it. The quote and its context
 * are kept as the server read them when the link was made: they show an orphaned passage and let it
 * be found again.
 */
export interface PassageAnchor {
  start: string;
  end: string;
  quote: string;
  /** Up to CONTEXT_CHARS characters before and after the quote, in the same article. */
  prefix: string;
  suffix: string;
}

export const CONTEXT_CHARS = 40;

/**
 * What a link points at now:
 * - `live`: the article exists (and, for a passage, its text survives; `text` is what is there now).
 *   A passage whose characters were all re-created — its article or block moved (a delete plus a
 *   re-insert in Yjs), or an undo brought a deletion back as new characters — is live too when its
 *   quote occurs again in the same article where it stood (the stored prefix or suffix matches,
 *   shared/provenance/passage-reanchoring.ts `findRelocation`): `relocated` says so;
 * - `orphaned`: the passage's text (or the article) was deleted; the quote remains, and
 *   `reanchorable` says whether it still occurs somewhere in the same article;
 * - `retired`: the link was withdrawn (the retirement says by whom, when and why).
 */
export type LinkStatus = 'live' | 'orphaned' | 'retired';

export interface LinkRetirement {
  by: { id: string; name: string };
  at: number;
  reason: string;
}

export interface ProvenanceLink {
  id: string;
  docId: string;
  articleUid: string;
  sourceId: string;
  relation: LinkRelation;
  rationale: string;
  /** null for a link to the whole article. */
  anchor: PassageAnchor | null;
  createdBy: { id: string; name: string };
  createdAt: number;
  retired: LinkRetirement | null;
  /** The link this one re-anchored (a retired link whose passage had been orphaned), or null. */
  replaces: string | null;
}

/** A link as resolved against the current text. */
export interface ResolvedLink extends ProvenanceLink {
  status: LinkStatus;
  /** The article's current number and eId (null when the article no longer exists). */
  article: { num: string; eId: string; heading: string } | null;
  /** For a live passage, the text between its ends now; otherwise null. */
  text: string | null;
  /** For an orphaned passage: true when its quote still occurs in the same article, so a member can re-anchor it. */
  reanchorable: boolean;
  /**
   * For a live passage: true when its own ends no longer resolve (its characters were re-created)
   * and it was found again where it stood. It counts as live everywhere; re-anchoring makes it follow
   * later edits again (a relocated passage is found by its quote, so editing inside it orphans it).
   */
  relocated: boolean;
}

/**
 * What the editor needs to mark a link in the text, as compact as the wire allows (the editor loads
 * every link of the document): `[id, articleUid, sourceId, start, end, relation, relocated]`, with
 * `start` and `end` null for a link to the whole article. For a relocated passage (see
 * ResolvedLink.relocated) `start` and `end` are where it stands now, computed by the server against
 * the live document that the editor shares, and `relocated` is true. Retired links are left out.
 */
export type LinkMark = [id: string, articleUid: string, sourceId: string, start: string | null, end: string | null, relation: LinkRelation, relocated: boolean];

/**
 * `GET /api/documents/:id/link-marks`: the marks and their version, a digest of `marks` (also the
 * ETag): it changes whenever the marks do, whether a link was created or retired or a passage was
 * relocated.
 */
export interface LinkMarks {
  version: string;
  marks: LinkMark[];
}

/**
 * The reason stored when a member re-anchors a passage without giving one. Retirement reasons are
 * text in exports (CSV, PROV-JSON) and in the audit chain, so this one is text too, in Spanish, the
 * project's default language.
 */
export const DEFAULT_REANCHOR_REASON = 'Re-anclado: el pasaje citado se encontró de nuevo en su artículo.';
