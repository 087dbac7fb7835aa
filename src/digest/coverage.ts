// What the valid digests of a chain cover, and the log files that coverage exposes: files inside a
// validated window that no digest lists (possibly injected), and files delivered after the newest
// digest (the newest digest is missing). Pure interval arithmetic over times from file names.
// It does not decide how findings are printed or counted.
import { MINUTE } from "./time.js";
import type { ListedLog } from "./tree-plan.js";

/** A digest's [digestStartTime, digestEndTime] in epoch ms. */
export interface Window {
  start: number;
  end: number;
}

/** Windows sorted and merged where they overlap or touch (consecutive digests touch exactly). */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Window[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else out.push({ ...w });
  }
  return out;
}

export interface LogFindingsInput {
  /** The log files of the chain's folder, ascending by delivery time (required by the sweep). */
  logs: readonly ListedLog[];
  isListed: (tail: string) => boolean;
  validWindows: readonly Window[];
  /** End of the newest digest of the chain, undefined when it has none. */
  newestEnd: number | undefined;
  /** The requested window: log files outside it are not judged. */
  start: number;
  end: number;
}

/**
 * Log files no digest lists. A file name carries only the minute of delivery, so a file counts as
 * inside the coverage only when its whole minute is; one whose minute reaches past the newest
 * digest's end belongs to a digest that is not in the tree.
 */
export function findLogFindings(input: LogFindingsInput): { unlisted: ListedLog[]; afterNewest: ListedLog[] } {
  const covered = mergeWindows(input.validWindows);
  const unlisted: ListedLog[] = [];
  const afterNewest: ListedLog[] = [];
  // Logs and windows are both in time order: one sweep, whatever the number of holes.
  let w = 0;
  for (const log of input.logs) {
    if (log.time < input.start || log.time > input.end || input.isListed(log.tail)) continue;
    while (w < covered.length && (covered[w] as Window).end < log.time + MINUTE) w++;
    const window = covered[w];
    if (window && window.start <= log.time) unlisted.push(log);
    else if (input.newestEnd !== undefined && log.time + MINUTE > input.newestEnd) afterNewest.push(log);
  }
  return { unlisted, afterNewest };
}
