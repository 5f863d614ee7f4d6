/** Messages between the main thread and the update-checking thread. */
import type { CheckMode, Verdict } from './verdict.ts';

export interface UpdateToCheck {
  bytes: Uint8Array;
  mode: CheckMode;
}

export type ToCheckWorker =
  | { type: 'load'; docId: string; state: Uint8Array }
  | { type: 'check'; id: number; docId: string; updates: UpdateToCheck[] }
  | { type: 'checkpoint'; id: number; docId: string }
  | { type: 'drop'; docId: string };

export type FromCheckWorker =
  | { type: 'ready' }
  | { type: 'verdicts'; id: number; verdicts: Verdict[]; dirty: boolean }
  | { type: 'checkpoint'; id: number; state: Uint8Array | null; error: string | null };
