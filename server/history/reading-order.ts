/**
 * The order in which a changelog lists changed blocks: as the text reads. Blocks of the newer
 * version stand where they stand now; a removed block stands where it stood, right after the
 * block that preceded it in the older version and is still there (or first, when none is).
 */

/**
 * `changes` (each naming a block by `uid`) in reading order. `olderKeys` and `newerKeys` are every
 * block of each version in document order, changed or not, so that a removed block finds its place
 * even when its neighbours did not change. The sort is stable: ties keep the given order.
 */
export function inReadingOrder<T extends { uid: string }>(changes: readonly T[], olderKeys: readonly string[], newerKeys: readonly string[]): T[] {
  const newerIndex = new Map<string, number>();
  newerKeys.forEach((key, index) => newerIndex.set(key, index));
  // For each block of the older version: its own index there, and the newer index of the nearest
  // block at or before it that the newer version still has (-1 when none).
  const olderPlace = new Map<string, { olderIndex: number; anchor: number }>();
  let anchor = -1;
  olderKeys.forEach((key, olderIndex) => {
    const kept = newerIndex.get(key);
    if (kept !== undefined) anchor = kept;
    olderPlace.set(key, { olderIndex, anchor });
  });
  const sortKey = (change: T): [number, number, number] => {
    const now = newerIndex.get(change.uid);
    if (now !== undefined) return [now, 0, 0];
    const then = olderPlace.get(change.uid);
    // Not in either version (cannot happen for a diff's blocks): last, in the given order.
    return then ? [then.anchor, 1, then.olderIndex] : [Number.MAX_SAFE_INTEGER, 2, 0];
  };
  return changes
    .map((change, given) => ({ change, key: sortKey(change), given }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.given - b.given)
    .map((entry) => entry.change);
}
