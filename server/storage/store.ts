/**
 * The one storage interface of the server. Everything durable goes through it: the append-only
 * update log of each document, verified checkpoints, document and user rows, and audit events.
 * SQLite (./sqlite/sqlite-store.ts) is the embedded default; another engine is another adapter.
 * Methods are async so an adapter over the network fits the same shape.
 */
import type { Role } from '../../shared/auth/roles.ts';
import type { StoredChainEvent } from '../../verifier/audit-chain.mjs';
import type { UpdateStamp } from '../../verifier/audit-rows.mjs';
import type { AccountStore } from './account-store.ts';
import type { AuditQueries } from './audit-queries.ts';
import type { AuditedRows } from './audited-rows.ts';
import type { CommentStore } from './comment-store.ts';
import type { LinkStore } from './link-store.ts';
import type { ReportQueries } from './report-queries.ts';
import type { SourceStore } from './source-store.ts';
import type { StanceStore } from './stance-store.ts';

export interface DocumentRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
}

/** One update to append, stamped by the server with the authenticated user and the time. */
export interface AppendEntry {
  docId: string;
  update: Uint8Array;
  userId: string;
  receivedAt: number;
}

export interface LoggedUpdate {
  seq: number;
  update: Uint8Array;
  userId: string;
  receivedAt: number;
}

export interface Checkpoint {
  /** The log position the state includes (every update with seq ≤ this). */
  seq: number;
  state: Uint8Array;
  createdAt: number;
}

export interface AuditEventInput {
  at: number;
  actorId: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  id: number;
  /** This event's link in the audit chain (hex SHA-256; verifier/audit-chain.mjs). */
  hash: string;
}

/** The chain's head: how many events it holds and the last one's hash (hex; 64 zeros when empty). */
export interface AuditHead {
  count: number;
  hash: string;
}

/** An event as stored, for checking the chain (the chain's own shape), with the update it names. */
export interface AuditRecord extends StoredChainEvent {
  /** The stored hash as 64 lowercase hex digits. */
  hash: string;
  /** For an `update` event: the bytes of the logged update it names, when the log has them. */
  update?: Uint8Array;
  /** With `update`: who the log credits with it and when it says it arrived (history and blame show these). */
  logged?: UpdateStamp;
}

/** A named version: a position in a document's update log, named by a member. Never changes. */
export interface VersionRecord {
  id: string;
  docId: string;
  /** The log position it names: the state after every update with seq ≤ this. */
  seq: number;
  name: string;
  note: string;
  createdBy: string;
  createdAt: number;
}

/** A day on which a document changed: the automatic checkpoints of the timeline. */
export interface ChangeDay {
  /** The day, as YYYY-MM-DD in UTC. */
  day: string;
  /** The last log position of that day. */
  seq: number;
  /** When that last update was received. */
  at: number;
  updates: number;
}

export interface CartaStore {
  /** Citizen sources (petitions, survey themes, meetings…) and the signature thresholds. */
  readonly sources: SourceStore;
  /** Provenance links between sources and the text (append-only: created and retired). */
  readonly links: LinkStore;
  /** Counts and pages for the public reports, read through indexes (never everything at once). */
  readonly reports: ReportQueries;
  /** Searches of the audit log by person, action, subject and article, each bounded (audit-queries.ts). */
  readonly auditQueries: AuditQueries;
  /** The rows history shows, in written order, for `audit verify` and `audit export` to pair with their events. */
  readonly auditedRows: AuditedRows;
  /** Citizen comments, their moderation and addressing (append-only: state changes are events). */
  readonly comments: CommentStore;
  /** Citizens' support or opposition per article. */
  readonly stances: StanceStore;
  /** Accounts: email and password credentials, cookie sessions, invitations (account-store.ts). */
  readonly accounts: AccountStore;

  /** Creates the document with its first log entry (seq 1) in one transaction; false if it exists. */
  createDocument(doc: { id: string; title: string }, initialState: Uint8Array, actorId: string, at: number): Promise<boolean>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  listDocuments(): Promise<DocumentRecord[]>;

  /** Appends every entry in one durable transaction; returns each entry's per-document seq. */
  appendUpdates(entries: readonly AppendEntry[]): Promise<number[]>;
  /** Log entries of a document with seq > afterSeq, in order. */
  readUpdates(docId: string, afterSeq: number): Promise<LoggedUpdate[]>;
  /** The highest seq of a document's log (0 when empty). */
  lastSeq(docId: string): Promise<number>;

  latestCheckpoint(docId: string): Promise<Checkpoint | null>;
  /** The newest checkpoint at or before `seq` (for reading an old version), or null. */
  checkpointAtOrBefore(docId: string, seq: number): Promise<Checkpoint | null>;
  /** Log entries with afterSeq < seq ≤ toSeq, in order. */
  readUpdateRange(docId: string, afterSeq: number, toSeq: number): Promise<LoggedUpdate[]>;

  /** Names the log position `seq` of a document; records a `version.create` audit event in the same transaction. */
  createVersion(version: Omit<VersionRecord, 'id'>): Promise<VersionRecord>;
  listVersions(docId: string): Promise<VersionRecord[]>;
  getVersion(id: string): Promise<VersionRecord | null>;
  /** Every UTC day with changes to the document, oldest first, with its last log position. */
  changeDays(docId: string): Promise<ChangeDay[]>;
  writeCheckpoint(docId: string, checkpoint: Checkpoint): Promise<void>;

  /** Creates the user if the id is new; returns the stored row. */
  ensureUser(user: { id: string; name: string; role: Role }, at: number): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | null>;
  /** The oldest user with exactly this name and role, if any. */
  findUser(name: string, role: UserRecord['role']): Promise<UserRecord | null>;

  /**
   * Appends an event to the audit chain (every write records one with its author; each logged
   * update has its own, appended in the same transaction by `appendUpdates` and `createDocument`).
   */
  appendAudit(event: AuditEventInput): Promise<number>;
  listAudit(afterId: number, limit: number): Promise<AuditEvent[]>;
  auditHead(): Promise<AuditHead>;
  /** Stored events with id > afterId, in order, with the updates they name: what `audit verify` reads. */
  auditRecords(afterId: number, limit: number): Promise<AuditRecord[]>;
  /** How many updates each document's log holds. */
  updateCounts(): Promise<Map<string, number>>;

  /** A value kept in the store's settings (for example the token-signing secret). */
  getSetting(key: string): Promise<string | null>;
  /** Stores the value unless the key is already set; returns the value that is stored. */
  setSettingIfAbsent(key: string, value: string): Promise<string>;
  /** Stores the value (replacing any) and appends `audit` in the same transaction: a setting a person changes. */
  changeSetting(key: string, value: string, audit: AuditEventInput): Promise<void>;

  close(): Promise<void>;
}
