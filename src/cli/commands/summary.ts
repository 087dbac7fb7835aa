// `ct summary`: the first look at a bucket. Totals, top principals / event names / services /
// IPs / user agents / regions / accounts / error codes, an events-over-time histogram, and with
// --by one section per user, role, IP, service, region, account or error. Aggregation runs per
// file in the reader pool (query/aggregates.ts); this file declares flags, merges and lays out.
import type { ChalkInstance } from "chalk";
import { type Command, Option } from "commander";
import { UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { CATEGORIES } from "../../model/classify.js";
import { csvLine as csvRow } from "../../output/csv.js";
import { sanitizeTerminal } from "../../output/sanitize.js";
import { Sink } from "../../output/sink.js";
import { makeChalk } from "../../output/style.js";
import type { FilterSpec } from "../../query/filter-spec.js";
import type { HistogramResult } from "../../query/histogram.js";
import {
  BY_DIMENSIONS,
  type ByDimension,
  type SectionResult,
  type Summary,
  type SummaryResult,
  type TopEntry,
  type TopEventName,
  type TopPrincipal,
  finishSummary,
  mergeSummaries,
  newSummary,
} from "../../query/summary.js";
import { EventIdSet, MAX_TRACKED_IDS, randomSeeds } from "../../query/event-id-set.js";
import type { Job } from "../../read/job.js";
import type { CommandContext } from "../context.js";
import {
  EXIT_CODES_HELP,
  type RawRun,
  type RawWindow,
  addRunOptions,
  addWindowOptions,
  REPORT_FORMATS,
  type ReportFormat,
  parseCount,
  resolveReportFormat,
  resolveRun,
  resolveWindow,
} from "../options.js";
import { explainEmptyScan, formatStats, startScan } from "../scan.js";
import { count, heading, num, pct, renderTable } from "../../output/report-table.js";

interface RawSummary extends RawWindow, RawRun {
  output?: string;
  top: string;
  by?: string;
  sections: string;
  interval: string;
}

export interface SummaryCommandOptions {
  inputs: string[];
  filter: FilterSpec;
  format: Exclude<ReportFormat, "ndjson">;
  top: number;
  by: ByDimension | undefined;
  /** Sections listed with --by; 0 = all. */
  sections: number;
  interval: "auto" | "hour" | "day";
  run: ReturnType<typeof resolveRun>;
  window: ReturnType<typeof resolveWindow>;
}

/** Turns raw flags into typed options; every problem is a UsageError naming its flag. */
export function resolveSummary(inputs: string[], raw: RawSummary, io: Io): SummaryCommandOptions {
  const window = resolveWindow(raw, io.now());
  const run = resolveRun(raw, io);
  const format = resolveReportFormat(raw.output);
  if (format === "ndjson") throw new UsageError("a summary is one document: use --output json (or text, table, csv)", "--output");
  // Every category: the filter's default, like LookupEvents, leaves Insights events out.
  const filter: FilterSpec = { category: [...CATEGORIES] };
  if (window.accounts) filter.account = window.accounts;
  if (window.regions) filter.region = window.regions;
  if (window.since !== undefined) filter.since = window.since;
  if (window.until !== undefined) filter.until = window.until;
  return {
    inputs,
    filter,
    format,
    top: parseCount(raw.top, "--top"),
    by: raw.by as ByDimension | undefined,
    sections: parseCount(raw.sections, "--sections", 0),
    interval: raw.interval as "auto" | "hour" | "day",
    run,
    window,
  };
}

// ---- rendering ------------------------------------------------------------------------------

const SPARK = "▁▂▃▄▅▆▇█";
/** Up to this many buckets are drawn as one bar per line; more become a sparkline. */
const MAX_BAR_LINES = 48;
const BAR_WIDTH = 40;

function bucketLabel(start: string, interval: "hour" | "day"): string {
  return interval === "hour" ? `${start.slice(0, 13).replace("T", " ")}:00` : start.slice(0, 10);
}

/** Draws the histogram: bars when short, a wrapped sparkline otherwise. */
export function drawHistogram(h: HistogramResult, chalk: ChalkInstance, width: number): string {
  if (h.buckets.length === 0) return chalk.dim("no timed events\n");
  const max = Math.max(...h.buckets.map((b) => b.count));
  if (h.buckets.length <= MAX_BAR_LINES && !h.sparse) {
    const countWidth = num(max).length;
    return h.buckets
      .map((b) => {
        const len = max === 0 ? 0 : Math.round((b.count / max) * BAR_WIDTH);
        const bar = b.count > 0 && len === 0 ? "▏" : "█".repeat(len);
        return `${chalk.dim(bucketLabel(b.start, h.interval))}  ${num(b.count).padStart(countWidth)}  ${chalk.cyan(bar)}`;
      })
      .join("\n")
      .concat("\n");
  }
  const chars = h.buckets.map((b) => (b.count === 0 ? " " : SPARK[Math.min(SPARK.length - 1, Math.floor((b.count / max) * (SPARK.length - 1)))]!));
  const lineWidth = Math.max(20, Math.min(width, 120) - 2);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += lineWidth) lines.push(chalk.cyan(chars.slice(i, i + lineWidth).join("")));
  const first = bucketLabel(h.buckets[0]!.start, h.interval);
  const last = bucketLabel(h.buckets.at(-1)!.start, h.interval);
  const note = h.sparse ? " (only non-empty buckets: the span is too long to fill in)" : "";
  return `${lines.join("\n")}\n${chalk.dim(`${first} … ${last}, one mark per ${h.interval}, peak ${num(max)}${note}`)}\n`;
}

