/**
 * Turns stored comments into what one reader is served: passages resolved against the live text,
 * and hidden comments reduced to a placeholder (`hidden: true` and the moderator's reason; no body,
 * author or passage) unless the reader may read hidden content. The one place that decides what of
 * a hidden comment leaves the server.
 */
import type { Role } from '../../shared/auth/roles.ts';
import type { ResolvedCommentAnchor, ServedComment } from '../../shared/comments/comment-types.ts';
import type { PassageAnchor } from '../../shared/provenance/link-types.ts';
import { may } from '../auth/policy.ts';
import type { StoredComment } from '../storage/comment-store.ts';
import type { LiveCommentAnchors } from './live-comment-anchors.ts';

export interface CommentReader {
  /** May read what a hidden comment said and who said it (policy action `comment.readHidden`). */
  readsHidden: boolean;
  /** Sees how many people flagged each comment (policy action `comment.hide`: the moderators). */
  seesFlags: boolean;
}

/** What a person with `role` is served of comments. */
export function commentReaderFor(role: Role): CommentReader {
  return { readsHidden: may(role, 'comment.readHidden'), seesFlags: may(role, 'comment.hide') };
}

function orphaned(anchor: PassageAnchor): ResolvedCommentAnchor {
  return { status: 'orphaned', quote: anchor.quote, prefix: anchor.prefix, suffix: anchor.suffix, text: null, start: null, end: null, from: null, to: null };
}

export async function presentComments(anchors: LiveCommentAnchors, comments: readonly StoredComment[], reader: CommentReader): Promise<ServedComment[]> {
  const shown = (comment: StoredComment): boolean => comment.hidden === null || reader.readsHidden;
  // Resolve only the passages this reader will see, one document view per document.
  const wanted = new Map<string, Array<{ id: string; articleUid: string; anchor: PassageAnchor }>>();
  for (const comment of comments) {
    if (!comment.anchor || !shown(comment)) continue;
    const passage = { id: comment.id, articleUid: comment.articleUid, anchor: comment.anchor };
    const group = wanted.get(comment.docId);
    if (group) group.push(passage);
    else wanted.set(comment.docId, [passage]);
  }
  const resolved = new Map<string, ResolvedCommentAnchor>();
  for (const [docId, group] of wanted) {
    const answer = await anchors.with(docId, (view) => group.map((p) => view.resolve(p.id, p.articleUid, p.anchor)));
    // A document that no longer exists leaves its passages orphaned, never dropped.
    const anchorsNow = answer?.value ?? group.map((p) => orphaned(p.anchor));
    group.forEach((p, i) => resolved.set(p.id, anchorsNow[i] ?? orphaned(p.anchor)));
  }
  return comments.map((comment): ServedComment => {
    const common = {
      id: comment.id,
      docId: comment.docId,
      articleUid: comment.articleUid,
      parentId: comment.parentId,
      createdAt: comment.createdAt,
      replyCount: comment.replyCount,
      addressed: comment.addressed,
      flaggedByMe: comment.flaggedByViewer,
      ...(reader.seesFlags ? { flags: comment.flags } : {}),
    };
    const anchor = comment.anchor ? (resolved.get(comment.id) ?? orphaned(comment.anchor)) : null;
    if (comment.hidden === null) return { ...common, hidden: false, body: comment.body, author: comment.author, anchor };
    if (!reader.readsHidden) return { ...common, hidden: true, reason: comment.hidden.reason, hiddenAt: comment.hidden.at };
    return { ...common, hidden: true, reason: comment.hidden.reason, hiddenAt: comment.hidden.at, hiddenBy: comment.hidden.by, body: comment.body, author: comment.author, anchor };
  });
}
