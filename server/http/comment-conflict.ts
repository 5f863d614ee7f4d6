/**
 * The REST answer when a write is refused because of a comment's state (already hidden, already
 * flagged by this person, not addressed …): 409 with the conflict as its stable id, or 422
 * `not-a-thread` when the request names a reply where only a thread will do.
 */
import { CommentStateError, type StoredComment } from '../storage/comment-store.ts';
import { ApiError } from './api-error.ts';

/** Runs a write on a comment's state, turning a refusal because of that state into its REST answer. */
export async function writeState(write: () => Promise<StoredComment>): Promise<StoredComment> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof CommentStateError) throw new ApiError(error.conflict === 'not-a-thread' ? 422 : 409, error.conflict, error.message);
    throw error;
  }
}
