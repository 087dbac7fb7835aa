// How deeply a record nests objects and arrays. JSON.parse builds any depth, but JSON.stringify,
// structured cloning and every recursive walker (pattern matching, field paths) would overflow the
// stack on a record nested thousands deep, so such records are refused before anything walks them.
// Does not look at sizes or values.

/** Deepest nesting a record may have; real CloudTrail records stay far below it. */
export const MAX_RECORD_DEPTH = 512;

function deeper(v: object, depth: number, limit: number): boolean {
  if (depth > limit) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "object" && x !== null && deeper(x, depth + 1, limit)) return true;
    }
    return false;
  }
  for (const k in v) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (typeof x === "object" && x !== null && deeper(x, depth + 1, limit)) return true;
  }
  return false;
}

/**
 * True when objects and arrays nest more than `limit` levels below `v` (the record itself is
 * level 0). Recursion stops at the limit, so the check itself cannot overflow the stack.
 */
export function nestsDeeperThan(v: unknown, limit = MAX_RECORD_DEPTH): boolean {
  return typeof v === "object" && v !== null && deeper(v, 0, limit);
}
