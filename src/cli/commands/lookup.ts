// `ct lookup`: who did what, when and from where. Declares the flags (LookupEvents' eight
// attributes and more), turns them into a FilterSpec for the workers, then orders, limits and prints
// the matches. Filtering itself is in src/query; reading in src/read; layout in src/output.
import { type Command, Option } from "commander";
import { UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { CATEGORIES } from "../../model/classify.js";
import type { CloudTrailRecord } from "../../model/event.js";
import { FORMATS, type Format, PRINTERS } from "../../output/index.js";
import type { Row } from "../../output/printer.js";
import { Sink } from "../../output/sink.js";
import { makeChalk } from "../../output/style.js";
import { DEFAULT_COLUMNS, fieldText, fieldValue } from "../../query/columns.js";
import type { FilterSpec } from "../../query/filter-spec.js";
import type { Job } from "../../read/job.js";
import { type EventMatch, type PackedMatches, matchAt, matchCount, unpackMatches } from "../../read/processors.js";
import { ExternalSorter } from "../../sort/external-sort.js";
import { type Keyed, compareKeyed } from "../../sort/order.js";
import { TopN } from "../../sort/top-n.js";
import { EventIdSet, MAX_TRACKED_IDS, randomSeeds } from "../../query/event-id-set.js";
import type { CommandContext } from "../context.js";
import {
  CHECK_ALL_FLAG,
  CHECK_ALL_HELP,
  EXIT_CODES_HELP,
  type RawRun,
  type RawWindow,
  addRunOptions,
  addWindowOptions,
  collect,
  collectList,
  parseCount,
  resolveRun,
  resolveWindow,
} from "../options.js";
import { type RawEventFilter, resolveEventFilter } from "../event-filter.js";
import { explainEmptyScan, formatStats, startScan } from "../scan.js";

/**
 * Repeated eventIDs among events in time order: two copies of one event have the same eventTime,
 * so only the IDs of the current time are kept (exact; memory is the largest same-time group).
 */
class SameTimeIds {
  private time = Number.NaN;
  private started = false;
  private readonly ids = new Set<string>();
  saturated = false;

  isRepeat(t: number, id: string | undefined): boolean {
    if (!this.started || !Object.is(t, this.time)) {
      this.started = true;
      this.time = t;
      this.ids.clear();
    }
    if (id === undefined) return false;
    if (this.ids.has(id)) return true;
    if (this.ids.size < MAX_TRACKED_IDS) this.ids.add(id);
    else this.saturated = true;
    return false;
  }
}

/** Rows a table is capped at when no --limit is given: it is buffered by nature. */
const TABLE_DEFAULT_LIMIT = 1000;

interface RawLookup extends RawEventFilter, RawWindow, RawRun {
  limit?: string;
  sort: string;
  output?: string;
  fields?: string;
  exitStatus?: boolean;
  dedupe?: boolean;
}

export interface LookupOptions {
  inputs: string[];
  filter: FilterSpec;
  limit: number | undefined;
  sort: "desc" | "asc" | "none";
  format: Format;
  fields: string[];
  projected: boolean;
  exitStatus: boolean;
  /** Print an event once when its eventID was already printed (two trails, one bucket). */
  dedupe: boolean;
  run: ReturnType<typeof resolveRun>;
  window: ReturnType<typeof resolveWindow>;
}

/** Turns raw flags into typed options; every problem is a UsageError naming its flag. */
export function resolveLookup(inputs: string[], raw: RawLookup, io: Io): LookupOptions {
  const window = resolveWindow(raw, io.now());
  const run = resolveRun(raw, io);
  const filter = resolveEventFilter(raw, window);

  if (!["desc", "asc", "none"].includes(raw.sort)) throw new UsageError(`"${raw.sort}" is not one of desc, asc, none`, "--sort");
  const format = (raw.output ?? (io.stdout.isTTY ? "text" : "ndjson")) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`"${raw.output}" is not one of ${FORMATS.join(", ")}`, "--output");
  let limit = raw.limit === undefined ? undefined : parseCount(raw.limit, "--limit");
  if (format === "table" && limit === undefined) limit = TABLE_DEFAULT_LIMIT;
  const fields = raw.fields
    ? raw.fields.split(",").map((f) => f.trim()).filter((f) => f.length > 0)
    : [...DEFAULT_COLUMNS];
  if (raw.fields !== undefined && fields.length === 0) throw new UsageError("no field names given", "--fields");
  return {
    inputs,
    filter,
    limit,
    sort: raw.sort as LookupOptions["sort"],
    format,
    fields,
    projected: raw.fields !== undefined,
    exitStatus: raw.exitStatus === true,
    dedupe: raw.dedupe === true,
    run,
    window,
  };
}

