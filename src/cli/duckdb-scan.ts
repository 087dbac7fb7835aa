// What ct sql and ct export share: the DuckDB engine flags (memory limit, temporary directory), the
// reader scan that feeds DuckDB (filters and window resolved as ct lookup does), and how an SQL error
// is reported. It neither loads DuckDB nor runs statements (src/sql does).
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { CtError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { sanitizeTerminal } from "../output/sanitize.js";
import type { FilterSpec } from "../query/filter-spec.js";
import type { FileResult, Job } from "../read/job.js";
import type { Reporter } from "../report.js";
import { type RawEventFilter, resolveEventFilter } from "./event-filter.js";
import { type RawRun, type RawWindow, type RunSettings, type Window, parseSize, pruneSpecOf, resolveRun, resolveWindow } from "./options.js";
import type { Progress } from "./progress.js";
import { type ScanStats, scan } from "./scan.js";

/** Flags about where DuckDB may put data. */
export interface RawEngine {
  memoryLimit: string;
  tempDir?: string;
}


/** Declares --memory-limit and --temp-dir. */
export function addEngineOptions(cmd: Command): Command {
  return cmd
    .option("--memory-limit <SIZE>", "DuckDB's memory limit; beyond it DuckDB spills to the temporary directory", "1GiB")
    .option("--temp-dir <DIR>", "where batches and DuckDB's spill files go (default: the system's temporary directory)");
}

export interface EventScanOptions {
  inputs: string[];
  filter: FilterSpec;
  window: Window;
  run: RunSettings;
  /** Folders to read: CloudTrail, plus CloudTrail-Insight when Insight events were asked for. */
  kinds: ("CloudTrail" | "CloudTrail-Insight")[];
}

export interface EngineOptions {
  memoryLimit: number;
  tempDir: string | undefined;
}

/** Resolves the window, run and filter flags exactly as ct lookup does. */
export function resolveEventScan(inputs: string[], raw: RawEventFilter & RawWindow & RawRun, io: Io): EventScanOptions {
  const window = resolveWindow(raw, io.now());
  const run = resolveRun(raw, io);
  const filter = resolveEventFilter(raw, window);
  const wantInsight = filter.category?.includes("Insight") === true;
  return {
    inputs,
    filter,
    window,
    run,
    kinds: wantInsight ? ["CloudTrail", "CloudTrail-Insight"] : ["CloudTrail"],
  };
}

export function resolveEngine(raw: RawEngine): EngineOptions {
  return { memoryLimit: parseSize(raw.memoryLimit, "--memory-limit"), tempDir: raw.tempDir };
}

/** A private temporary directory under --temp-dir (or the system's), removed by the caller. */
export async function makeWorkDir(engine: EngineOptions, io: Io, prefix: string): Promise<string> {
  const base = engine.tempDir ? path.resolve(io.cwd, engine.tempDir) : os.tmpdir();
  try {
    return await mkdtemp(path.join(base, `${prefix}-`));
  } catch (err) {
    throw new UsageError(`cannot create a temporary directory in ${base}: ${(err as Error).message}`, "--temp-dir");
  }
}

/** Runs the shared reader loop with a job and hands each file's output to `consume`. */
export async function scanEvents(
  scanOpts: EventScanOptions,
  job: Job,
  io: Io,
  reporter: Reporter,
  progress: Progress,
  stats: ScanStats,
  consume: (r: FileResult) => Promise<void>,
): Promise<void> {
  const results = scan(
    {
      inputs: scanOpts.inputs,
      prune: pruneSpecOf(scanOpts.window, scanOpts.kinds),
      job,
      threads: scanOpts.run.threads,
      io,
      reporter,
      progress,
      debug: scanOpts.run.debug,
      checkAll: scanOpts.run.checkAll,
    },
    stats,
  );
  for await (const r of results) await consume(r);
}

/** DuckDB's own message for an SQL error; printed as is (it may span lines), exit 2. */
export class SqlError extends CtError {
  constructor(message: string) {
    super("E_SQL", message.replace(/^Failed to extract statements: /, ""));
  }
}

/** Prints an SQL error with its LINE/caret lines kept apart, each line made safe for a terminal. */
export function reportSqlError(io: Io, err: SqlError): void {
  const lines = err.message.split("\n");
  io.stderr.write(`ct: sql: ${lines.map((l) => sanitizeTerminal(l)).join("\n")}\n`);
}
