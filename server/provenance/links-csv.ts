/**
 * The links of a document as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break are quoted and their quotes doubled). Cells that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return) or as a DDE call (starting with |) get a
 * leading apostrophe: rationales and titles are typed by people, and a CSV opened in a spreadsheet
 * must not execute them. The file starts with a UTF-8 byte-order mark: without it Excel reads a
 * CSV in the system's legacy code page and shows "Ã¡" for every "á".
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Source } from '../../shared/provenance/source-types.ts';

const COLUMNS = [
  'link_id',
  'doc_id',
  'article_uid',
  'article_num',
  'article_eid',
  'source_id',
  'source_external_ref',
  'source_kind',
  'source_title',
  'relation',
  'status',
  'rationale',
  'quote',
  'current_text',
  'created_by_id',
  'created_by_name',
  'created_at',
  'retired_at',
  'retired_by_name',
  'retire_reason',
  'replaces',
] as const;

const FORMULA_START = /^[=+\-@\t\r|]/;
/** U+FEFF, written as the bytes EF BB BF. */
export const UTF8_BOM = '\ufeff';

/** One cell, neutralised and escaped. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function linksCsv(links: readonly ResolvedLink[], sources: ReadonlyMap<string, Source>): string {
  const rows = links.map((link) => {
    const source = sources.get(link.sourceId);
    const cells: Record<(typeof COLUMNS)[number], string | number | null> = {
      link_id: link.id,
      doc_id: link.docId,
      article_uid: link.articleUid,
      article_num: link.article?.num ?? null,
      article_eid: link.article?.eId ?? null,
      source_id: link.sourceId,
      source_external_ref: source?.externalRef ?? null,
      source_kind: source?.kind ?? null,
      source_title: source?.title ?? null,
      relation: link.relation,
      status: link.status,
      rationale: link.rationale,
      quote: link.anchor?.quote ?? null,
      current_text: link.text,
      created_by_id: link.createdBy.id,
      created_by_name: link.createdBy.name,
      created_at: iso(link.createdAt),
      retired_at: iso(link.retired?.at),
      retired_by_name: link.retired?.by.name ?? null,
      retire_reason: link.retired?.reason ?? null,
      replaces: link.replaces,
    };
    return COLUMNS.map((column) => csvCell(cells[column])).join(',');
  });
  return UTF8_BOM + [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
