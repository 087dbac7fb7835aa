// `ct sql`: SQL over the archive with DuckDB (an optional dependency, loaded only here). The
// statement is checked first, then the readers send only the record keys it uses into an `events`
// table (and the `cloudtrail_logs` view), then the result is printed. Also the named example
// queries (--list, --query). Loading is in src/sql; reading in src/read; printing in src/sql.
import { rm } from "node:fs/promises";
import path from "node:path";
import { type Command, Option } from "commander";
import { CtError, UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { Sink } from "../../output/sink.js";
import { makeChalk } from "../../output/style.js";
import type { Job } from "../../read/job.js";
import { Reporter } from "../../report.js";
import { columnUsage } from "../../sql/column-usage.js";
import { pushdownFilters } from "../../sql/where-pushdown.js";
import { type DuckDbConnection, type DuckDbLoader, type DuckDbModule, defaultDuckDbLoader, loadDuckDb, openDatabase } from "../../sql/duckdb.js";
import { ATHENA_VIEW, EVENTS_TABLE, EVENT_COLUMN_NAMES, type LoadPlan, createEventsTable, loadEmptyRows, loadEventsFile, planLoad, rowParamsOf } from "../../sql/events-table.js";
import { NAMED_QUERIES, type NamedQuery, type ParamValue, findNamedQuery, resolveParams } from "../../sql/named-queries.js";
import { SQL_FORMATS, type SqlFormat, printResult } from "../../sql/result-output.js";
import type { RowLines } from "../../sql/row-processor.js";
import { RowSpool } from "../../sql/row-spool.js";
import type { CommandContext } from "../context.js";
import {
  type EngineOptions,
  type EventScanOptions,
  type RawEngine,
  SqlError,
  addEngineOptions,
  makeWorkDir,
  reportSqlError,
  resolveEngine,
  resolveEventScan,
  scanEvents,
} from "../duckdb-scan.js";
import { type RawEventFilter, addEventFilterOptions } from "../event-filter.js";
import { EXIT_CODES_HELP, type RawRun, type RawWindow, addRunOptions, addWindowOptions, collect, parseCount } from "../options.js";
import { Progress } from "../progress.js";
import { explainEmptyScan, formatStats, newStats } from "../scan.js";

interface RawSql extends RawEventFilter, RawWindow, RawRun, RawEngine {
  query?: string;
  param?: string[];
  list?: boolean;
  printSql?: boolean;
  output?: string;
  maxRows: string;
  exitStatus?: boolean;
}

export interface SqlOptions {
  /** The statement to run; undefined with --list. */
  sql: string | undefined;
  named: NamedQuery | undefined;
  params: Record<string, ParamValue>;
  list: boolean;
  /** --list prints text unless json or ndjson was asked for. */
  listFormat: "text" | "json" | "ndjson";
  printSql: boolean;
  format: SqlFormat;
  maxRows: number;
  exitStatus: boolean;
  scan: EventScanOptions;
  engine: EngineOptions;
}

/** Turns raw flags into typed options; every problem is a UsageError naming its flag. */
export function resolveSql(args: string[], raw: RawSql, io: Io): SqlOptions {
  let sql: string | undefined;
  let named: NamedQuery | undefined;
  let inputs = args;
  let params: Record<string, ParamValue> = {};
  if (raw.list) {
    if (raw.query !== undefined) throw new UsageError("--list and --query exclude each other", "--list");
  } else if (raw.query !== undefined) {
    named = findNamedQuery(raw.query);
    if (!named) throw new UsageError(`no query named "${raw.query}"; ct sql --list shows them`, "--query");
    sql = named.sql;
    params = resolveParams(named, raw.param ?? []);
  } else {
    if (args.length === 0 || args[0]!.trim() === "")
      throw new UsageError('give a statement (ct sql "SELECT count(*) FROM events" ./bucket), or --query NAME, or --list');
    sql = args[0]!;
    inputs = args.slice(1);
    if (raw.param && raw.param.length > 0) throw new UsageError("parameters go with --query NAME", "--param");
  }
  if (inputs.length === 0) inputs = ["."];
  const format = (raw.output ?? (io.stdout.isTTY ? "table" : "ndjson")) as SqlFormat;
  if (!SQL_FORMATS.includes(format)) throw new UsageError(`"${raw.output}" is not one of ${SQL_FORMATS.join(", ")}`, "--output");
  return {
    sql,
    named,
    params,
    list: raw.list === true,
    listFormat: raw.output === "json" || raw.output === "ndjson" ? raw.output : "text",
    printSql: raw.printSql === true,
    format,
    maxRows: parseCount(raw.maxRows, "--max-rows"),
    exitStatus: raw.exitStatus === true,
    scan: resolveEventScan(inputs, raw, io),
    engine: resolveEngine(raw),
  };
}

/** What runSql needs besides options; tests inject the loader to simulate a missing DuckDB. */
export interface SqlDeps {
  loadDuckDb?: DuckDbLoader;
}

async function printList(opts: SqlOptions, io: Io): Promise<number> {
  const sink = new Sink(io.stdout);
  if (opts.listFormat !== "text") {
    const items = NAMED_QUERIES.map((q) => JSON.stringify({ name: q.name, description: q.description, params: q.params, sql: q.sql }));
    await sink.write(opts.listFormat === "json" ? `[\n${items.join(",\n")}\n]\n` : `${items.join("\n")}\n`);
  } else {
    for (const q of NAMED_QUERIES) {
      const params = q.params.map((p) => (p.default === undefined ? `${p.name}=...` : `[${p.name}=${p.default ?? ""}]`)).join(" ");
      await sink.write(`${q.name}${params ? `  ${params}` : ""}\n    ${q.description}\n`);
    }
  }
  await sink.flush();
  return 0;
}

async function bindParams(duck: DuckDbModule, conn: DuckDbConnection, sql: string, params: Record<string, ParamValue>) {
  let prepared;
  try {
    prepared = await conn.prepare(sql);
  } catch (err) {
    throw new SqlError((err as Error).message);
  }
  if (Object.keys(params).length > 0) {
    const values: Record<string, import("@duckdb/node-api").DuckDBValue> = {};
    const types: Record<string, import("@duckdb/node-api").DuckDBType> = {};
    for (const [name, v] of Object.entries(params)) {
      if (Array.isArray(v)) {
        values[name] = duck.listValue(v);
        types[name] = duck.LIST(duck.VARCHAR);
      } else if (typeof v === "number") {
        values[name] = v;
        types[name] = duck.INTEGER;
      } else {
        values[name] = v;
        types[name] = duck.VARCHAR;
      }
    }
    prepared.bind(values, types);
  }
  return prepared;
}

/** How many statements the text holds; ct sql runs exactly one. */
async function checkOneStatement(conn: DuckDbConnection, sql: string): Promise<void> {
  let count: number;
  try {
    count = (await conn.extractStatements(sql)).count;
  } catch (err) {
    throw new SqlError((err as Error).message);
  }
  if (count !== 1) throw new SqlError(`ct sql runs one statement at a time; this text has ${count}`);
}

/** Runs a statement (or lists the named queries) and returns the exit code. */
export async function runSql(opts: SqlOptions, io: Io, deps: SqlDeps = {}): Promise<number> {
  if (opts.list) return printList(opts, io);
  const sql = opts.sql!;
  if (opts.printSql) {
    io.stdout.write(`${sql}\n`);
    return 0;
  }
  const duck = await loadDuckDb(deps.loadDuckDb ?? defaultDuckDbLoader, "ct sql");
  const reporter = new Reporter(io, opts.scan.run.quiet);
  const progress = new Progress(io, opts.scan.run.progress);
  reporter.onBeforeWrite(() => progress.clear());
  const work = await makeWorkDir(opts.engine, io, "ct-sql");
  let db;
  try {
    db = await openDatabase(duck, { tempDirectory: path.join(work, "duckdb"), memoryLimit: opts.engine.memoryLimit, threads: opts.scan.run.threads });
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw new SqlError(`cannot start DuckDB: ${(err as Error).message}`);
  }
  const conn = db.connection;
  const onAbort = () => conn.interrupt();
  io.signal.addEventListener("abort", onAbort, { once: true });
  let plan: LoadPlan = planLoad("all");
  const spool = new RowSpool(work, "rows", (file) =>
    loadEventsFile(conn, file, plan).catch((err: unknown) => {
      throw new SqlError(`loading rows into DuckDB failed: ${(err as Error).message}`);
    }),
  );
  try {
    await createEventsTable(conn);
    await checkOneStatement(conn, sql);
    // Prepared against the empty table, so syntax and unknown columns fail before any reading;
    // prepared again after loading, because DuckDB plans with the statistics of the table.
    (await bindParams(duck, conn, sql, opts.params)).destroySync();
    const text = (await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql])).getRowsJS()[0]?.[0];
    const tree = typeof text === "string" ? (JSON.parse(text) as unknown) : undefined;
    const usage = columnUsage(tree, EVENT_COLUMN_NAMES, [EVENTS_TABLE, ATHENA_VIEW]);
    const where = pushdownFilters(tree, [EVENTS_TABLE, ATHENA_VIEW]);
    const stats = newStats();
    const started = Date.now();
    let loaded = 0;
    if (usage.readsEvents) {
      plan = planLoad(usage.all ? "all" : usage.columns, where);
      if (opts.scan.run.debug) {
        reporter.warn(undefined, `sql: loading ${usage.all ? "every column" : `columns ${[...usage.columns].join(", ") || "(none)"}`}`);
        for (const f of where) reporter.warn(undefined, `sql: readers keep only ${f.path.join(".")} in (${f.values.map((v) => JSON.stringify(v)).join(", ")})`);
      }
      // The WHERE's equalities join the flags' filter: records that fail them are never checked further.
      const filter = plan.where.length > 0 ? { ...opts.scan.filter, fieldIn: plan.where } : opts.scan.filter;
      // A statement that needs only the number of rows (count(*)) counts in the readers, which then
      // never load the row code at all.
      const job: Job = plan.countOnly
        ? { filter, processor: "count", maxInflatedBytes: opts.scan.run.maxInflatedBytes }
        : { filter, processor: "rows", params: rowParamsOf(plan), maxInflatedBytes: opts.scan.run.maxInflatedBytes };
      // One transaction for the whole load: DuckDB then writes full row groups straight to its
      // file instead of logging and checkpointing every batch.
      await conn.run("BEGIN TRANSACTION");
      await scanEvents(opts.scan, job, io, reporter, progress, stats, async (r) => {
        if (plan.countOnly) {
          if (typeof r.output === "number") loaded += r.output;
          return;
        }
        const out = r.output as RowLines | undefined;
        if (!out) return;
        loaded += out.rows;
        await spool.add(out.text, out.rows);
      });
      await spool.finish();
      if (plan.countOnly) await loadEmptyRows(conn, loaded);
      await conn.run("COMMIT");
      if (explainEmptyScan(stats, reporter, opts.scan.inputs)) return 2;
    }
    let result;
    try {
      result = await (await bindParams(duck, conn, sql, opts.params)).stream();
    } catch (err) {
      if (io.signal.aborted) return 130;
      throw new SqlError((err as Error).message);
    }
    const printed = await printResult(duck, result, {
      format: opts.format,
      sink: new Sink(io.stdout),
      chalk: makeChalk(opts.scan.run.colorLevel),
      maxTableRows: opts.maxRows,
    }).catch((err: unknown) => {
      if (err instanceof CtError) throw err;
      throw new SqlError((err as Error).message);
    });
    if (printed.hidden > 0)
      reporter.warn(undefined, `the table shows ${printed.rows - printed.hidden} of ${printed.rows} rows; add LIMIT, raise --max-rows or use --output csv`);
    if (opts.scan.run.stats) reporter.note(`${formatStats(stats, Date.now() - started)}, rows loaded ${loaded}`);
    if (reporter.errored) return 2;
    if (opts.exitStatus && printed.rows === 0) return 1;
    return 0;
  } catch (err) {
    if (err instanceof SqlError && !io.signal.aborted) {
      progress.clear();
      reportSqlError(io, err);
      return 2;
    }
    throw err;
  } finally {
    io.signal.removeEventListener("abort", onAbort);
    await spool.dispose();
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}