function rowOf(json: string, accountId: string | undefined, needs: "json" | "texts" | "values", fields: readonly string[]): Row {
  if (needs === "json") return { json, texts: [], values: [] };
  const record = JSON.parse(json) as CloudTrailRecord;
  const ctx = { accountId };
  if (needs === "texts") return { json, texts: fields.map((f) => fieldText(record, ctx, f)), values: [] };
  return { json, texts: [], values: fields.map((f) => fieldValue(record, ctx, f)) };
}

/** Runs a lookup and returns the exit code. */
export async function runLookup(opts: LookupOptions, io: Io): Promise<number> {
  const sink = new Sink(io.stdout);
  const printer = PRINTERS[opts.format]({
    sink,
    chalk: makeChalk(opts.run.colorLevel),
    columns: opts.fields,
    projected: opts.projected,
    width: io.stdout.columns,
    terminal: io.stdout.isTTY === true,
  });
  const wantInsight = opts.filter.category?.includes("Insight") === true;
  const job: Job = { filter: opts.filter, processor: "events", maxInflatedBytes: opts.run.maxInflatedBytes };
  const { reporter, progress, stats, started, results } = startScan(io, opts.run, opts.inputs, opts.window, wantInsight ? ["CloudTrail", "CloudTrail-Insight"] : ["CloudTrail"], job);

  let printed = 0;
  const limit = opts.limit ?? Infinity;
  const print = async (json: string, accountId: string | undefined) => {
    await printer.write(rowOf(json, accountId, printer.needs, opts.fields));
    printed++;
  };
  // The same event delivered twice (two trails writing to one bucket) is noticed in every mode, in
  // bounded memory (event-id-set.ts); --dedupe prints it once.
  const seen = new EventIdSet(randomSeeds());
  let repeats = 0;
  const isRepeat = (id: string | null | undefined): boolean => {
    if (id == null || !seen.add(id)) return false;
    repeats++;
    return true;
  };
  const sameTime = new SameTimeIds();
  await printer.begin();
  if (opts.sort === "none") {
    try {
      outer: for await (const r of results) {
        for (const m of unpackMatches(r.output as PackedMatches | undefined)) {
          if (printed >= limit) break outer;
          if (isRepeat(m.id) && opts.dedupe) continue;
          await print(m.json, m.accountId);
        }
        sink.soon();
      }
    } catch (err) {
      // Interrupted or failed: what was found so far still goes out, as it would have file by file.
      await sink.flush().catch(() => undefined);
      throw err;
    }
  } else if (opts.limit !== undefined && !opts.dedupe) {
    const order = opts.sort;
    type Item = Keyed & { json: string; accountId: string | undefined };
    const top = new TopN<Item>(opts.limit, (a, b) => compareKeyed(order, a, b) < 0);
    let n = 0;
    for await (const r of results) {
      const packed = r.output as PackedMatches | undefined;
      for (let i = 0; i < matchCount(packed); i++) {
        isRepeat(packed!.ids[i]);
        // Only the events that enter the top N become text (and only they are held).
        const item: Item = { t: packed!.times[i]!, n: n++, json: "", accountId: undefined };
        if (!top.wouldKeep(item)) continue;
        const m: EventMatch = matchAt(packed!, i);
        top.add({ ...item, json: m.json, accountId: m.accountId });
      }
    }
    for (const item of top.sorted()) await print(item.json, item.accountId);
  } else {
    const sorter = new ExternalSorter(opts.sort);
    // The file's account rides along only when the account column is shown and the record names none.
    for await (const r of results) {
      const packed = r.output as PackedMatches | undefined;
      for (let i = 0; i < matchCount(packed); i++) {
        const p = packed!;
        await sorter.addBytes(p.times[i]!, p.bytes, i === 0 ? 0 : p.ends[i - 1]!, p.ends[i]!, p.accountId, p.ids[i] ?? undefined);
      }
    }
    // Sorted, the two copies of an event are next to each other's time: checking IDs within one
    // event time is exact and needs no memory beyond that time's events; a limit then counts
    // distinct events.
    for await (const item of sorter.drain()) {
      if (sameTime.isRepeat(item.t, item.id)) {
        repeats++;
        if (opts.dedupe) continue;
      }
      if (printed >= limit) break;
      await print(item.json, item.accountId);
    }
  }
  await printer.end();
  await sink.flush();

  if (opts.run.stats) reporter.note(formatStats(stats, Date.now() - started));
  if (explainEmptyScan(stats, reporter, opts.inputs)) return 2;
  if (repeats > 0)
    reporter.warn(
      undefined,
      opts.dedupe
        ? `--dedupe: ${repeats} repeated ${repeats === 1 ? "event" : "events"} (an eventID already printed) left out`
        : `${repeats} matching ${repeats === 1 ? "event repeats" : "events repeat"} an eventID already seen (the same event delivered twice, e.g. by two trails writing to one bucket); --dedupe prints each once`,
    );
  if (seen.saturated)
    reporter.warn(undefined, `more than ${MAX_TRACKED_IDS.toLocaleString("en-US")} distinct eventIDs: repeats of events past that number are not noticed`);
  if (sameTime.saturated)
    reporter.warn(undefined, `more than ${MAX_TRACKED_IDS.toLocaleString("en-US")} events share one eventTime: repeats among them past that number are not noticed`);
  if (opts.format === "table" && opts.limit === TABLE_DEFAULT_LIMIT && stats.matched > TABLE_DEFAULT_LIMIT)
    reporter.warn(undefined, `table shows the first ${TABLE_DEFAULT_LIMIT} of ${stats.matched} events; use --limit or another --output`);
  if (reporter.errored) return 2;
  if (opts.exitStatus && printed === 0) return 1;
  return 0;
}