const TABLES: ReadonlyArray<[keyof SummaryResult["top"], string, string]> = [
  ["principals", "Top principals", "PRINCIPAL"],
  ["eventNames", "Top event names", "EVENT"],
  ["eventSources", "Top event sources", "EVENT SOURCE"],
  ["sourceIPs", "Top source IPs", "SOURCE IP"],
  ["userAgents", "Top user agents", "USER AGENT"],
  ["regions", "Top regions", "REGION"],
  ["accounts", "Top accounts", "ACCOUNT"],
  ["errorCodes", "Top error codes", "ERROR CODE"],
  ["principalTypes", "Principal types", "TYPE"],
  ["eventTypes", "Event types", "EVENT TYPE"],
];

function topRows(name: keyof SummaryResult["top"], entries: readonly (TopEntry | TopPrincipal | TopEventName)[]): { head: string[]; rows: string[][] } {
  if (name === "principals") {
    return {
      head: ["PRINCIPAL", "TYPE", "EVENTS", "SHARE"],
      rows: (entries as TopPrincipal[]).map((e) => [e.principal, e.principalType, num(e.count), pct(e.share)]),
    };
  }
  if (name === "eventNames") {
    return {
      head: ["EVENT", "EVENT SOURCE", "EVENTS", "SHARE"],
      rows: (entries as TopEventName[]).map((e) => [e.eventName, e.eventSource, num(e.count), pct(e.share)]),
    };
  }
  return { head: [], rows: (entries as TopEntry[]).map((e) => [e.value, num(e.count), pct(e.share)]) };
}

function list(entries: readonly { count: number }[], label: (e: never) => string): string {
  return entries.map((e) => `${sanitizeTerminal(label(e as never))} (${num(e.count)})`).join(", ") || "-";
}

function renderSection(s: SectionResult, chalk: ChalkInstance): string {
  const when = s.firstEventTime ? `${s.firstEventTime} → ${s.lastEventTime}` : "no timed events";
  const errors = s.errors > 0 ? chalk.red(count(s.errors, "error")) : "0 errors";
  return (
    `${chalk.bold(sanitizeTerminal(s.value))}  ${count(s.events, "event")}, ${errors}, ${chalk.dim(when)}\n` +
    `  services:   ${list(s.eventSources, (e: TopEntry) => e.value)}\n` +
    `  events:     ${list(s.eventNames, (e: TopEventName) => e.eventName)}\n` +
    `  IPs:        ${list(s.sourceIPs, (e: TopEntry) => e.value)}\n` +
    `  principals: ${list(s.principals, (e: TopPrincipal) => e.principal)}\n` +
    `  errors:     ${list(s.errorCodes, (e: TopEntry) => e.value)}\n`
  );
}