const EXAMPLES = `
The table:
  events (and the view cloudtrail_logs) has the columns of Athena's CloudTrail table:
  eventversion, useridentity (struct), eventtime, eventsource, eventname, awsregion,
  sourceipaddress, useragent, errorcode, errormessage, requestparameters, responseelements,
  additionaleventdata (JSON text), requestid, eventid, readonly, resources (list of structs),
  eventtype, apiversion, recipientaccountid, serviceeventdetails, sharedeventid,
  vpcendpointid, vpcendpointaccountid, eventcategory, addendum, sessioncredentialfromconsole,
  edgedevicedetails, tlsdetails; plus category, account, region, date (UTC day of eventTime)
  and record (the raw record as JSON). Strings are compared as written; times are ISO-8601 text.

Examples:
  ct sql "SELECT count(*) FROM events WHERE useridentity.username = 'alice'" ./bucket
  ct sql "SELECT eventname, count(*) n FROM events GROUP BY ALL ORDER BY n DESC LIMIT 10" --since 7d ./bucket
  ct sql "SELECT eventtime, record->>'$.requestParameters.bucketName' FROM events WHERE eventsource = 's3.amazonaws.com'" ./bucket
  ct sql --list
  ct sql --query console-login-without-mfa ./bucket
  ct sql --query events-outside-regions --param regions=us-east-1,eu-west-1 ./bucket
  ct sql -o csv "SELECT * EXCLUDE (record) FROM events" ./bucket > events.csv

Only the columns a statement uses are loaded. Filters (--since, --account, --event-name ...) act in
the readers, before SQL, exactly as in ct lookup. DuckDB is an optional dependency:
npm install @duckdb/node-api. Output defaults to a table on a terminal, ndjson otherwise.`;

