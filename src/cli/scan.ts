// The loop every reading command shares: discover the inputs, prune by path, read on the pool,
// report per-file errors, warnings and bad records, keep the counts, update the progress line,
// and yield each file's result in input order for the command to consume.
import { AbortedError } from "../errors.js";
import type { Io } from "../io.js";
import type { FileResult, Job } from "../read/job.js";
import { requiredTextOf } from "../query/required-text.js";
import { readFiles } from "../read/pool.js";
import { Reporter } from "../report.js";
import { type SourceFile, discoverFiles } from "../source/discover.js";
import type { PruneSpec } from "../source/prune.js";
import type { LayoutKind } from "../source/s3-layout.js";
import { type RunSettings, type Window, pruneSpecOf } from "./options.js";
import { Progress } from "./progress.js";

export interface ScanOptions {
  inputs: readonly string[];
  prune: PruneSpec;
  job: Job;
  threads: number;
  io: Io;
  reporter: Reporter;
  progress: Progress;
  /** List every skipped file and directory with the reason (--debug). */
  debug?: boolean;
  /** Parse and check every record, even those a value filter rules out by their text (--check-all). */
  checkAll?: boolean;
}

export interface ScanStats {
  filesFound: number;
  filesRead: number;
  filesErrored: number;
  /** Files and directories left unopened because their path ruled them out. */
  pruned: number;
  /** Files that are not CloudTrail logs (digests, other services' files, sidecars). */
  unrelated: number;
  records: number;
  /** Records left unparsed because their text could not match the filter (text-prefilter.ts). */
  unparsed: number;
  matched: number;
  bytesRead: number;
  bytesInflated: number;
}

export function newStats(): ScanStats {
  return { filesFound: 0, filesRead: 0, filesErrored: 0, pruned: 0, unrelated: 0, records: 0, unparsed: 0, matched: 0, bytesRead: 0, bytesInflated: 0 };
}

/** All of stdin; an abort (Ctrl-C) ends the wait, since stdin may never end. */
async function readAll(stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  })();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedError());
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([read, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
  return Buffer.concat(chunks);
}

/** Reads every input file with the job; yields results in input order. */
export async function* scan(opts: ScanOptions, stats: ScanStats): AsyncGenerator<FileResult> {
  const { io, reporter, progress } = opts;
  async function* files(): AsyncGenerator<SourceFile> {
    for await (const d of discoverFiles(opts.inputs, { cwd: io.cwd, prune: opts.prune, signal: io.signal })) {
      if (d.type === "error") reporter.error(d.path, d.message);
      else if (d.type === "skipped") {
        if (d.reason === "not a CloudTrail file" || d.reason.includes("folder")) stats.unrelated++;
        else stats.pruned++;
        if (opts.debug) reporter.warn(d.path, `skipped${d.isDir ? " directory" : ""}: ${d.reason}`);
      } else {
        stats.filesFound++;
        yield d.file;
      }
    }
  }
  const job = opts.checkAll ? { ...opts.job, checkAll: true } : opts.job;
  if (opts.debug) {
    const required = job.checkAll ? undefined : requiredTextOf(job.filter);
    if (required) reporter.warn(undefined, prefilterNote(required.groups));
  }
  const results = readFiles(files(), job, {
    threads: opts.threads,
    cwd: io.cwd,
    signal: io.signal,
    readStdin: () => readAll(io.stdin, io.signal),
  });
  for await (const r of results) {
    stats.bytesRead += r.bytesRead;
    stats.bytesInflated += r.bytesInflated;
    if (r.status === "error") {
      stats.filesErrored++;
      reporter.error(r.path, r.message ?? "cannot read");
    } else if (r.status === "skipped") {
      stats.unrelated++;
      if (opts.debug) reporter.warn(r.path, `skipped: ${r.message ?? ""}`);
    } else {
      // A file streamed in parts (stream-file.ts) is counted once, at its last part.
      if (!r.part) stats.filesRead++;
      stats.records += r.records;
      if (r.parsed !== undefined) stats.unparsed += r.records - r.parsed;
      stats.matched += r.matched;
      for (const w of r.warnings) reporter.warn(r.path, w);
      for (const e of r.errors ?? []) reporter.error(r.path, e);
      for (const p of r.problems) reporter.error(r.path, `record ${p.index}: ${p.message}`);
      if (r.problemCount > r.problems.length)
        reporter.error(r.path, `${r.problemCount - r.problems.length} more records with problems`);
    }
    progress.update({
      filesDone: stats.filesRead + stats.filesErrored + stats.unrelated,
      filesFound: stats.filesFound,
      events: stats.matched,
      bytesInflated: stats.bytesInflated,
    });
    yield r;
  }
  progress.clear();
  // Discovery stops quietly on an abort; the command must not go on to report a partial result.
  if (io.signal.aborted) throw new AbortedError();
}

/** The --debug line naming the strings a record's text must hold to be parsed. */
function prefilterNote(groups: readonly (readonly string[])[]): string {
  const holds = groups.map((g) => g.map((s) => JSON.stringify(s)).join(" or ")).join(", and ");
  return `parsing only the records whose text holds ${holds} (--check-all parses every record)`;
}

/** The --stats line: what was read and how fast. */
export function formatStats(stats: ScanStats, elapsedMs: number): string {
  const secs = Math.max(elapsedMs, 1) / 1000;
  const mb = stats.bytesInflated / 1e6;
  return (
    `stats: files read ${stats.filesRead} (errors ${stats.filesErrored}, ruled out by path ${stats.pruned}, not CloudTrail ${stats.unrelated}), ` +
    `records ${stats.records}${stats.unparsed > 0 ? ` (${stats.unparsed} not parsed: their text cannot match)` : ""}, matched ${stats.matched}, ${mb.toFixed(1)} MB decompressed in ${secs.toFixed(2)} s (${(mb / secs).toFixed(0)} MB/s)`
  );
}

/** Explains an empty run on stderr; returns true when it is an error (nothing readable at all). */
export function explainEmptyScan(stats: ScanStats, reporter: Reporter, inputs: readonly string[]): boolean {
  if (stats.filesRead > 0 || stats.filesErrored > 0) return false;
  if (stats.pruned > 0) {
    reporter.note(
      `no log file was read: ${stats.pruned} files or folders were ruled out by their path (--since/--until/--account/--region); use --debug to list them`,
    );
    return false;
  }
  reporter.error(inputs.join(" "), "no CloudTrail log files found");
  return true;
}

/** What one reading command's run holds: its messages, progress line, counts and results. */
export interface ScanRun {
  reporter: Reporter;
  progress: Progress;
  stats: ScanStats;
  /** Epoch ms at the start, for --stats. */
  started: number;
  results: AsyncGenerator<FileResult>;
}

/** Starts reading for a command, with the message, progress and pruning its run flags ask for. */
export function startScan(
  io: Io,
  run: RunSettings,
  inputs: readonly string[],
  window: Window,
  kinds: LayoutKind[],
  job: Job,
): ScanRun {
  const reporter = new Reporter(io, run.quiet);
  const progress = new Progress(io, run.progress);
  reporter.onBeforeWrite(() => progress.clear());
  const stats = newStats();
  const started = Date.now();
  const results = scan(
    { inputs, prune: pruneSpecOf(window, kinds), job, threads: run.threads, io, reporter, progress, debug: run.debug, checkAll: run.checkAll },
    stats,
  );
  return { reporter, progress, stats, started, results };
}