function renderSummary(r: SummaryResult, opts: SummaryCommandOptions, chalk: ChalkInstance, width: number): string {
  const f = opts.format as "text" | "table";
  const t = r.totals;
  let out = `${chalk.bold("Summary")}  ${count(t.events, "event")} in ${count(t.files, "file")}, ${count(t.accounts, "account")}, ${count(t.regions, "region")}, ${count(t.principals, "principal")}\n`;
  out += t.firstEventTime ? `First event ${t.firstEventTime}, last ${t.lastEventTime}\n` : "No event has a valid time\n";
  if (t.untimed > 0) out += chalk.yellow(`${count(t.untimed, "event")} without a valid eventTime\n`);
  const errShare = t.events === 0 ? 0 : t.errors / t.events;
  out += `Errors ${t.errors > 0 ? chalk.red(num(t.errors)) : "0"} (${pct(errShare)})\n`;
  out += `Categories  ${Object.entries(r.categories).map(([c, n]) => `${c} ${num(n)}`).join(", ")}\n`;
  out += `Read/write  read ${num(r.readWrite.read)}, write ${num(r.readWrite.write)}, unknown ${num(r.readWrite.unknown)}\n`;
  out += heading(chalk, `Events per ${r.histogram.interval}`);
  out += drawHistogram(r.histogram, chalk, width);
  for (const [name, title, col] of TABLES) {
    const entries = r.top[name];
    if (entries.length === 0) continue;
    const { head, rows } = topRows(name, entries);
    out += heading(chalk, title);
    out += renderTable(f, chalk, head.length ? head : [col, "EVENTS", "SHARE"], rows, head.length ? ["l", "l", "r", "r"] : ["l", "r", "r"]);
  }
  if (r.sections) {
    const s = r.sections;
    out += heading(chalk, `By ${s.by}: ${count(s.items.length + s.omittedSections, "value")}`);
    for (const item of s.items) out += renderSection(item, chalk);
    if (s.omittedSections > 0 || s.omittedEvents > 0)
      out += chalk.dim(`… ${count(s.omittedSections, "more value")} (${count(s.omittedEvents, "event")}); --sections 0 lists all\n`);
    if (s.unassigned > 0) out += chalk.dim(`${count(s.unassigned, "event")} without a ${s.by}\n`);
  }
  if (r.approximate) out += chalk.yellow("\nnote: some tables had too many distinct values to count exactly; their counts are lower bounds\n");
  return out;
}

function csvOf(r: SummaryResult, terminal: boolean): string {
  const csvLine = (cells: readonly string[]) => csvRow(cells, { terminal });
  if (r.sections) {
    const join = (xs: readonly { count: number }[], label: (e: never) => string) => xs.map((x) => `${label(x as never)}=${x.count}`).join(";");
    return (
      csvLine(["by", "value", "events", "errors", "firstEventTime", "lastEventTime", "eventSources", "eventNames", "sourceIPs", "principals", "errorCodes"]) +
      r.sections.items
        .map((s) =>
          csvLine([
            r.sections!.by,
            s.value,
            String(s.events),
            String(s.errors),
            s.firstEventTime ?? "",
            s.lastEventTime ?? "",
            join(s.eventSources, (e: TopEntry) => e.value),
            join(s.eventNames, (e: TopEventName) => `${e.eventSource}:${e.eventName}`),
            join(s.sourceIPs, (e: TopEntry) => e.value),
            join(s.principals, (e: TopPrincipal) => e.principal),
            join(s.errorCodes, (e: TopEntry) => e.value),
          ]),
        )
        .join("")
    );
  }
  let out = csvLine(["table", "value", "detail", "count", "share"]);
  for (const [name] of TABLES) {
    for (const e of r.top[name]) {
      if (name === "principals") {
        const p = e as TopPrincipal;
        out += csvLine([name, p.principal, p.principalType, String(p.count), String(p.share)]);
      } else if (name === "eventNames") {
        const n = e as TopEventName;
        out += csvLine([name, n.eventName, n.eventSource, String(n.count), String(n.share)]);
      } else {
        const x = e as TopEntry;
        out += csvLine([name, x.value, "", String(x.count), String(x.share)]);
      }
    }
  }
  for (const b of r.histogram.buckets) out += csvLine([`histogram-${r.histogram.interval}`, b.start, "", String(b.count), ""]);
  return out;
}

// ---- running --------------------------------------------------------------------------------

