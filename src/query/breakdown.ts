// The `ct classify` table: event counts by category × read/write × eventSource, with shares,
// plus how often each classification rule decided (for `--explain`) and the time span (for the
// cost projection). An aggregate in four steps: new, add per record, merge partials, finish.
// Pure; the partials are plain data (Maps, numbers) that survive structured cloning.
import type { CloudTrailRecord } from "../model/event.js";
import { eventMillisOf } from "../model/record-fields.js";
import { CATEGORIES, type Category, type CategoryRule, type Classification } from "../model/classify.js";
import { eventSourceOf } from "../model/api-of.js";
import { READ_WRITE, type ReadWrite, type ReadWriteRule } from "../model/read-write.js";
import { joinKey, splitKey } from "./compound-key.js";
import { type Counter, addCount, byCountThenKey, mergeCounters, newCounter } from "./counter.js";
import { timeOrUndefined } from "./columns.js";

/** Placeholder for a record without an eventSource. */
export const NO_EVENT_SOURCE = "(none)";


export interface Breakdown {
  total: number;
  /** Key: category, readWrite, eventSource (joinKey). */
  cells: Counter;
  /** Key: category and readWrite (joinKey); exact even when `cells` is pruned. */
  totals: Map<string, number>;
  /** Key: category and rule (joinKey). */
  categoryRules: Map<string, number>;
  /** Key: readWrite and rule (joinKey). */
  readWriteRules: Map<string, number>;
  /** Earliest and latest event time, epoch ms (±Infinity while none). */
  first: number;
  last: number;
}

export interface BreakdownRow {
  category: Category;
  readWrite: ReadWrite;
  eventSource: string;
  count: number;
  /** count / total events, 0..1. */
  share: number;
}

export interface CategoryTotal {
  category: Category;
  count: number;
  share: number;
  read: number;
  write: number;
  unknown: number;
}

export interface BreakdownResult {
  total: number;
  firstEventTime: string | undefined;
  lastEventTime: string | undefined;
  /** One entry per category, in CATEGORIES order, zero counts included. */
  categories: CategoryTotal[];
  readWrite: Record<ReadWrite, number>;
  /** Category order, then count descending, then read/write order, then eventSource. */
  rows: BreakdownRow[];
  rules: {
    category: Array<{ category: Category; rule: CategoryRule; count: number }>;
    readWrite: Array<{ readWrite: ReadWrite; rule: ReadWriteRule; count: number }>;
  };
  /** True when the eventSource table had to be pruned (see counter.ts). */
  approximate: boolean;
}

/** A new empty breakdown. */
export function newBreakdown(): Breakdown {
  return {
    total: 0,
    cells: newCounter(),
    totals: new Map(),
    categoryRules: new Map(),
    readWriteRules: new Map(),
    first: Infinity,
    last: -Infinity,
  };
}

function bump(m: Map<string, number>, key: string, n = 1): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

/** Counts one record with its classification. */
export function addToBreakdown(b: Breakdown, r: CloudTrailRecord, c: Classification): void {
  b.total++;
  // Insights events name the API they watched in insightDetails.
  const source = eventSourceOf(r) ?? NO_EVENT_SOURCE;
  addCount(b.cells, joinKey(c.category, c.readWrite, source));
  bump(b.totals, joinKey(c.category, c.readWrite));
  bump(b.categoryRules, joinKey(c.category, c.categoryRule));
  bump(b.readWriteRules, joinKey(c.readWrite, c.readWriteRule));
  const t = eventMillisOf(r);
  if (t < b.first) b.first = t;
  if (t > b.last) b.last = t;
}

/** Folds `from` into `into` and returns `into`; `from` is left untouched. */
export function mergeBreakdowns(into: Breakdown, from: Breakdown): Breakdown {
  into.total += from.total;
  mergeCounters(into.cells, from.cells);
  for (const [k, n] of from.totals) bump(into.totals, k, n);
  for (const [k, n] of from.categoryRules) bump(into.categoryRules, k, n);
  for (const [k, n] of from.readWriteRules) bump(into.readWriteRules, k, n);
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  return into;
}


const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const READ_WRITE_ORDER = new Map<string, number>(READ_WRITE.map((c, i) => [c, i]));

/** Turns the counts into the table, totals and rule tallies. */
export function finishBreakdown(b: Breakdown): BreakdownResult {
  const share = (n: number) => (b.total === 0 ? 0 : n / b.total);
  const categories = new Map<Category, CategoryTotal>(
    CATEGORIES.map((category) => [category, { category, count: 0, share: 0, read: 0, write: 0, unknown: 0 }]),
  );
  const readWrite: Record<ReadWrite, number> = { read: 0, write: 0, unknown: 0 };
  const rows: BreakdownRow[] = [];
  for (const [key, count] of b.totals) {
    const [category, rw] = splitKey(key) as [Category, ReadWrite];
    const total = categories.get(category)!;
    total.count += count;
    total[rw] += count;
    readWrite[rw] += count;
  }
  for (const [key, count] of b.cells.counts) {
    const [category, rw, eventSource] = splitKey(key) as [Category, ReadWrite, string];
    rows.push({ category, readWrite: rw, eventSource, count, share: share(count) });
  }
  for (const total of categories.values()) total.share = share(total.count);
  rows.sort(
    (x, y) =>
      CATEGORY_ORDER.get(x.category)! - CATEGORY_ORDER.get(y.category)! ||
      y.count - x.count ||
      READ_WRITE_ORDER.get(x.readWrite)! - READ_WRITE_ORDER.get(y.readWrite)! ||
      (x.eventSource < y.eventSource ? -1 : x.eventSource > y.eventSource ? 1 : 0),
  );
  const categoryRules = [...b.categoryRules].sort(byCountThenKey).map(([key, count]) => {
    const [category, rule] = splitKey(key) as [Category, CategoryRule];
    return { category, rule, count };
  });
  const readWriteRules = [...b.readWriteRules].sort(byCountThenKey).map(([key, count]) => {
    const [rw, rule] = splitKey(key) as [ReadWrite, ReadWriteRule];
    return { readWrite: rw, rule, count };
  });
  return {
    total: b.total,
    firstEventTime: timeOrUndefined(b.first),
    lastEventTime: timeOrUndefined(b.last),
    categories: [...categories.values()],
    readWrite,
    rows,
    rules: { category: categoryRules, readWrite: readWriteRules },
    approximate: b.cells.approximate,
  };
}
