/**
 * Server configuration, read once from the environment at start-up. Tests build a config directly
 * (port 0, a temporary data dir, small limits) instead of touching process.env.
 */
import path from 'node:path';
import type { SignInLimits } from './auth/sign-in-throttle.ts';
import type { RateWindow } from './comments/rate-windows.ts';

export interface CollabLimits {
  /** Largest websocket message accepted, in bytes; larger ones close the socket with 4413. */
  maxMessageBytes: number;
  /** Largest awareness update accepted, in bytes. */
  maxAwarenessBytes: number;
  /** Sustained messages per second per connection (token bucket rate), and the burst allowed. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Sustained awareness updates per second per connection, and the burst allowed. */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Time budget for checking one batch of updates before the check is abandoned and refused. */
  checkTimeoutMs: number;
  /** Memory budget of the checking thread (V8 old generation), in MiB. */
  checkMemoryMb: number;
}

/** Per-person limits on citizen participation (a window with max 0 is off). */
export interface ParticipationLimits {
  /** Comments (threads and replies) a person may write. */
  comments: RateWindow[];
  /** Comments a person may flag. */
  flags: RateWindow[];
}

/** Cookie sessions and the limits on failed sign-ins. */
export interface AccountSettings {
  /** How long a cookie session lasts from sign-in, in days (it then has to sign in again). */
  sessionDays: number;
  signIn: SignInLimits;
}

export interface CartaConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Write a verified checkpoint every this many logged updates of a document. */
  checkpointEvery: number;
  /** Unload a document from memory this long after its last connection closed. */
  idleUnloadMs: number;
  /** Public base URL used in printed links; derived from host and port when empty. */
  publicUrl: string;
  /** SQLite durability: FULL survives power loss (the default); NORMAL survives process crashes. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  limits: CollabLimits;
  participation: ParticipationLimits;
  accounts: AccountSettings;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxAwarenessBytes: 64 * 1024,
  messagesPerSecond: 300,
  messageBurst: 1000,
  awarenessPerSecond: 30,
  awarenessBurst: 60,
  checkTimeoutMs: 5000,
  checkMemoryMb: 1024,
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Enough for anyone taking part in earnest, too few for a script flooding an article. */
export const DEFAULT_PARTICIPATION_LIMITS: ParticipationLimits = {
  comments: [
    { max: 5, windowMs: MINUTE },
    { max: 100, windowMs: DAY },
  ],
  flags: [
    { max: 10, windowMs: MINUTE },
    { max: 100, windowMs: DAY },
  ],
};

/** Few enough failures that guessing a password is hopeless, enough for a person who mistypes. */
export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  sessionDays: 14,
  signIn: { perEmail: 5, perIp: 20, windowMs: 15 * MINUTE },
};

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/** The configuration from environment variables, with the documented defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CartaConfig {
  const synchronous = (env.CARTA_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new Error(`CARTA_SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${synchronous}"`);
  }
  return {
    host: env.CARTA_HOST ?? env.HOST ?? '127.0.0.1',
    port: intFrom(env.PORT, 8080, 'PORT'),
    dataDir: path.resolve(env.CARTA_DATA_DIR ?? './data'),
    checkpointEvery: intFrom(env.CARTA_CHECKPOINT_EVERY, 1000, 'CARTA_CHECKPOINT_EVERY') || 1000,
    idleUnloadMs: intFrom(env.CARTA_IDLE_UNLOAD_MS, 30_000, 'CARTA_IDLE_UNLOAD_MS'),
    publicUrl: env.CARTA_PUBLIC_URL ?? '',
    sqliteSynchronous: synchronous,
    limits: { ...DEFAULT_LIMITS },
    participation: {
      comments: [
        { max: intFrom(env.CARTA_COMMENTS_PER_MINUTE, 5, 'CARTA_COMMENTS_PER_MINUTE'), windowMs: MINUTE },
        { max: intFrom(env.CARTA_COMMENTS_PER_DAY, 100, 'CARTA_COMMENTS_PER_DAY'), windowMs: DAY },
      ],
      flags: [
        { max: intFrom(env.CARTA_FLAGS_PER_MINUTE, 10, 'CARTA_FLAGS_PER_MINUTE'), windowMs: MINUTE },
        { max: intFrom(env.CARTA_FLAGS_PER_DAY, 100, 'CARTA_FLAGS_PER_DAY'), windowMs: DAY },
      ],
    },
    accounts: {
      sessionDays: intFrom(env.CARTA_SESSION_DAYS, 14, 'CARTA_SESSION_DAYS') || 14,
      signIn: {
        perEmail: intFrom(env.CARTA_SIGNIN_FAILURES_PER_EMAIL, 5, 'CARTA_SIGNIN_FAILURES_PER_EMAIL'),
        perIp: intFrom(env.CARTA_SIGNIN_FAILURES_PER_IP, 20, 'CARTA_SIGNIN_FAILURES_PER_IP'),
        windowMs: (intFrom(env.CARTA_SIGNIN_WINDOW_MINUTES, 15, 'CARTA_SIGNIN_WINDOW_MINUTES') || 15) * MINUTE,
      },
    },
  };
}