/** Declares `ct sql`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("sql")
    .description("run SQL (DuckDB) over the logs: an events table shaped like Athena's CloudTrail table")
    .argument("[SQL]", "the statement; the table is events (or cloudtrail_logs)")
    .argument("[PATH...]", "directories, files or globs of exported CloudTrail logs; - for stdin")
    .option("--query <NAME>", "run a named example query instead of a statement (see --list)")
    .option("--param <NAME=VALUE>", "a parameter of the named query (repeatable)", collect)
    .option("--list", "list the named example queries")
    .option("--print-sql", "print the statement of --query NAME instead of running it")
    .addOption(new Option("-o, --output <FORMAT>", `output format: ${SQL_FORMATS.join(", ")} (default: table on a terminal, ndjson otherwise)`))
    .option("--max-rows <N>", "rows a table shows (the rest are counted)", "1000")
    .option("-e, --exit-status", "exit 1 when the result has no rows");
  addEventFilterOptions(cmd);
  addWindowOptions(cmd);
  addEngineOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (statement: string | undefined, paths: string[], raw: RawSql) => {
    // With --query or --list every argument is a path.
    const args = statement === undefined ? paths : [statement, ...paths];
    const opts = resolveSql(args, raw, ctx.io);
    ctx.setExitCode(await runSql(opts, ctx.io));
  });
}
