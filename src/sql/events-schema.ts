// The `events` table: the columns of Athena's CloudTrail table (names, nesting and STRING types of
// the DDL in the Athena user guide) plus ct's own columns, each tied to the CloudTrail key it comes
// from. Renders the types for DuckDB, Athena (Hive) and Trino, and the SQL that turns a raw record
// into a row. Pure data and string building: it runs no query and reads no file.

/** A column or struct field type, engine-neutral. Every leaf is a string, as in Athena's DDL. */
export type FieldType =
  | { kind: "string" }
  | { kind: "struct"; fields: readonly Field[] }
  | { kind: "array"; of: FieldType }
  | { kind: "map" };

export interface Field {
  /** Athena's (lowercase) name. */
  name: string;
  /** The key in the CloudTrail record, spelled as CloudTrail writes it. */
  source: string;
  type: FieldType;
  /** An object in the record, kept as its JSON text (requestParameters ...), as Athena's table does. */
  jsonText?: boolean;
}

const S: FieldType = { kind: "string" };
const f = (name: string, source: string, type: FieldType = S): Field => ({ name, source, type });
const json = (name: string, source: string): Field => ({ name, source, type: S, jsonText: true });
const struct = (...fields: Field[]): FieldType => ({ kind: "struct", fields });

const SESSION_ISSUER = struct(
  f("type", "type"),
  f("principalid", "principalId"),
  f("arn", "arn"),
  f("accountid", "accountId"),
  f("username", "userName"),
);

const USER_IDENTITY = struct(
  f("type", "type"),
  f("principalid", "principalId"),
  f("arn", "arn"),
  f("accountid", "accountId"),
  f("invokedby", "invokedBy"),
  f("accesskeyid", "accessKeyId"),
  f("username", "userName"),
  f("onbehalfof", "onBehalfOf", struct(f("userid", "userId"), f("identitystorearn", "identityStoreArn"))),
  f(
    "sessioncontext",
    "sessionContext",
    struct(
      f("attributes", "attributes", struct(f("mfaauthenticated", "mfaAuthenticated"), f("creationdate", "creationDate"))),
      f("sessionissuer", "sessionIssuer", SESSION_ISSUER),
      f("ec2roledelivery", "ec2RoleDelivery"),
      f("webidfederationdata", "webIdFederationData", struct(f("federatedprovider", "federatedProvider"), f("attributes", "attributes", { kind: "map" }))),
    ),
  ),
);

/** Athena's CloudTrail columns, in the order of the DDL in the Athena user guide. */
export const ATHENA_COLUMNS: readonly Field[] = [
  f("eventversion", "eventVersion"),
  f("useridentity", "userIdentity", USER_IDENTITY),
  f("eventtime", "eventTime"),
  f("eventsource", "eventSource"),
  f("eventname", "eventName"),
  f("awsregion", "awsRegion"),
  f("sourceipaddress", "sourceIPAddress"),
  f("useragent", "userAgent"),
  f("errorcode", "errorCode"),
  f("errormessage", "errorMessage"),
  json("requestparameters", "requestParameters"),
  json("responseelements", "responseElements"),
  json("additionaleventdata", "additionalEventData"),
  f("requestid", "requestID"),
  // Aggregated events spell it eventId; the row takes whichever the record has.
  f("eventid", "eventID"),
  f("readonly", "readOnly"),
  f("resources", "resources", { kind: "array", of: struct(f("arn", "ARN"), f("accountid", "accountId"), f("type", "type")) }),
  f("eventtype", "eventType"),
  f("apiversion", "apiVersion"),
  f("recipientaccountid", "recipientAccountId"),
  json("serviceeventdetails", "serviceEventDetails"),
  f("sharedeventid", "sharedEventID"),
  f("vpcendpointid", "vpcEndpointId"),
  f("vpcendpointaccountid", "vpcEndpointAccountId"),
  f("eventcategory", "eventCategory"),
  f(
    "addendum",
    "addendum",
    struct(f("reason", "reason"), f("updatedfields", "updatedFields"), f("originalrequestid", "originalRequestID"), f("originaleventid", "originalEventID")),
  ),
  f("sessioncredentialfromconsole", "sessionCredentialFromConsole"),
  json("edgedevicedetails", "edgeDeviceDetails"),
  f("tlsdetails", "tlsDetails", struct(f("tlsversion", "tlsVersion"), f("ciphersuite", "cipherSuite"), f("clientprovidedhostheader", "clientProvidedHostHeader"))),
];

