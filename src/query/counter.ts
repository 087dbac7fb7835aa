// A mergeable count per distinct key with bounded memory: the building block of every
// aggregate (top principals, user agents, error codes ...). Plain data (a Map and numbers), so
// partial counters cross worker threads by structured clone. Pure; ranks, never prints.
//
// Bound: counts are exact while the counter holds at most 2 × `limit` keys. Past that, the
// least frequent keys are folded into `other` until `limit` remain, and `approximate` is set:
// a key folded away and seen again restarts from zero, so kept counts become lower bounds.
// Heavy hitters survive pruning, which is what top-N tables need. Merging sums counts, so it is
// associative and commutative as long as no pruning happens.

export interface Counter {
  counts: Map<string, number>;
  /** Events whose key was folded away by pruning. */
  other: number;
  /** Keys retained after a prune. */
  limit: number;
  /** True once pruning has happened: counts may undercount. */
  approximate: boolean;
}

/** Default number of distinct keys kept per counter. */
export const DEFAULT_COUNTER_LIMIT = 10_000;

/** A new empty counter keeping up to `limit` keys exactly (see the file header). */
export function newCounter(limit = DEFAULT_COUNTER_LIMIT): Counter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`counter limit must be a positive integer, got ${limit}`);
  return { counts: new Map(), other: 0, limit, approximate: false };
}

/** Orders by count descending, then key ascending: the one ranking used everywhere. */
export function byCountThenKey(a: readonly [string, number], b: readonly [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function prune(c: Counter): void {
  const ranked = [...c.counts].sort(byCountThenKey);
  for (let i = c.limit; i < ranked.length; i++) {
    const [key, n] = ranked[i]!;
    c.other += n;
    c.counts.delete(key);
  }
  c.approximate = true;
}

/** Adds `n` (default 1) to `key`. */
export function addCount(c: Counter, key: string, n = 1): void {
  const prev = c.counts.get(key);
  if (prev !== undefined) {
    c.counts.set(key, prev + n);
    return;
  }
  c.counts.set(key, n);
  if (c.counts.size > 2 * c.limit) prune(c);
}

/** Folds `from` into `into` and returns `into`; `from` is left untouched. */
export function mergeCounters(into: Counter, from: Counter): Counter {
  for (const [key, n] of from.counts) into.counts.set(key, (into.counts.get(key) ?? 0) + n);
  into.other += from.other;
  into.approximate ||= from.approximate;
  if (into.counts.size > 2 * into.limit) prune(into);
  return into;
}

/** Sum of all counts, folded-away ones included. */
export function counterTotal(c: Counter): number {
  let total = c.other;
  for (const n of c.counts.values()) total += n;
  return total;
}

/** The `n` most frequent keys with their counts, ties broken by key. */
export function topEntries(c: Counter, n: number): Array<[string, number]> {
  return [...c.counts].sort(byCountThenKey).slice(0, Math.max(0, n));
}
