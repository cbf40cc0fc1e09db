import type { Scope } from './types';

/** What a token lookup found: the row's fields that decide the principal, and its owner's scopes. */
export interface VerifiedToken {
  id: string;
  name: string;
  scopes: Scope[];
  services: string[] | null;
  createdBy: string | null;
  expiresAt: string | null;
  ownerScopes: readonly Scope[] | 'any';
  /** Date.now() of the lookup; an entry older than VERIFIED_TTL_MS is looked up again */
  checkedAt: number;
  /** Date.now() of the last `last_used_at` write this process made */
  usedWrittenAt: number;
}

/**
 * A script polling every second should not cost two SELECTs and an UPDATE per request. A verified token
 * is kept, by its sha256, for at most VERIFIED_TTL_MS; every change made through this process
 * (revoking a token, changing, disabling or deleting a user) forgets them all at once, so a revocation
 * is refused from the next request. The TTL only bounds a change made to the store from outside
 * (another process): it is honoured within a second. Unknown tokens are never kept (no growth from
 * guessing), expiry is checked on every request, and the map is bounded.
 */
export const VERIFIED_TTL_MS = 1000;
const MAX_ENTRIES = 2000;

type Cache = { db: object | null; map: Map<string, VerifiedToken> };
const holder = globalThis as unknown as { __opsdeckVerifiedTokens?: Cache };

function cache(db: object): Map<string, VerifiedToken> {
  holder.__opsdeckVerifiedTokens ??= { db: null, map: new Map() };
  const c = holder.__opsdeckVerifiedTokens;
  // A new store (tests open several) shares nothing with the last one.
  if (c.db !== db) {
    c.db = db;
    c.map = new Map();
  }
  return c.map;
}

/** The entry for `hash`, and whether it is still fresh enough to be believed without a lookup. */
export function recallToken(
  db: object,
  hash: string,
  now: number,
): { entry?: VerifiedToken; fresh: boolean } {
  const entry = cache(db).get(hash);
  return { entry, fresh: entry !== undefined && now - entry.checkedAt < VERIFIED_TTL_MS };
}

export function rememberToken(db: object, hash: string, entry: VerifiedToken): void {
  const map = cache(db);
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(hash, entry);
}

/** Forgets every verified token: called by every write that can narrow or end one. */
export function forgetVerifiedTokens(): void {
  holder.__opsdeckVerifiedTokens?.map.clear();
}
