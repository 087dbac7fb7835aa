// `ct classify`: the shape of a bucket by category × read/write × event source, with --explain
// (which rule decided), --cost (trail charges under published prices), --top-resources (what
// produces data events, with --selectors to keep only those). Aggregation runs per file in the
// reader pool (query/aggregates.ts); this file declares flags, merges partials and lays out.
import type { ChalkInstance } from "chalk";
import { type Command, Option } from "commander";
import { UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { CATEGORIES, describeCategoryRule, describeReadWriteRule } from "../../model/classify.js";
import { csvLine as csvRow } from "../../output/csv.js";
import { sanitizeJsonForTerminal, sanitizeTerminal } from "../../output/sanitize.js";
import { Sink } from "../../output/sink.js";
import { count, heading, num, pct, renderTable } from "../../output/report-table.js";
import { makeChalk } from "../../output/style.js";
import { type ClassifyPartial, mergeClassifyPartials, newClassifyPartial } from "../../query/aggregates.js";
import { type BreakdownResult, finishBreakdown } from "../../query/breakdown.js";
import { CLOUDTRAIL_PRICES, type CostEstimate, type CostOptions, type InsightsAssumption, estimateCost } from "../../query/cost.js";
import {
  type DataResourcesResult,
  type SelectorsResult,
  advancedEventSelectors,
  finishDataResources,
} from "../../query/data-resources.js";
import type { FilterSpec } from "../../query/filter-spec.js";
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


interface RawClassify extends RawWindow, RawRun {
  output?: string;
  top: string;
  explain?: boolean;
  cost?: boolean;
  managementCopy?: string;
  insights?: string;
  priceManagement?: string;
  priceData?: string;
  priceNetwork?: string;
  priceInsights?: string;
  topResources?: string;
  selectors?: boolean;
}

export interface ClassifyOptions {
  inputs: string[];
  filter: FilterSpec;
  format: ReportFormat;
  /** Event sources shown per category in text and table output; 0 = all. */
  top: number;
  explain: boolean;
  /** Set with --cost (or any price/assumption flag). */
  cost: CostOptions | undefined;
  /** Set with --top-resources or --selectors. */
  topResources: number | undefined;
  selectors: boolean;
  run: ReturnType<typeof resolveRun>;
  window: ReturnType<typeof resolveWindow>;
}

/** The whole `--output json` document. */
export interface ClassifyReport extends BreakdownResult {
  cost?: CostEstimate;
  topResources?: DataResourcesResult;
  selectors?: SelectorsResult;
}

function parseUsd(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`"${value}" is not a price in USD per 100,000 events (e.g. 0.10)`, flag);
  return Number(value);
}


/** Turns raw flags into typed options; every problem is a UsageError naming its flag. */
export function resolveClassify(inputs: string[], raw: RawClassify, io: Io): ClassifyOptions {
  const window = resolveWindow(raw, io.now());
  const run = resolveRun(raw, io);
  const format = resolveReportFormat(raw.output);
  const prices = {
    managementAdditionalCopy: parseUsd(raw.priceManagement, "--price-management"),
    data: parseUsd(raw.priceData, "--price-data"),
    networkActivity: parseUsd(raw.priceNetwork, "--price-network"),
    insightsAnalyzed: parseUsd(raw.priceInsights, "--price-insights"),
  };
  const costWanted =
    raw.cost === true ||
    raw.managementCopy !== undefined ||
    raw.insights !== undefined ||
    Object.values(prices).some((p) => p !== undefined);
  const cost: CostOptions | undefined = costWanted
    ? {
        managementCopy: (raw.managementCopy ?? "first") as "first" | "additional",
        insights: (raw.insights ?? "auto") as InsightsAssumption | "auto",
        prices: Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined)),
      }
    : undefined;
  const topResources =
    raw.topResources !== undefined ? parseCount(raw.topResources, "--top-resources") : raw.selectors ? 10 : undefined;
  if (format === "csv") {
    const tables = [costWanted, topResources !== undefined, raw.explain === true].filter(Boolean).length;
    if (tables > 1) throw new UsageError("csv holds one table: choose one of --cost, --top-resources, --explain", "--output");
    if (raw.selectors) throw new UsageError("selectors are JSON: use --output text or json with --selectors", "--selectors");
  }
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
    top: parseCount(raw.top, "--top", 0),
    explain: raw.explain === true,
    cost,
    topResources,
    selectors: raw.selectors === true,
    run,
    window,
  };
}

