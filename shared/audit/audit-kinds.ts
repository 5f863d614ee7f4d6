/**
 * The kinds of audit event a person filters by (`GET /api/audit?kind=`), each a fixed set of the
 * actions the server writes (docs/audit.md lists them). A pattern ending in `.*` stands for every
 * action under that prefix, so that actions added later in a family (a new moderation step, a new
 * account event) are found without changing this table.
 */

export const AUDIT_KINDS = ['edit', 'document', 'version', 'restore', 'link', 'sources', 'accounts', 'comment', 'stance', 'settings'] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_ACTIONS: Readonly<Record<AuditKind, readonly string[]>> = {
  // One event per logged update: the text's edits (restores too are logged updates by the restorer).
  edit: ['update'],
  document: ['document.*'],
  version: ['version.create'],
  restore: ['version.restore'],
  link: ['link.*'],
  sources: ['sources.*', 'thresholds.*'],
  accounts: ['user.*', 'token.*', 'auth.*', 'invitation.*'],
  comment: ['comment.*'],
  stance: ['stance.*'],
  settings: ['readingRoom.*'],
};

export function isAuditKind(value: string): value is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(value);
}

/** The kind's actions split into exact names and prefixes (each prefix ends with its dot). */
export function kindActions(kind: AuditKind): { exact: string[]; prefixes: string[] } {
  const patterns = AUDIT_KIND_ACTIONS[kind];
  return {
    exact: patterns.filter((p) => !p.endsWith('.*')),
    prefixes: patterns.filter((p) => p.endsWith('.*')).map((p) => p.slice(0, -1)),
  };
}

/** True when events of `action` belong to `kind`. */
export function actionIsOfKind(action: string, kind: AuditKind): boolean {
  const { exact, prefixes } = kindActions(kind);
  return exact.includes(action) || prefixes.some((prefix) => action.startsWith(prefix));
}
