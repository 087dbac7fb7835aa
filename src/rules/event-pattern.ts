// EventBridge event patterns: validation of pattern objects (fields, nesting, `$or`), rejecting what
// EventBridge rejects with the JSON path of the fault, and compilation to a predicate over one event.
// The value operators are in event-pattern-values.ts. Does not know about CloudTrail: wrapping a
// record in the EventBridge envelope is envelope.ts.
import { PatternError } from "./errors.js";
import { type Leaf, type ValueMatcher, child, exact, fail, isObject, parseMatchExpression } from "./event-pattern-values.js";

export type { Leaf, ValueMatcher } from "./event-pattern-values.js";
export { isIpLiteral } from "./event-pattern-values.js";

/** A field of a pattern object: either a nested object or a list of value matchers (OR). */
export type PatternField =
  | { readonly key: string; readonly kind: "object"; readonly object: PatternObject }
  | { readonly key: string; readonly kind: "values"; readonly values: readonly ValueMatcher[] };

/** A validated pattern object: all fields must match (AND), and one of the `$or` branches when present. */
export interface PatternObject {
  readonly fields: readonly PatternField[];
  readonly or: readonly PatternObject[] | undefined;
}

/** Field names EventBridge refuses inside `$or` branches (event-ruler's RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  "equals", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "numeric", "cidr", "wildcard",
]);

/** Validates an EventBridge event pattern and returns its parsed form; throws PatternError naming the JSON path. */
export function parseEventPattern(pattern: unknown): PatternObject {
  if (!isObject(pattern)) throw new PatternError("the event pattern must be a JSON object");
  return parseObject(pattern, "", false);
}

/** Compiles an EventBridge event pattern into a predicate over one event; throws PatternError when invalid. */
export function compileEventPattern(pattern: unknown): (event: unknown) => boolean {
  const parsed = parseEventPattern(pattern);
  const match = compileObject(parsed);
  return (event) => match(event);
}

// ---------------------------------------------------------------- validation

function parseObject(obj: Record<string, unknown>, path: string, insideOr: boolean): PatternObject {
  const keys = Object.keys(obj);
  if (keys.length === 0) fail(path, "empty objects are not allowed");
  const fields: PatternField[] = [];
  let or: PatternObject[] | undefined;
  for (const key of keys) {
    const value = obj[key];
    const at = child(path, key);
    if (key === "$or") {
      or = parseOr(value, at);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) fail(at, `"${key}" is a reserved word and cannot be a field name inside $or`);
    if (Array.isArray(value)) fields.push({ key, kind: "values", values: parseValues(value, at) });
    else if (isObject(value)) fields.push({ key, kind: "object", object: parseObject(value, at, insideOr) });
    else fail(at, "must be an object or an array");
  }
  return { fields, or };
}

function parseOr(value: unknown, path: string): PatternObject[] {
  if (!Array.isArray(value)) fail(path, "must be an array of at least 2 objects");
  const branches = value.map((branch, i) => {
    if (!isObject(branch)) fail(`${path}[${i}]`, "must be an object");
    return parseObject(branch, `${path}[${i}]`, true);
  });
  if (branches.length < 2) fail(path, "must have at least 2 objects");
  return branches;
}

function parseValues(list: unknown[], path: string): ValueMatcher[] {
  if (list.length === 0) fail(path, "empty arrays are not allowed");
  return list.map((v, i) => {
    const at = `${path}[${i}]`;
    if (isObject(v)) return parseMatchExpression(v, at);
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return exact(v);
    return fail(at, "a match value must be a string, number, true, false, null or a match expression object");
  });
}

// ---------------------------------------------------------------- matching

/**
 * Leaf values of an event field. Arrays are flattened (a field matches when any element does);
 * objects are not leaves, so `{"exists": true}` is false and `{"exists": false}` true for them.
 */
function leavesOf(v: unknown, out: Leaf[]): void {
  if (Array.isArray(v)) {
    for (const e of v) leavesOf(e, out);
  } else if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
    out.push(v);
  }
}

function compileValues(values: readonly ValueMatcher[]): (v: unknown) => boolean {
  let ifPresent = false;
  let ifAbsent = false;
  const tests: ((v: Leaf) => boolean)[] = [];
  for (const m of values) {
    if (m.type === "exists") {
      if (m.exists) ifPresent = true;
      else ifAbsent = true;
    } else tests.push(m.test);
  }
  const anyTest = (leaf: Leaf): boolean => {
    for (const t of tests) if (t(leaf)) return true;
    return false;
  };
  return (v) => {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      return ifPresent || anyTest(v);
    }
    const leaves: Leaf[] = [];
    leavesOf(v, leaves);
    if (leaves.length === 0) return ifAbsent;
    if (ifPresent) return true;
    for (const leaf of leaves) if (anyTest(leaf)) return true;
    return false;
  };
}

type ObjectMatcher = (v: unknown) => boolean;

/**
 * A nested pattern applied to an array of objects must be satisfied by ONE element (event-ruler's
 * "array-consistent" matching: fields from different elements never combine). A nested pattern
 * applied to a missing or scalar value sees all its fields as missing, so only `exists: false` can hold.
 */
function compileObject(obj: PatternObject): ObjectMatcher {
  const fields = obj.fields.map((f) => {
    const test = f.kind === "values" ? compileValues(f.values) : compileObject(f.object);
    return { key: f.key, test };
  });
  const branches = obj.or?.map(compileObject);
  const matchHere = (rec: Record<string, unknown> | undefined): boolean => {
    for (const f of fields) {
      const value = rec !== undefined && Object.hasOwn(rec, f.key) ? rec[f.key] : undefined;
      if (!f.test(value)) return false;
    }
    if (branches !== undefined) {
      for (const b of branches) if (b(rec)) return true;
      return false;
    }
    return true;
  };
  const match = (v: unknown): boolean => {
    if (Array.isArray(v)) {
      if (v.length === 0) return matchHere(undefined);
      for (const e of v) if (match(e)) return true;
      return false;
    }
    return matchHere(isObject(v) ? v : undefined);
  };
  return match;
}
