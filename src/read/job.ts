// What the main thread asks of the readers, as plain data: the filter, the processor that turns
// matching records into a per-file result, and the limits. It crosses to worker threads by
// structured clone, so it holds no functions; file results come back the same way.
import type { FilterSpec } from "../query/filter-spec.js";
import type { FileRole } from "../source/discover.js";

export interface Job {
  filter: FilterSpec;
  /** A processor name known to processors.ts (loaded on demand). */
  processor: string;
  params?: unknown;
  maxInflatedBytes: number;
  /**
   * Parse and check every record. Otherwise a filter on values (--user, --event-name ...) lets the
   * readers parse only the records whose text holds them (text-prefilter.ts).
   */
  checkAll?: boolean;
}

export interface FileTask {
  seq: number;
  /** Path to open (absolute) or undefined when `bytes` carries the content (stdin). */
  openPath: string | undefined;
  bytes: Uint8Array | undefined;
  /** Path shown in messages. */
  path: string;
  role: FileRole;
  explicit: boolean;
  accountId: string | undefined;
  region: string | undefined;
}

export interface RecordProblem {
  index: number;
  message: string;
}

/** Record problems kept per file; the count is exact, the list is capped. */
export const MAX_PROBLEMS_KEPT = 5;

export interface FileResult {
  seq: number;
  path: string;
  /** read: records were examined; skipped: not a log (digest ...); error: unreadable or not CloudTrail. */
  status: "read" | "skipped" | "error";
  /** Reason for skipped/error. */
  message?: string;
  /** The system error code when the file could not be read (ENOENT, EACCES ...). */
  errno?: string;
  warnings: string[];
  /** Problems with a file whose records were still read (data after the last JSON document). */
  errors?: string[];
  problems: RecordProblem[];
  problemCount: number;
  records: number;
  /** Records parsed and checked, when fewer than `records`: the others could not match (text-prefilter.ts). */
  parsed?: number;
  matched: number;
  bytesRead: number;
  bytesInflated: number;
  output: unknown;
  /** The file is too large to parse as one document: the reader streams it (stream-file.ts). */
  stream?: true;
  /** One part of a streamed file; the file's last part has no such mark. */
  part?: true;
}

/** A result with nothing read yet, for `task`. */
export function emptyResult(task: Pick<FileTask, "seq" | "path">, status: FileResult["status"] = "read"): FileResult {
  return {
    seq: task.seq,
    path: task.path,
    status,
    warnings: [],
    problems: [],
    problemCount: 0,
    records: 0,
    matched: 0,
    bytesRead: 0,
    bytesInflated: 0,
    output: undefined,
  };
}

/** The result for a file whose processing hit a bug: reported, and the run goes on. */
export function internalErrorResult(task: Pick<FileTask, "seq" | "path">, err: unknown): FileResult {
  return { ...emptyResult(task, "error"), message: `internal error: ${(err as Error)?.message ?? String(err)} (please report this)` };
}
