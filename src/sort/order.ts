// The event order ct prints in: newest first (LookupEvents' order) or oldest first, ties kept in
// input order, and records without a valid time always last. Shared by the top-N heap and the
// external sort so both agree exactly.

export type SortOrder = "desc" | "asc";

export interface Keyed {
  /** Epoch ms, NaN when unknown. */
  t: number;
  /** Arrival number, for stable ties. */
  n: number;
}

/** Negative when a comes before b. */
export function compareKeyed(order: SortOrder, a: Keyed, b: Keyed): number {
  const an = Number.isNaN(a.t);
  const bn = Number.isNaN(b.t);
  if (an || bn) return an === bn ? a.n - b.n : an ? 1 : -1;
  if (a.t !== b.t) return order === "desc" ? b.t - a.t : a.t - b.t;
  return a.n - b.n;
}