const EXAMPLES = `
Examples:
  ct lookup --user alice --since 7d ./bucket          what alice did in the last 7 days
  ct lookup --event-name ConsoleLogin --error ./bucket  failed console sign-ins
  ct lookup --event-source iam --write-only --output table ./bucket
  ct lookup --category data --resource-name my-bucket ./bucket
  ct lookup --source-ip 203.0.113.0/24 --region us-east-1 --limit 20 ./bucket
  ct lookup --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteTrail ./bucket
  ct lookup --user alice --output ndjson ./bucket | jq -r .eventName | sort | uniq -c
  ct lookup --dedupe ./bucket                         two trails delivering to one bucket: each event once

Flags AND together; a repeated flag ORs its values (--user alice --user bob).
Values match exactly and case-sensitively; * is a wildcard (--event-name 'Delete*').
--user matches userIdentity.userName, the role name (sessionIssuer.userName), the role session
name, a federated user's name, "root" for the root user, and invokedBy for AWS services.
Times are UTC unless they carry an offset. Output defaults to text on a terminal, ndjson in a pipe.`;

/** Declares `ct lookup`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("lookup")
    .description("find events by who, what, when, where (LookupEvents, offline, over every file)")
    .argument("[PATH...]", "directories, files or globs of exported CloudTrail logs; - for stdin", ["."])
    .option("--event-id <ID>", "eventID (repeatable)", collect)
    .option("--event-name <NAME>", "eventName, e.g. ConsoleLogin (repeatable, or comma-separated)", collectList)
    .option("--read-only", "only read-only events")
    .option("--write-only", "only write (mutating) events")
    .option("--user <NAME>", "user, role, role session or service name of the caller (repeatable)", collect)
    .addOption(new Option("--username <NAME>", "same as --user").hideHelp().argParser(collect))
    .option("--resource-type <TYPE>", "resources[].type, e.g. AWS::S3::Bucket (repeatable)", collect)
    .option("--resource-name <NAME>", "resource ARN, name or id (resources[] and requestParameters) (repeatable)", collect)
    .option("--event-source <SOURCE>", "service, e.g. iam or iam.amazonaws.com (repeatable, or comma-separated)", collectList)
    .option("--access-key <ID>", "userIdentity.accessKeyId (repeatable)", collect)
    .option("--source-ip <IP|CIDR>", "sourceIPAddress, an address or a CIDR block (repeatable)", collect)
    .option("--error", "only failed calls (any errorCode); --error=CODE for one code")
    .option("--error-code <CODE>", "only calls that failed with this errorCode (repeatable, wildcards ok)", collectList)
    .option("--no-error", "only successful calls")
    .addOption(
      new Option("--category <NAME>", `event category (repeatable): ${CATEGORIES.map((c) => (c === "NetworkActivity" ? "network" : c.toLowerCase())).join(", ")}`).argParser(collectList),
    )
    .option("--lookup-attributes <ATTR>", "AWS CLI form: AttributeKey=EventName,AttributeValue=ConsoleLogin (repeatable)", collect)
    .option("--limit <N>", "print at most N events")
    .addOption(new Option("--max-items <N>", "same as --limit (AWS CLI spelling)").hideHelp())
    .addOption(new Option("--sort <ORDER>", "desc (newest first), asc, or none (file order, streaming)").default("desc"))
    .addOption(new Option("-o, --output <FORMAT>", `output format: ${FORMATS.join(", ")} (default: text on a terminal, ndjson otherwise)`))
    .option("--fields <LIST>", "columns to print: time,event,user,source,region,resource,ip,error,account,category,type,eventid,accesskey,useragent,arn,readonly,message or record paths (userIdentity.arn)")
    .option("-e, --exit-status", "exit 1 when no event matched")
    .option("--dedupe", "print an event once when its eventID was already printed (two trails delivering to one bucket)")
    .option(CHECK_ALL_FLAG, CHECK_ALL_HELP);
  addWindowOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (paths: string[], raw: RawLookup & { username?: string[]; maxItems?: string }) => {
    if (raw.username) raw.user = [...(raw.user ?? []), ...raw.username];
    if (raw.maxItems !== undefined && raw.limit === undefined) raw.limit = raw.maxItems;
    const opts = resolveLookup(paths, raw, ctx.io);
    ctx.setExitCode(await runLookup(opts, ctx.io));
  });
}
