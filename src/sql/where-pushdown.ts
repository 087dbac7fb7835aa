// Pre-filters for the readers, taken from a statement's WHERE clause: `column = 'text'` and
// `column IN ('a', 'b')` conjuncts on string columns of `events`, when the statement reads the
// table exactly once, straight from a SELECT with that WHERE. They become the job filter's
// `fieldIn` (query/compile-filter.ts), so `SELECT count(*) ... WHERE useridentity.username = 'alice'`
// reads like `ct lookup` and sends a few rows, not the archive. DuckDB still applies the whole
// WHERE: this only removes rows it would remove.
import { ATHENA_COLUMNS, type Field } from "./events-schema.js";

/** A record passes when the string at `path` (CloudTrail's keys) is one of `values`. */
export interface PushedFilter {
  path: string[];
  values: string[];
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** CloudTrail's key path for an Athena column path ending at a plain string, else undefined. */
export function sourcePathOf(names: readonly string[]): string[] | undefined {
  let fields: readonly Field[] = ATHENA_COLUMNS;
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const f = fields.find((x) => x.name === names[i]!.toLowerCase());
    // eventid reads two keys, JSON text is re-serialised: neither compares as the raw string.
    if (!f || f.jsonText || f.name === "eventid") return undefined;
    out.push(f.source);
    if (i === names.length - 1) return f.type.kind === "string" ? out : undefined;
    if (f.type.kind !== "struct") return undefined;
    fields = f.type.fields;
  }
  return undefined;
}

function stringConstant(v: unknown): string | undefined {
  if (!isNode(v) || v["class"] !== "CONSTANT") return undefined;
  const value = v["value"];
  if (!isNode(value) || value["is_null"] !== false) return undefined;
  const type = value["type"];
  if (!isNode(type) || type["id"] !== "VARCHAR" || typeof value["value"] !== "string") return undefined;
  return value["value"];
}

/** Counts every string in the tree equal to one of the names (a table named anywhere). */
function countNames(v: unknown, names: ReadonlySet<string>): number {
  if (typeof v === "string") return names.has(v.toLowerCase()) ? 1 : 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countNames(x, names), 0);
  if (isNode(v)) return Object.values(v).reduce((n: number, x) => n + countNames(x, names), 0);
  return 0;
}

/** The SELECT node whose FROM is the table itself, found anywhere in the tree. */
function findSelectOver(v: unknown, names: ReadonlySet<string>): Node | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = findSelectOver(x, names);
      if (found) return found;
    }
    return undefined;
  }
  if (!isNode(v)) return undefined;
  const from = v["from_table"];
  if (v["type"] === "SELECT_NODE" && isNode(from) && from["type"] === "BASE_TABLE" && typeof from["table_name"] === "string" && names.has(from["table_name"].toLowerCase()))
    return v;
  for (const x of Object.values(v)) {
    const found = findSelectOver(x, names);
    if (found) return found;
  }
  return undefined;
}

function conjuncts(e: unknown): unknown[] {
  if (isNode(e) && e["class"] === "CONJUNCTION" && e["type"] === "CONJUNCTION_AND" && Array.isArray(e["children"]))
    return (e["children"] as unknown[]).flatMap(conjuncts);
  return [e];
}

/** Pre-filters from json_serialize_sql's tree; empty when nothing can be pushed safely. */
export function pushdownFilters(serialized: unknown, tableNames: readonly string[]): PushedFilter[] {
  if (!isNode(serialized) || serialized["error"] !== false || !Array.isArray(serialized["statements"])) return [];
  const names = new Set(tableNames.map((t) => t.toLowerCase()));
  // Read once: a second reference (a join with itself, a subquery) may need the other rows.
  if (countNames(serialized["statements"], names) !== 1) return [];
  const select = findSelectOver(serialized["statements"], names);
  if (!select) return [];
  const from = select["from_table"] as Node;
  const qualifiers = new Set([String(from["alias"] ?? "").toLowerCase(), String(from["table_name"]).toLowerCase()].filter((s) => s !== ""));
  const columnPath = (e: unknown): string[] | undefined => {
    if (!isNode(e) || e["class"] !== "COLUMN_REF" || !Array.isArray(e["column_names"])) return undefined;
    let parts = (e["column_names"] as unknown[]).map(String);
    if (parts.length > 1 && qualifiers.has(parts[0]!.toLowerCase()) && !ATHENA_COLUMNS.some((c) => c.name === parts[0]!.toLowerCase())) parts = parts.slice(1);
    return sourcePathOf(parts);
  };
  const out: PushedFilter[] = [];
  for (const c of conjuncts(select["where_clause"])) {
    if (!isNode(c)) continue;
    if (c["class"] === "COMPARISON" && c["type"] === "COMPARE_EQUAL") {
      const [l, r] = [c["left"], c["right"]];
      const path = columnPath(l) ?? columnPath(r);
      const value = stringConstant(r) ?? stringConstant(l);
      if (path && value !== undefined && (columnPath(l) ? stringConstant(r) : stringConstant(l)) !== undefined) out.push({ path, values: [value] });
    } else if (c["class"] === "OPERATOR" && c["type"] === "COMPARE_IN" && Array.isArray(c["children"])) {
      const [first, ...rest] = c["children"] as unknown[];
      const path = columnPath(first);
      const values = rest.map(stringConstant);
      if (path && values.length > 0 && values.every((v) => v !== undefined)) out.push({ path, values: values as string[] });
    }
  }
  return out;
}