/** Runs `ct summary` and returns the exit code. */
export async function runSummary(opts: SummaryCommandOptions, io: Io): Promise<number> {
  const sink = new Sink(io.stdout);
  const chalk = makeChalk(opts.run.colorLevel);
  const idSeeds = randomSeeds();
  const job: Job = {
    filter: opts.filter,
    processor: "summary",
    params: { ...(opts.by ? { by: opts.by } : {}), idSeeds },
    maxInflatedBytes: opts.run.maxInflatedBytes,
  };
  const { reporter, progress, stats, started, results } = startScan(io, opts.run, opts.inputs, opts.window, ["CloudTrail", "CloudTrail-Insight"], job);
  let merged = newSummary(opts.by ? { by: opts.by } : {});
  // Two trails delivering to one bucket log every event twice: count repeated eventIDs across files.
  const seen = new EventIdSet(idSeeds);
  let duplicateEventIds = 0;
  for await (const r of results) {
    const partial = r.output as Summary | undefined;
    if (!partial) continue;
    const h = partial.idHashes;
    for (let i = 0; i + 1 < h.length; i += 2) if (seen.addHash(h[i]!, h[i + 1]!)) duplicateEventIds++;
    merged = mergeSummaries(merged, partial);
  }
  const result = finishSummary(merged, {
    top: opts.top,
    histogram: { interval: opts.interval },
    ...(opts.sections > 0 ? { maxSections: opts.sections } : {}),
    duplicateEventIds,
  });
  if (duplicateEventIds > 0)
    reporter.warn(
      undefined,
      `${duplicateEventIds} ${duplicateEventIds === 1 ? "event repeats" : "events repeat"} an eventID already counted (the same event delivered twice, e.g. by two trails writing to one bucket); every count includes them (ct lookup --dedupe lists each once)`,
    );
  if (seen.saturated)
    reporter.warn(undefined, `more than ${MAX_TRACKED_IDS.toLocaleString("en-US")} distinct eventIDs: the repeated-eventID count is a lower bound`);
  if (opts.format === "json") await sink.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (opts.format === "csv") await sink.write(csvOf(result, io.stdout.isTTY === true));
  else await sink.write(renderSummary(result, opts, chalk, io.stdout.columns ?? 100));
  await sink.flush();
  if (opts.run.stats) reporter.note(formatStats(stats, Date.now() - started));
  if (explainEmptyScan(stats, reporter, opts.inputs)) return 2;
  return reporter.errored ? 2 : 0;
}

const EXAMPLES = `
Examples:
  ct summary ./bucket                       totals, top tables and events over time
  ct summary --top 20 --since 7d ./bucket
  ct summary --by user ./bucket             one section per principal: first/last seen, services, IPs, errors
  ct summary --by ip --sections 0 --output csv ./bucket > ips.csv
  ct summary --output json ./bucket | jq '.top.errorCodes'

--output json prints one document: totals, categories, readWrite, top (principals, eventNames,
eventSources, sourceIPs, userAgents, regions, accounts, errorCodes, principalTypes, eventTypes;
each entry with count and share), histogram {interval, buckets[{start, count}], sparse, untimed},
sections (with --by: by, items[], omittedSections, omittedEvents, unassigned) and approximate.
--output csv prints the top tables in long form (table,value,detail,count,share) and the
histogram, or with --by one row per section. Tables keep exact counts for 10,000 distinct values
each (sections: 1,000 values); past that the rarest are folded away and "approximate" is true.`;

/** Declares `ct summary`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("summary")
    .description("totals, top principals, events, services, IPs, user agents, regions, accounts and errors, and events over time")
    .argument("[PATH...]", "directories, files or globs of exported CloudTrail logs; - for stdin", ["."])
    .addOption(new Option("-o, --output <FORMAT>", `output format: ${REPORT_FORMATS.filter((f) => f !== "ndjson").join(", ")}`).default("text"))
    .option("--top <N>", "rows per top table", "10")
    .addOption(new Option("--by <WHAT>", "one section per value").choices([...BY_DIMENSIONS]))
    .option("--sections <N>", "with --by: sections listed, most active first (0 = all)", "25")
    .addOption(new Option("--interval <SIZE>", "histogram bucket size").choices(["auto", "hour", "day"]).default("auto"));
  addWindowOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (paths: string[], raw: RawSummary) => {
    const opts = resolveSummary(paths, raw, ctx.io);
    ctx.setExitCode(await runSummary(opts, ctx.io));
  });
}