// ---- layout helpers (shared with summary.ts) -------------------------------------------------

/** A money amount in USD. */
function usd(n: number | null): string {
  if (n === null) return "-";
  // Small samples cost fractions of a cent: keep two significant digits rather than print $0.00.
  return n < 0.01 && n > 0 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
}

// ---- rendering ------------------------------------------------------------------------------

function renderBreakdown(b: BreakdownResult, opts: ClassifyOptions, chalk: ChalkInstance, format: "text" | "table"): string {
  const span = b.firstEventTime ? `, ${b.firstEventTime} to ${b.lastEventTime}` : "";
  let out = `${chalk.bold("Events by category")}  ${count(b.total, "event")}${span}\n`;
  out += renderTable(
    format,
    chalk,
    ["CATEGORY", "EVENTS", "SHARE", "READ", "WRITE", "UNKNOWN"],
    b.categories.map((c) => [c.category, num(c.count), pct(c.share), num(c.read), num(c.write), num(c.unknown)]),
    ["l", "r", "r", "r", "r", "r"],
  );
  for (const cat of b.categories) {
    if (cat.count === 0) continue;
    const rows = b.rows.filter((r) => r.category === cat.category);
    const shown = opts.top === 0 ? rows : rows.slice(0, opts.top);
    out += heading(chalk, `${cat.category}: ${count(cat.count, "event")} by read/write and event source`);
    out += renderTable(
      format,
      chalk,
      ["READ/WRITE", "EVENT SOURCE", "EVENTS", "SHARE"],
      shown.map((r) => [r.readWrite, r.eventSource, num(r.count), pct(r.share)]),
      ["l", "l", "r", "r"],
    );
    if (shown.length < rows.length) out += chalk.dim(`… ${count(rows.length - shown.length, "more row")} (--top 0 shows all)\n`);
  }
  if (b.approximate) out += chalk.yellow("\nnote: too many distinct event sources to count exactly; counts per source are lower bounds\n");
  return out;
}

function renderExplain(b: BreakdownResult, chalk: ChalkInstance, format: "text" | "table"): string {
  let out = heading(chalk, "How each event's category was decided");
  out += renderTable(
    format,
    chalk,
    ["CATEGORY", "RULE", "EVENTS", "MEANING"],
    b.rules.category.map((r) => [r.category, r.rule, num(r.count), describeCategoryRule(r.rule)]),
    ["l", "l", "r", "l"],
  );
  out += heading(chalk, "How read/write was decided");
  out += renderTable(
    format,
    chalk,
    ["READ/WRITE", "RULE", "EVENTS", "MEANING"],
    b.rules.readWrite.map((r) => [r.readWrite, r.rule, num(r.count), describeReadWriteRule(r.rule)]),
    ["l", "l", "r", "l"],
  );
  return out;
}

function renderCost(c: CostEstimate, chalk: ChalkInstance, format: "text" | "table"): string {
  let out = heading(chalk, "Estimated CloudTrail charges for these events");
  out += renderTable(
    format,
    chalk,
    ["ITEM", "EVENTS", "USD/100K", "COST", "NOTE"],
    c.lines.map((l) => [l.item, num(l.events), l.pricePer100k === null ? "-" : l.pricePer100k.toFixed(2), usd(l.cost), l.note ?? ""]),
    ["l", "r", "r", "r", "l"],
  );
  out += `${chalk.bold("Total")} ${usd(c.total)}`;
  if (c.spanDays !== undefined) out += ` over ${c.spanDays.toFixed(1)} days of events`;
  if (c.per30Days !== undefined) out += `, about ${usd(c.per30Days)} per 30 days at this rate`;
  out += "\n";
  out += chalk.dim(
    `Assumptions: prices in ${c.currency} per 100,000 events from ${c.source} (checked ${c.checked}); ` +
      `management events are the ${c.assumptions.managementCopy} copy (--management-copy); Insights: ${c.assumptions.insights} (--insights). ` +
      `Override prices with --price-management, --price-data, --price-network, --price-insights. Trail delivery only: S3 storage, KMS and CloudWatch are not included.\n`,
  );
  return out;
}

