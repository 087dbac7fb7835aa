// CREATE TABLE statements for the Parquet layout `ct export` writes (account=/region=/date=):
// Athena with partition projection (no crawler, no MSCK REPAIR), Trino's Hive connector, and a
// DuckDB view over the files. Column names and types come from events-schema.ts, so the DDL and
// the files cannot drift apart. String building only.
import { ATHENA_COLUMNS, hiveType, trinoType } from "./events-schema.js";
import { PARQUET_COLUMNS } from "./parquet-export.js";

export const DDL_ENGINES = ["athena", "trino", "duckdb"] as const;
export type DdlEngine = (typeof DDL_ENGINES)[number];

export interface DdlOptions {
  table: string;
  /** Where the export lives: s3://bucket/prefix/ for Athena and Trino, a path or URL for DuckDB. */
  location: string;
  /** Values found in the export, for Athena's projection; undefined when unknown. */
  accounts?: string[] | undefined;
  regions?: string[] | undefined;
  /** First exported day (YYYY-MM-DD); undefined when unknown. */
  firstDate?: string | undefined;
}

const CT_ONLY = PARQUET_COLUMNS.filter((n) => !ATHENA_COLUMNS.some((c) => c.name === n));
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const withSlash = (s: string) => (s.endsWith("/") ? s : `${s}/`);

function athena(o: DdlOptions): string {
  const cols = [...ATHENA_COLUMNS.map((c) => `    ${c.name} ${hiveType(c.type, "    ")}`), ...CT_ONLY.map((n) => `    ${n} STRING`)];
  const loc = withSlash(o.location);
  const props: [string, string][] = [
    ["parquet.compression", "ZSTD"],
    ["projection.enabled", "true"],
  ];
  // Projection computes partitions from these properties instead of the Glue catalog. Accounts
  // and regions found in the export are listed; otherwise every query must name them (injected).
  if (o.accounts?.length) props.push(["projection.account.type", "enum"], ["projection.account.values", o.accounts.join(",")]);
  else props.push(["projection.account.type", "injected"]);
  if (o.regions?.length) props.push(["projection.region.type", "enum"], ["projection.region.values", o.regions.join(",")]);
  else props.push(["projection.region.type", "injected"]);
  props.push(
    ["projection.date.type", "date"],
    ["projection.date.format", "yyyy-MM-dd"],
    ["projection.date.range", `${o.firstDate ?? "2013-11-01"},NOW`],
    ["projection.date.interval", "1"],
    ["projection.date.interval.unit", "DAYS"],
    ["storage.location.template", `${loc}account=\${account}/region=\${region}/date=\${date}`],
  );
  return (
    `CREATE EXTERNAL TABLE ${o.table} (\n${cols.join(",\n")}\n)\n` +
    "PARTITIONED BY (account STRING, region STRING, `date` STRING)\n" +
    "STORED AS PARQUET\n" +
    `LOCATION ${q(loc)}\n` +
    `TBLPROPERTIES (\n${props.map(([k, v]) => `    ${q(k)} = ${q(v)}`).join(",\n")}\n);\n`
  );
}

function trino(o: DdlOptions): string {
  const parts = o.table.split(".");
  const table = parts[parts.length - 1]!;
  const schema = parts.length >= 2 ? parts[parts.length - 2]! : "default";
  const cols = [
    ...ATHENA_COLUMNS.map((c) => `    ${c.name} ${trinoType(c.type)}`),
    ...CT_ONLY.map((n) => `    ${n} varchar`),
    "    account varchar",
    "    region varchar",
    '    "date" varchar',
  ];
  return (
    `CREATE TABLE ${o.table} (\n${cols.join(",\n")}\n)\n` +
    `WITH (\n    format = 'PARQUET',\n    partitioned_by = ARRAY['account', 'region', 'date'],\n    external_location = ${q(withSlash(o.location))}\n);\n` +
    `-- Registers the partitions that exist; run again after each export.\n` +
    `CALL system.sync_partition_metadata(${q(schema)}, ${q(table)}, 'FULL');\n`
  );
}

function duckdb(o: DdlOptions): string {
  const glob = `${withSlash(o.location)}*/*/*/*.parquet`;
  // hive_types keeps the partition values as text, as in the other engines' tables.
  return (
    `CREATE VIEW ${o.table} AS\nSELECT * FROM read_parquet(${q(glob)},\n    hive_partitioning = true,\n` +
    `    hive_types = {'account': VARCHAR, 'region': VARCHAR, 'date': VARCHAR});\n`
  );
}

/** The CREATE TABLE (or view) for an engine. */
export function exportDdl(engine: DdlEngine, o: DdlOptions): string {
  return engine === "athena" ? athena(o) : engine === "trino" ? trino(o) : duckdb(o);
}