/**
 * Keys read besides each column's own source key. They differ from the main key only in case,
 * which a DuckDB struct cannot hold twice, so they are read from the record JSON directly.
 */
export const EXTRA_SOURCES: Readonly<Record<string, readonly string[]>> = { eventid: ["eventId"] };

/** ct's columns, computed by the reader for every row (see row-processor.ts). */
export const CT_COLUMNS = [
  { name: "category", doc: "ct's event category: Management, Data, NetworkActivity, Insight or Aggregated" },
  { name: "account", doc: "the account of the log file's S3 path (else recipientAccountId); 12 digits or NULL" },
  { name: "region", doc: "the region of the record (awsRegion); NULL when not a region name" },
  { name: "date", doc: "the UTC day of eventTime, YYYY-MM-DD (the export's partition)" },
] as const;

/** The raw-record column: only `ct sql` has it; exports keep records in --format ndjson. */
export const RECORD_COLUMN = "record";

/** The partition columns of the Parquet export, in folder order. */
export const PARTITION_COLUMNS = ["account", "region", "date"] as const;

/** Every column name of `events`, in table order. */
export const EVENT_COLUMN_NAMES: readonly string[] = [...ATHENA_COLUMNS.map((c) => c.name), ...CT_COLUMNS.map((c) => c.name), RECORD_COLUMN];

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The DuckDB type of a field. */
export function duckType(t: FieldType): string {
  switch (t.kind) {
    case "string":
      return "VARCHAR";
    case "map":
      return "MAP(VARCHAR, VARCHAR)";
    case "array":
      return `${duckType(t.of)}[]`;
    case "struct":
      return `STRUCT(${t.fields.map((x) => `${ident(x.name)} ${duckType(x.type)}`).join(", ")})`;
  }
}

/** The Athena (Hive) type of a field, as the DDL in the Athena user guide spells it. */
export function hiveType(t: FieldType, indent = ""): string {
  switch (t.kind) {
    case "string":
      return "STRING";
    case "map":
      return "MAP<STRING,STRING>";
    case "array":
      return `ARRAY<${hiveType(t.of, indent)}>`;
    case "struct": {
      const inner = `${indent}    `;
      return `STRUCT<\n${t.fields.map((x) => `${inner}${x.name}: ${hiveType(x.type, inner)}`).join(",\n")}>`;
    }
  }
}

/** The Trino type of a field (Hive connector). */
export function trinoType(t: FieldType): string {
  switch (t.kind) {
    case "string":
      return "varchar";
    case "map":
      return "map(varchar, varchar)";
    case "array":
      return `array(${trinoType(t.of)})`;
    case "struct":
      return `row(${t.fields.map((x) => `${x.name} ${trinoType(x.type)}`).join(", ")})`;
  }
}

/** The json_transform structure for a field, keyed by CloudTrail's spelling. */
function structureOf(field: Field): unknown {
  if (field.jsonText) return "JSON";
  const t = field.type;
  switch (t.kind) {
    case "string":
      return "VARCHAR";
    case "map":
      return "MAP(VARCHAR, VARCHAR)";
    case "array":
      return [structureOf({ name: field.name, source: field.source, type: t.of })];
    case "struct":
      return Object.fromEntries(t.fields.map((x) => [x.source, structureOf(x)]));
  }
}

/**
 * The DuckDB type of a record holding only the given columns' keys, in CloudTrail's spelling,
 * for reading the readers' lines typed (the keys a query needs, never the whole record).
 */
export function recordStructType(columns: readonly Field[]): string {
  const typeOf = (f: Field): string => {
    if (f.jsonText) return "JSON";
    const t = f.type;
    switch (t.kind) {
      case "string":
        return "VARCHAR";
      case "map":
        return "MAP(VARCHAR, VARCHAR)";
      case "array":
        return `${typeOf({ ...f, type: t.of })}[]`;
      case "struct":
        return `STRUCT(${t.fields.map((x) => `${ident(x.source)} ${typeOf(x)}`).join(", ")})`;
    }
  };
  return `STRUCT(${columns.map((c) => `${ident(c.source)} ${typeOf(c)}`).join(", ")})`;
}

/** The CloudTrail keys a set of Athena columns reads from the record. */
export function sourceKeysOf(columns: readonly Field[]): string[] {
  return columns.flatMap((c) => [c.source, ...(EXTRA_SOURCES[c.name] ?? [])]);
}

