// Which columns of `events` a statement can read, from DuckDB's own parse tree
// (json_serialize_sql), so the readers send only those record keys and a count over the archive
// costs little more than a lookup. Sound by construction: any construct it cannot account for
// (`*`, COLUMNS(), NATURAL joins, PIVOT, a bare table alias used as a row, a statement DuckDB cannot
// serialise) means "every column". It does not run the statement.

export interface ColumnUsage {
  /** False when the statement names neither table, so nothing has to be read at all. */
  readsEvents: boolean;
  /** Every column may be read. */
  all: boolean;
  /** The columns named (lowercase); meaningful when `all` is false. */
  columns: Set<string>;
}

/** Table references that keep their inputs' columns as written, or add none. */
const PLAIN_TABLE_REFS = new Set(["BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EMPTY", "EMPTY_FROM", "EXPRESSION_LIST"]);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the parse tree of json_serialize_sql. `columnNames` are the table's columns, `tableNames`
 * the names the statement may use for it (events, cloudtrail_logs).
 */
export function columnUsage(serialized: unknown, columnNames: readonly string[], tableNames: readonly string[]): ColumnUsage {
  const everything: ColumnUsage = { readsEvents: true, all: true, columns: new Set(columnNames) };
  if (!isNode(serialized) || serialized["error"] !== false || !Array.isArray(serialized["statements"])) return everything;
  const known = new Set(columnNames.map((c) => c.toLowerCase()));
  const tables = new Set(tableNames.map((t) => t.toLowerCase()));
  const used = new Set<string>();
  const expressionAliases = new Set<string>();
  const lambdaParams = new Set<string>();
  const relationNames = new Set<string>(tables);
  const singleNames: string[] = [];
  let readsEvents = false;
  let all = false;

  const collectParams = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collectParams);
    else if (isNode(v)) {
      if (v["class"] === "COLUMN_REF" && Array.isArray(v["column_names"]) && v["column_names"].length === 1)
        lambdaParams.add(String(v["column_names"][0]).toLowerCase());
      Object.values(v).forEach(collectParams);
    }
  };

  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      const s = v.toLowerCase();
      if (known.has(s)) used.add(s);
      if (tables.has(s)) readsEvents = true;
      return;
    }
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isNode(v)) return;
    const cls = v["class"];
    const type = v["type"];
    if (cls === "STAR" || type === "STAR" || cls === "POSITIONAL_REFERENCE" || type === "POSITIONAL_REFERENCE") all = true;
    if (v["ref_type"] === "NATURAL") all = true;
    // A table reference is a node with a type but no expression class.
    if (cls === undefined && typeof type === "string" && "alias" in v && "sample" in v) {
      if (!PLAIN_TABLE_REFS.has(type)) all = true;
      for (const k of ["alias", "table_name"]) if (typeof v[k] === "string" && v[k] !== "") relationNames.add((v[k] as string).toLowerCase());
    }
    if (typeof cls === "string" && typeof v["alias"] === "string" && v["alias"] !== "") expressionAliases.add(v["alias"].toLowerCase());
    if (cls === "LAMBDA") collectParams(v["lhs"]);
    const ctes = isNode(v["cte_map"]) ? v["cte_map"]["map"] : undefined;
    if (Array.isArray(ctes)) for (const e of ctes) if (isNode(e) && typeof e["key"] === "string") relationNames.add(e["key"].toLowerCase());
    if (cls === "COLUMN_REF" && Array.isArray(v["column_names"]) && v["column_names"].length === 1) {
      const name = String(v["column_names"][0]).toLowerCase();
      if (!known.has(name)) singleNames.push(name);
    }
    for (const value of Object.values(v)) walk(value);
  };
  walk(serialized["statements"]);
  // A lone unknown name is fine when it is a select-list alias or a lambda parameter; otherwise it
  // may be a table or alias used as a whole row (SELECT e FROM events e), which reads everything.
  if (singleNames.some((n) => relationNames.has(n) || (!expressionAliases.has(n) && !lambdaParams.has(n)))) all = true;
  if (!readsEvents) return { readsEvents: false, all: false, columns: new Set() };
  return all ? everything : { readsEvents, all: false, columns: used };
}
