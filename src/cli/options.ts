// Flags shared by the reading commands (window, account/region, threads, colour, limits) and the
// helpers that turn commander's raw strings into typed values, throwing UsageError naming the flag.
// Syntax is checked here; what flags mean together is checked by each command.
import os from "node:os";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { DEFAULT_MAX_INFLATED_BYTES } from "../read/decode.js";
import type { LayoutKind } from "../source/s3-layout.js";
import type { PruneSpec } from "../source/prune.js";
import { type ColorMode, colorLevel } from "../output/style.js";
import { TIME_FORMS, parseTimeArg } from "./time-arg.js";

/** Commander collector for a repeatable flag: every occurrence adds one value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Collector for repeatable flags whose values never contain commas: `--region a,b --region c`. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const parts = value.split(",").map((v) => v.trim()).filter((v) => v.length > 0);
  return [...(previous ?? []), ...parts];
}

/** Adds --since/--until (and the AWS CLI's --start-time/--end-time), --account and --region. */
export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option("--since <TIME>", `only events at or after TIME: ${TIME_FORMS}`)
    .option("--until <TIME>", "only events at or before TIME (a date alone means the end of that day)")
    .addOption(new Option("--start-time <TIME>", "same as --since (AWS CLI spelling)").hideHelp())
    .addOption(new Option("--end-time <TIME>", "same as --until (AWS CLI spelling)").hideHelp())
    .option("--account <ID>", "only this account (repeatable, or comma-separated)", collectList)
    .option("--region <REGION>", "only this region (repeatable, or comma-separated)", collectList);
}

/** Adds the flags about how ct runs: threads, colour, quiet, debug, progress, inflate limit. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option("-j, --threads <N>", "worker threads (default: all cores; 1 reads inline)")
    .addOption(new Option("--color <WHEN>", "colour output").choices(["auto", "always", "never"]).default("auto"))
    .option("-q, --quiet", "hide warnings (errors are still printed)")
    .option("--debug", "list every file and folder skipped, with the reason")
    .option("--stats", "print what was read (files, records, MB, MB/s) on stderr at the end")
    .option("--no-progress", "never show the progress line")
    .option("--max-inflate <SIZE>", "refuse files that decompress beyond SIZE (e.g. 512MiB, 2GiB)", "2GiB");
}

/** The flag of commands with value filters: check every record, not only those that can match. */
export const CHECK_ALL_FLAG = "--check-all";
export const CHECK_ALL_HELP =
  "parse and check every record (by default, value filters such as --user skip the records whose text cannot match)";

export interface RawWindow {
  since?: string;
  until?: string;
  startTime?: string;
  endTime?: string;
  account?: string[];
  region?: string[];
}

export interface Window {
  since: number | undefined;
  until: number | undefined;
  accounts: string[] | undefined;
  regions: string[] | undefined;
}

function timeFlag(value: string | undefined, flag: string, now: Date, edge: "start" | "end"): number | undefined {
  if (value === undefined) return undefined;
  const t = parseTimeArg(value, now, edge);
  if (t === undefined) throw new UsageError(`cannot parse "${value}": use ${TIME_FORMS}`, flag);
  return t;
}

/** Resolves the window flags; `--since` after `--until` is a usage error. */
export function resolveWindow(raw: RawWindow, now: Date): Window {
  if (raw.since !== undefined && raw.startTime !== undefined) throw new UsageError("give --since or --start-time, not both", "--since");
  if (raw.until !== undefined && raw.endTime !== undefined) throw new UsageError("give --until or --end-time, not both", "--until");
  const sinceFlag = raw.since !== undefined ? "--since" : "--start-time";
  const untilFlag = raw.until !== undefined ? "--until" : "--end-time";
  const since = timeFlag(raw.since ?? raw.startTime, sinceFlag, now, "start");
  const until = timeFlag(raw.until ?? raw.endTime, untilFlag, now, "end");
  if (since !== undefined && until !== undefined && since > until)
    throw new UsageError(`${new Date(since).toISOString()} is after ${untilFlag} ${new Date(until).toISOString()}`, sinceFlag);
  for (const a of raw.account ?? [])
    if (!/^\d{12}$/.test(a)) throw new UsageError(`"${a}" is not a 12-digit AWS account id`, "--account");
  return { since, until, accounts: raw.account, regions: raw.region };
}