/**
 * The json_transform structure that extracts the given columns from a record. Non-strict
 * json_transform gives NULL for a value of the wrong shape rather than failing the whole load.
 */
export function transformStructure(columns: readonly Field[]): string {
  const obj: Record<string, unknown> = {};
  for (const c of columns) obj[c.source] = structureOf(c);
  return JSON.stringify(obj);
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The SQL expression that computes one Athena column from `t`, the json_transform of the record.
 * Struct casts match fields by name, ignoring case, so CloudTrail's camelCase lands in Athena's
 * lowercase names. JSON text of a string value is the string itself, as Athena's SerDe gives it.
 */
export function columnExpression(c: Field, t = "t", typed = false): string {
  const src = `${t}.${ident(c.source)}`;
  if (c.jsonText) return `CASE WHEN json_type(${src}) = 'VARCHAR' THEN ${src} ->> '$' ELSE CAST(${src} AS VARCHAR) END`;
  // Typed lines carry eventId (aggregated events) as eventID already: see row-processor.ts.
  if (c.name === "eventid" && !typed) return `coalesce(${src}, ${RECORD_COLUMN} ->> '$.eventId')`;
  if (c.type.kind === "string") return src;
  return `CAST(${src} AS ${duckType(c.type)})`;
}

/**
 * The SELECT list that turns `read_json` rows (ct's columns plus `record` as JSON) into `events`
 * rows for the given Athena columns; callers wrap it as
 * `SELECT <this> FROM (SELECT json_transform(record, <structure>) AS t, * FROM read_json(...))`.
 */
export function rowSelectList(columns: readonly Field[], withRecord: boolean): string {
  const parts = columns.map((c) => (withRecord ? `${columnExpression(c)} AS ${ident(c.name)}` : `${columnExpression(c, RECORD_COLUMN, true)} AS ${ident(c.name)}`));
  for (const c of CT_COLUMNS) parts.push(ident(c.name));
  if (withRecord) parts.push(ident(RECORD_COLUMN));
  return parts.join(", ");
}

/** The read_json `columns` argument for the lines the readers write (see row-processor.ts). */
export function readJsonColumns(recordType = "JSON"): string {
  const cols = CT_COLUMNS.map((c) => `${c.name}: 'VARCHAR'`);
  cols.push(`${RECORD_COLUMN}: ${sqlString(recordType)}`);
  return `{${cols.join(", ")}}`;
}

/** CREATE TABLE for `events` in DuckDB, every column, in table order. */
export function createEventsTableSql(table = "events"): string {
  const cols = [
    ...ATHENA_COLUMNS.map((c) => `${ident(c.name)} ${duckType(c.type)}`),
    ...CT_COLUMNS.map((c) => `${ident(c.name)} VARCHAR`),
    `${ident(RECORD_COLUMN)} JSON`,
  ];
  return `CREATE TABLE ${ident(table)} (${cols.join(", ")})`;
}

/** The ingestion statement for one spooled file of lines. */
export function insertEventsSql(file: string, columns: readonly Field[], withRecord: boolean, table = "events"): string {
  const names = [...columns.map((c) => c.name), ...CT_COLUMNS.map((c) => c.name), ...(withRecord ? [RECORD_COLUMN] : [])];
  // Lines with the whole record keep it as JSON (the record column) and extract leniently with
  // json_transform; lines with only some keys are read typed in one pass, the readers having
  // shaped them to the type (see conformToType in row-processor.ts).
  const typed = !withRecord && columns.length > 0;
  const source =
    `read_json(${sqlString(file)}, columns = ${readJsonColumns(typed ? recordStructType(columns) : "JSON")}, format = 'newline_delimited', ` +
    `maximum_object_size = ${MAX_LINE_BYTES})`;
  const transformed =
    columns.length === 0 || typed ? source : `(SELECT json_transform(${RECORD_COLUMN}, ${sqlString(transformStructure(columns))}) AS t, * FROM ${source})`;
  return `INSERT INTO ${ident(table)} (${names.map(ident).join(", ")}) SELECT ${rowSelectList(columns, withRecord)} FROM ${transformed}`;
}

/**
 * Largest line read_json accepts. DuckDB allocates a buffer of this size per thread, so it is
 * kept moderate; CloudTrail records are far smaller (a few hundred KiB at most).
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export { ident as quoteIdent, sqlString as quoteString };
