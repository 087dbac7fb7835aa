// The `events` table of `ct sql` inside DuckDB: creates it with every column (Athena's CloudTrail
// columns, ct's columns, the raw record), the `cloudtrail_logs` view Athena users know, a few
// Athena/Trino function names, and the statement that loads one spooled file of reader lines,
// filling only the columns the query reads. It does not read logs itself: see row-processor.ts.
import type { DuckDbConnection } from "./duckdb.js";
import { ATHENA_COLUMNS, CT_COLUMNS, EVENT_COLUMN_NAMES, RECORD_COLUMN, type Field, createEventsTableSql, insertEventsSql, sourceKeysOf } from "./events-schema.js";
import type { CtColumn, RowParams } from "./row-processor.js";
import type { PushedFilter } from "./where-pushdown.js";

export const EVENTS_TABLE = "events";
export const ATHENA_VIEW = "cloudtrail_logs";

/** What the readers must send for a query, and what the load fills in. */
export interface LoadPlan {
  columns: readonly Field[];
  withRecord: boolean;
  /** Record keys the workers keep; null keeps the whole record. */
  keys: string[] | null;
  /** ct's columns the workers compute. */
  ct: CtColumn[];
  /** Only the number of rows matters (SELECT count(*) FROM events): no text is sent at all. */
  countOnly: boolean;
  /** Pre-filters for the readers' job filter (`fieldIn`, see where-pushdown.ts). */
  where: PushedFilter[];
}

const CT_NAMES = CT_COLUMNS.map((c) => c.name) as CtColumn[];

/** The load plan for a set of used columns; `all` loads everything. */
export function planLoad(used: ReadonlySet<string> | "all", where: PushedFilter[] = []): LoadPlan {
  if (used === "all") return { columns: ATHENA_COLUMNS, withRecord: true, keys: null, ct: CT_NAMES, countOnly: false, where };
  const columns = ATHENA_COLUMNS.filter((c) => used.has(c.name));
  const withRecord = used.has(RECORD_COLUMN);
  const ct = CT_NAMES.filter((c) => used.has(c));
  return {
    columns,
    withRecord,
    keys: withRecord ? null : sourceKeysOf(columns),
    ct,
    countOnly: columns.length === 0 && !withRecord && ct.length === 0,
    where,
  };
}

/** The reader job parameters for a plan (see row-processor.ts). */
export function rowParamsOf(plan: LoadPlan): RowParams {
  return { shape: "events", keys: plan.keys, ct: plan.ct };
}

/** Adds rows whose every column is NULL: what a count-only plan loads. */
export async function loadEmptyRows(conn: DuckDbConnection, rows: number): Promise<void> {
  if (rows > 0) await conn.run(`INSERT INTO ${EVENTS_TABLE} (${RECORD_COLUMN}) SELECT NULL FROM range(${Math.floor(rows)})`);
}

/**
 * Statements run before the user's: Athena queries port with fewer edits (from_iso8601_timestamp,
 * json_extract_scalar are Trino's names), and times print in UTC as CloudTrail writes them.
 */
const SETUP = [
  "SET TimeZone = 'UTC'",
  `CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMP WITH TIME ZONE)`,
  `CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)`,
];

/** Creates `events`, its `cloudtrail_logs` view and the compatibility macros. */
export async function createEventsTable(conn: DuckDbConnection): Promise<void> {
  for (const s of SETUP) await conn.run(s);
  await conn.run(createEventsTableSql(EVENTS_TABLE));
  await conn.run(`CREATE VIEW ${ATHENA_VIEW} AS SELECT * FROM ${EVENTS_TABLE}`);
}

/** Loads one spooled file of events-shape lines into `events`. */
export async function loadEventsFile(conn: DuckDbConnection, file: string, plan: LoadPlan): Promise<void> {
  await conn.run(insertEventsSql(file, plan.columns, plan.withRecord, EVENTS_TABLE));
}

export { EVENT_COLUMN_NAMES };