/** Path pruning from a window, for the given layout folders. */
export function pruneSpecOf(w: Window, kinds: LayoutKind[]): PruneSpec {
  return {
    kinds: new Set(kinds),
    ...(w.accounts ? { accounts: new Set(w.accounts) } : {}),
    ...(w.regions ? { regions: new Set(w.regions) } : {}),
    ...(w.since !== undefined ? { since: w.since } : {}),
    ...(w.until !== undefined ? { until: w.until } : {}),
  };
}

export interface RawRun {
  threads?: string;
  color: string;
  quiet?: boolean;
  debug?: boolean;
  stats?: boolean;
  progress: boolean;
  maxInflate: string;
  checkAll?: boolean;
}

export const MAX_THREADS = 256;

export interface RunSettings {
  threads: number;
  color: ColorMode;
  quiet: boolean;
  debug: boolean;
  stats: boolean;
  progress: boolean;
  maxInflatedBytes: number;
  /** Parse and check every record, even those a value filter rules out by their text. */
  checkAll: boolean;
  /** Chalk level for stdout. */
  colorLevel: 0 | 1 | 2 | 3;
}

/** Parses a positive integer flag value. */
export function parseCount(value: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`"${value}" is not a whole number`, flag);
  const n = Number(value);
  if (n < min) throw new UsageError(`must be at least ${min}`, flag);
  return n;
}

/** Parses sizes such as `512MiB`, `2GiB`, `100MB`, `1048576`. */
export function parseSize(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|k|m|g)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`"${value}" is not a size (e.g. 512MiB, 2GiB)`, flag);
  const unit = (m[2] ?? "b").toLowerCase();
  const mult: Record<string, number> = {
    b: 1, k: 1024, kib: 1024, kb: 1000, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6, g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9,
  };
  const n = Math.floor(Number(m[1]) * mult[unit]!);
  if (n <= 0) throw new UsageError("must be positive", flag);
  return n;
}

/** Resolves the run flags against the environment (cores, terminal, NO_COLOR/FORCE_COLOR). */
export function resolveRun(raw: RawRun, io: Io): RunSettings {
  const auto = Math.max(1, os.availableParallelism());
  const threads = raw.threads === undefined ? auto : parseCount(raw.threads, "--threads", 0) || auto;
  // Each worker holds a few decompressed files; far more workers than cores only costs memory.
  if (threads > MAX_THREADS) throw new UsageError(`at most ${MAX_THREADS} threads`, "--threads");
  const color = raw.color as ColorMode;
  return {
    threads,
    color,
    quiet: raw.quiet === true,
    debug: raw.debug === true,
    stats: raw.stats === true,
    progress: raw.progress !== false && io.stderr.isTTY === true,
    maxInflatedBytes: raw.maxInflate ? parseSize(raw.maxInflate, "--max-inflate") : DEFAULT_MAX_INFLATED_BYTES,
    checkAll: raw.checkAll === true,
    colorLevel: colorLevel(color, io.stdout.isTTY === true, io.env),
  };
}

export const EXIT_CODES_HELP = `
Exit status:
  0    success (also when nothing matched)
  1    the answer is negative (validate-logs: invalid or missing files; check: findings; lookup -e: no match)
  2    usage error, or an input file that could not be read (the other files are still read)
  130  interrupted (Ctrl-C)
A closed output pipe (ct ... | head) ends the run quietly with 0.`;

/** The --output formats of the report commands (classify, summary). */
export const REPORT_FORMATS = ["text", "table", "json", "ndjson", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses the output format flag shared by the report commands. */
export function resolveReportFormat(value: string | undefined): ReportFormat {
  const format = (value ?? "text") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`"${value}" is not one of ${REPORT_FORMATS.join(", ")}`, "--output");
  return format;
}
