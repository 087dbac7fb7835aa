// The column types of the OCSF table ct writes (DuckDB spelling, which its Parquet writer maps to
// Parquet types), the columns each class keeps, and Security Lake's partition columns. Pure data:
// the mapping itself is in ocsf-map.ts.
import type { OcsfClass } from "./ocsf-map.js";

const V = "VARCHAR";
const uidStruct = `STRUCT(uid ${V})`;

/** Columns common to the three classes, in file order. */
const COMMON: readonly [string, string][] = [
  ["activity_id", "INTEGER"],
  ["activity_name", V],
  ["category_uid", "INTEGER"],
  ["category_name", V],
  ["class_uid", "INTEGER"],
  ["class_name", V],
  ["type_uid", "BIGINT"],
  ["type_name", V],
  ["severity_id", "INTEGER"],
  ["severity", V],
  ["status_id", "INTEGER"],
  ["status", V],
  ["status_code", V],
  ["status_detail", V],
  ["time", "BIGINT"],
  ["time_dt", "TIMESTAMP WITH TIME ZONE"],
  [
    "metadata",
    `STRUCT(uid ${V}, version ${V}, event_code ${V}, profiles ${V}[], product STRUCT(name ${V}, vendor_name ${V}, version ${V}, feature STRUCT(name ${V})))`,
  ],
  [
    "actor",
    `STRUCT("user" STRUCT(type ${V}, uid ${V}, uid_alt ${V}, name ${V}, credential_uid ${V}, account ${uidStruct}), ` +
      `session STRUCT(created_time BIGINT, created_time_dt TIMESTAMP WITH TIME ZONE, is_mfa BOOLEAN, issuer ${V}), ` +
      `invoked_by ${V}, idp STRUCT(name ${V}))`,
  ],
  [
    "api",
    `STRUCT(operation ${V}, version ${V}, service STRUCT(name ${V}), request STRUCT(uid ${V}, data ${V}), response STRUCT(error ${V}, message ${V}, data ${V}))`,
  ],
  ["cloud", `STRUCT(provider ${V}, region ${V}, account ${uidStruct})`],
  ["src_endpoint", `STRUCT(ip ${V}, domain ${V}, uid ${V})`],
  ["http_request", `STRUCT(user_agent ${V})`],
  ["resources", `STRUCT(uid ${V}, type ${V}, account ${uidStruct})[]`],
  ["unmapped", `MAP(${V}, ${V})`],
];

/** Columns only some classes have. */
const CLASS_ONLY: readonly [string, string, readonly OcsfClass[]][] = [
  ["is_mfa", "BOOLEAN", [3002]],
  ["dst_endpoint", `STRUCT(svc_name ${V})`, [3002]],
  ["user", `STRUCT(uid ${V}, name ${V})`, [3002, 3001]],
];

/** Security Lake's custom-source partition folders, in order: region=/accountId=/eventDay=. */
export const OCSF_PARTITION_COLUMNS = ["region", "accountId", "eventDay"] as const;

/** Every column of the staging table: all classes' columns, then the partition columns. */
export const OCSF_COLUMNS: readonly [string, string][] = [
  ...COMMON,
  ...CLASS_ONLY.map(([n, t]) => [n, t] as [string, string]),
  ...OCSF_PARTITION_COLUMNS.map((n) => [n, V] as [string, string]),
];

/** The columns written for one class, in file order (partition columns excluded). */
export function ocsfColumnsOf(cls: OcsfClass): string[] {
  return [...COMMON.map(([n]) => n), ...CLASS_ONLY.filter(([, , classes]) => classes.includes(cls)).map(([n]) => n)];
}

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The read_json `columns` argument for the OCSF lines the readers write. */
export function ocsfReadJsonColumns(): string {
  return `{${OCSF_COLUMNS.map(([n, t]) => `${quote(n)}: '${t.replaceAll("'", "''")}'`).join(", ")}}`;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Loads one spooled file of OCSF lines (row-processor.ts, shape ocsf) into the staging table. */
export function insertOcsfSql(table: string, file: string, maxLineBytes: number): string {
  return (
    `INSERT INTO ${quote(table)} SELECT * FROM read_json(${sqlString(file)}, columns = ${ocsfReadJsonColumns()}, ` +
    `format = 'newline_delimited', maximum_object_size = ${maxLineBytes})`
  );
}

/** CREATE TABLE for the OCSF staging table. */
export function createOcsfTableSql(table: string): string {
  return `CREATE TABLE ${quote(table)} (${OCSF_COLUMNS.map(([n, t]) => `${quote(n)} ${t}`).join(", ")})`;
}
