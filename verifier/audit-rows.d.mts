/** Types of audit-rows.mjs for the TypeScript side of Carta. */
import type { ChainEvent, ChainProblem } from './audit-chain.mjs';

export type AuditedTable =
  | 'documents'
  | 'users'
  | 'versions'
  | 'links'
  | 'link_retirements'
  | 'comments'
  | 'comment_flags'
  | 'comment_moderation'
  | 'comment_addressing';

/** A checked row as its event can vouch for it: plain JSON values, named as in rows.jsonl. */
export type AuditedRow = Readonly<Record<string, string | number | boolean | null>>;

/** The update log's stamps on one update: who it credits (null when the log names no known person) and when. */
export interface UpdateStamp {
  userId: string | null;
  receivedAt: number;
}

export declare const AUDITED_TABLES: readonly AuditedTable[];
export declare function auditedTableOf(action: string): AuditedTable | null;
export declare function updateStampProblem(event: ChainEvent, logged: UpdateStamp): string | null;

export interface RowChecker {
  check(event: ChainEvent, row: AuditedRow | undefined): ChainProblem | null;
  leftover(table: AuditedTable, row: AuditedRow): ChainProblem;
}

export declare function createRowChecker(): RowChecker;
