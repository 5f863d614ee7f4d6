/**
 * Validates a JSON request body with its zod schema at the edge: the route gets typed data or the
 * client gets 400 `invalid-body` naming the first field that is wrong and why.
 */
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ApiError(400, 'invalid-body', `${where}${issue?.message ?? 'invalid request body'}`);
}