function renderResources(r: DataResourcesResult, chalk: ChalkInstance, format: "text" | "table"): string {
  let out = heading(chalk, `Resources producing data events (${count(r.dataEvents, "data event")})`);
  if (r.rows.length === 0) return `${out}${chalk.dim("no data events with a named resource\n")}`;
  out += renderTable(
    format,
    chalk,
    ["RESOURCE", "TYPE", "EVENTS", "SHARE", "READ", "WRITE"],
    r.rows.map((x) => [x.resource, x.type, num(x.events), pct(x.share), num(x.read), num(x.write)]),
    ["l", "l", "r", "r", "r", "r"],
  );
  if (r.unattributed > 0) out += chalk.dim(`${count(r.unattributed, "data event")} named no resource\n`);
  return out;
}

function renderSelectors(s: SelectorsResult, chalk: ChalkInstance): string {
  let out = heading(chalk, "Advanced event selectors logging data events for these resources only");
  out += chalk.dim("aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors file://selectors.json\n");
  out += `${sanitizeJsonForTerminal(JSON.stringify(s.selectors, null, 2))}\n`;
  if (s.skipped.length > 0) out += chalk.yellow(`left out (no ARN in the records): ${s.skipped.map((x) => sanitizeTerminal(x)).join(", ")}\n`);
  if (s.valueCount > 500) out += chalk.yellow(`these selectors use ${s.valueCount} condition values; AWS allows 500 per trail\n`);
  out += chalk.dim("Add a selector for management events if the trail should keep logging them.\n");
  return out;
}

function csvOf(report: ClassifyReport, opts: ClassifyOptions, terminal: boolean): string {
  const csvLine = (cells: readonly string[]) => csvRow(cells, { terminal });
  if (report.cost) {
    return (
      csvLine(["item", "events", "usd_per_100k", "cost_usd", "note"]) +
      report.cost.lines
        .map((l) => csvLine([l.item, String(l.events), l.pricePer100k === null ? "" : String(l.pricePer100k), l.cost === null ? "" : String(l.cost), l.note ?? ""]))
        .join("")
    );
  }
  if (report.topResources) {
    return (
      csvLine(["resource", "type", "eventSource", "events", "share", "read", "write"]) +
      report.topResources.rows
        .map((r) => csvLine([r.resource, r.type, r.eventSource, String(r.events), String(r.share), String(r.read), String(r.write)]))
        .join("")
    );
  }
  if (opts.explain) {
    return (
      csvLine(["decides", "value", "rule", "events"]) +
      report.rules.category.map((r) => csvLine(["category", r.category, r.rule, String(r.count)])).join("") +
      report.rules.readWrite.map((r) => csvLine(["readWrite", r.readWrite, r.rule, String(r.count)])).join("")
    );
  }
  return (
    csvLine(["category", "readWrite", "eventSource", "events", "share"]) +
    report.rows.map((r) => csvLine([r.category, r.readWrite, r.eventSource, String(r.count), String(r.share)])).join("")
  );
}

// ---- running --------------------------------------------------------------------------------

/** Runs `ct classify` and returns the exit code. */
export async function runClassify(opts: ClassifyOptions, io: Io): Promise<number> {
  const sink = new Sink(io.stdout);
  const chalk = makeChalk(opts.run.colorLevel);
  const annotate = opts.format === "ndjson";
  const job: Job = { filter: opts.filter, processor: "classify", params: { annotate }, maxInflatedBytes: opts.run.maxInflatedBytes };
  const { reporter, progress, stats, started, results } = startScan(io, opts.run, opts.inputs, opts.window, ["CloudTrail", "CloudTrail-Insight"], job);
  const merged = newClassifyPartial();
  for await (const r of results) {
    const partial = r.output as ClassifyPartial | undefined;
    if (!partial) continue;
    if (annotate) {
      for (const line of partial.lines) await sink.write(`${line}\n`);
      await sink.flush();
    }
    mergeClassifyPartials(merged, partial);
  }
  if (!annotate) {
    const breakdown = finishBreakdown(merged.breakdown);
    const report: ClassifyReport = { ...breakdown };
    if (opts.cost) report.cost = estimateCost(breakdown, opts.cost);
    if (opts.topResources !== undefined) report.topResources = finishDataResources(merged.resources, opts.topResources);
    if (opts.selectors && report.topResources) report.selectors = advancedEventSelectors(report.topResources.rows);
    if (opts.format === "json") await sink.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (opts.format === "csv") await sink.write(csvOf(report, opts, io.stdout.isTTY === true));
    else {
      const f = opts.format as "text" | "table";
      let out = renderBreakdown(breakdown, opts, chalk, f);
      if (opts.explain) out += renderExplain(breakdown, chalk, f);
      if (report.cost) out += renderCost(report.cost, chalk, f);
      if (report.topResources) out += renderResources(report.topResources, chalk, f);
      if (report.selectors) out += renderSelectors(report.selectors, chalk);
      await sink.write(out);
    }
  }
  await sink.flush();
  if (opts.run.stats) reporter.note(formatStats(stats, Date.now() - started));
  if (explainEmptyScan(stats, reporter, opts.inputs)) return 2;
  return reporter.errored ? 2 : 0;
}

