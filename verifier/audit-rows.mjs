// The database rows that history, blame, comments and the reading room read, checked against the
// chained events they were written with. Plain JavaScript with no imports, shared by the server's
// `audit verify` (rows read from the store) and the standalone bundle verifier (rows read from the
// bundle's rows.jsonl), so both judge a row alike.
//
// The chain protects the events; the tables are what people are shown. Each table below is
// written in the same transaction as its event, one row per event, and never changed afterwards,
// so its rows in their stored order pair one to one with its events in chain order. Pairing by
// order (not by looking each row up) lets a check stream both sides: nothing is held in memory
// beyond a page. A row that differs from its event, an event whose row is gone, and a row that no
// event stands for (added to the file directly) are each named.
//
// A row is compared only on what its event carries. A field the event does not carry (an older
// event, before the field was recorded) is not compared; what each table leaves out, and why, is
// in docs/audit.md.

/** Each checked table: the actions of the events that write its rows, and the row an event stands for. */
const TABLES = {
  documents: {
    actions: ['document.create'],
    expected: (event, detail) => ({ id: event.subject, title: detail.title, createdAt: event.at }),
  },
  users: {
    actions: ['user.create', 'auth.signup', 'invitation.accept'],
    expected: (event, detail) => ({ id: event.subject, name: detail.name, role: detail.role, createdAt: event.at }),
  },
  versions: {
    actions: ['version.create'],
    expected: (event, detail) => ({
      id: event.subject,
      docId: detail.docId,
      seq: detail.seq,
      name: detail.name,
      note: detail.note,
      createdBy: event.actorId,
      createdAt: event.at,
    }),
  },
  links: {
    actions: ['link.create'],
    expected: (event, detail) => ({
      id: event.subject,
      docId: detail.docId,
      articleUid: detail.articleUid,
      sourceId: detail.sourceId,
      relation: detail.relation,
      passage: detail.passage,
      // The event names the link it replaces only when there is one.
      replaces: detail.replaces ?? null,
      createdBy: event.actorId,
      createdAt: event.at,
    }),
  },
  link_retirements: {
    actions: ['link.retire'],
    expected: (event, detail) => ({ linkId: event.subject, reason: detail.reason, retiredBy: event.actorId, retiredAt: event.at }),
  },
  comments: {
    actions: ['comment.create'],
    expected: (event, detail) => ({
      id: event.subject,
      docId: detail.docId,
      articleUid: detail.articleUid,
      parentId: detail.parentId ?? null,
      authorId: event.actorId,
      passage: detail.passage,
      bodySha256: detail.bodySha256,
      createdAt: event.at,
    }),
  },
  comment_flags: {
    actions: ['comment.flag'],
    expected: (event, detail) => ({ commentId: event.subject, userId: event.actorId, withReason: detail.withReason, at: event.at }),
  },
  comment_moderation: {
    actions: ['comment.hide', 'comment.unhide', 'comment.keep'],
    expected: (event, detail) => ({ commentId: event.subject, action: event.action.slice('comment.'.length), reason: detail.reason, actorId: event.actorId, at: event.at }),
  },
  comment_addressing: {
    actions: ['comment.address', 'comment.reopen'],
    expected: (event, detail) => ({
      commentId: event.subject,
      action: event.action.slice('comment.'.length),
      // Reopening names no version.
      seq: event.action === 'comment.address' ? detail.seq : null,
      note: detail.note,
      actorId: event.actorId,
      at: event.at,
    }),
  },
};

/** The checked tables, in the order a bundle's rows.jsonl lists them. */
export const AUDITED_TABLES = Object.freeze(Object.keys(TABLES));

const TABLE_OF_ACTION = new Map(Object.entries(TABLES).flatMap(([table, { actions }]) => actions.map((action) => [action, table])));

/** The table whose row an event of this action wrote, or null when it wrote none that is checked. */
export function auditedTableOf(action) {
  return TABLE_OF_ACTION.get(action) ?? null;
}

/** How a row is named in a message: its own id, or the link or comment it belongs to. */
function rowName(row) {
  return row.id ?? row.linkId ?? row.commentId ?? '?';
}

/** "a", "a or b", "a, b or c". */
function either(words) {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function shown(value) {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** A time as a person reads it (UTC), with the stored number for whoever compares. */
function shownTime(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? `${new Date(ms).toISOString()} (${ms})` : shown(ms);
}

function parseDetail(text) {
  if (text === null || text === undefined) return {};
  try {
    const detail = JSON.parse(text);
    return typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? detail : {};
  } catch {
    // The chain check has already accepted this text as the stored detail; an unreadable one
    // vouches for no field, so only the event's own fields are compared.
    return {};
  }
}

/**
 * The update log's stamps against the update's event: who the log credits with the update and
 * when it says the update arrived are what history and blame show, so they must be the actor and
 * time the chain recorded. `logged`: { userId (null when the log names no known person),
 * receivedAt }. Answers the reason, or null when they agree.
 */
export function updateStampProblem(event, logged) {
  if (logged.userId !== event.actorId) {
    const who = logged.userId === null ? 'no known person' : JSON.stringify(logged.userId);
    return `the update log credits update ${event.subject} to ${who}; its chained event to ${JSON.stringify(event.actorId)}`;
  }
  if (logged.receivedAt !== event.at) {
    return `the update log says update ${event.subject} arrived at ${shownTime(logged.receivedAt)}; its chained event says ${shownTime(event.at)}`;
  }
  return null;
}

/**
 * Pairs rows with events, one table at a time, in order. `check(event, row)` is given each event
 * of a checked action with the next row of its table (undefined when the table has no more) and
 * answers a problem or null; `leftover(table, row)` names a row found after the table's last
 * event. Problems have the chain checker's shape: { id, subject, reason }.
 */
export function createRowChecker() {
  return {
    check(event, row) {
      const table = auditedTableOf(event.action);
      if (table === null) return null;
      const want = TABLES[table].expected(event, parseDetail(event.detail));
      const [identity] = Object.keys(want);
      const fail = (reason) => ({ id: event.id, subject: event.subject, reason });
      if (row === undefined) return fail(`${table} has no row for ${event.subject} (the table ends before it): the row was deleted`);
      if (row[identity] !== want[identity]) {
        return fail(`${table} has no row for ${event.subject} where the chain puts it (the row of ${rowName(row)} is there): a row was deleted, added or moved`);
      }
      for (const [field, value] of Object.entries(want)) {
        if (value === undefined || row[field] === value) continue;
        if (field === 'bodySha256') {
          return fail(`the words of comment ${event.subject} are not the ones its chained event recorded (their SHA-256 is ${shown(row[field])}, the event's ${shown(value)})`);
        }
        const [stored, chained] = field === 'at' || field.endsWith('At') ? [shownTime(row[field]), shownTime(value)] : [shown(row[field]), shown(value)];
        return fail(`the ${table} row of ${event.subject} says ${field} ${stored}; its chained event says ${chained}`);
      }
      return null;
    },
    leftover(table, row) {
      const actions = either(TABLES[table]?.actions ?? ['matching']);
      return { id: null, subject: `${table} ${rowName(row)}`, reason: `no ${actions} event in the chain stands for this row: it was added outside Carta` };
    },
  };
}