const EXAMPLES = `
Examples:
  ct classify ./bucket                          events by category, read/write and service
  ct classify --explain ./bucket                which rule decided each category (eventCategory, eventType ...)
  ct classify --cost ./bucket                   what these events cost under CloudTrail's prices
  ct classify --cost --management-copy additional --price-data 0.12 ./bucket
  ct classify --top-resources 10 --selectors ./bucket   the buckets/functions/tables behind data events
  ct classify --output ndjson ./bucket | jq -c '{eventName, c: ._ct.category}'

--output json prints one document: total, firstEventTime, lastEventTime, categories[], readWrite,
rows[] (category, readWrite, eventSource, count, share), rules, approximate, and cost,
topResources, selectors when asked for. --output ndjson prints every record as read with its
classification added under the single key "_ct" (category, categoryRule, readWrite,
readWriteRule, eventType, principalType, principal). --output csv prints one table: the rows,
or the --cost, --top-resources or --explain table. --top limits text and table output only.
Prices: ${CLOUDTRAIL_PRICES.currency} per 100,000 events from ${CLOUDTRAIL_PRICES.source} (checked ${CLOUDTRAIL_PRICES.checked}).`;

/** Declares `ct classify`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("classify")
    .description("break events down by category (management, data, network activity, insight, aggregated), read/write and service")
    .argument("[PATH...]", "directories, files or globs of exported CloudTrail logs; - for stdin", ["."])
    .addOption(new Option("-o, --output <FORMAT>", `output format: ${REPORT_FORMATS.join(", ")}`).default("text"))
    .option("--top <N>", "event sources shown per category in text and table output (0 = all)", "10")
    .option("--explain", "show which rule decided the category and read/write, and how often")
    .option("--cost", "estimate CloudTrail charges for these events")
    .addOption(new Option("--management-copy <COPY>", "with --cost: is this trail the first (free) or an additional copy of management events").choices(["first", "additional"]))
    .addOption(new Option("--insights <TYPES>", "with --cost: Insights types assumed on (auto = both when the logs hold Insights events)").choices(["auto", "none", "call-rate", "error-rate", "both"]))
    .option("--price-management <USD>", `with --cost: per 100,000 management events of an additional copy (default ${CLOUDTRAIL_PRICES.managementAdditionalCopy.toFixed(2)})`)
    .option("--price-data <USD>", `with --cost: per 100,000 data events (default ${CLOUDTRAIL_PRICES.data.toFixed(2)})`)
    .option("--price-network <USD>", `with --cost: per 100,000 network activity events (default ${CLOUDTRAIL_PRICES.networkActivity.toFixed(2)})`)
    .option("--price-insights <USD>", `with --cost: per 100,000 events analysed by Insights (default ${CLOUDTRAIL_PRICES.insightsAnalyzed.toFixed(2)})`)
    .option("--top-resources <N>", "the N resources (buckets, functions, tables ...) producing most data events")
    .option("--selectors", "print advanced event selectors that log data events only for the top resources");
  addWindowOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (paths: string[], raw: RawClassify) => {
    const opts = resolveClassify(paths, raw, ctx.io);
    ctx.setExitCode(await runClassify(opts, ctx.io));
  });
}
