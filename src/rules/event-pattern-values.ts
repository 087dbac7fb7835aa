// The value operators of EventBridge event patterns (exact values, prefix, suffix,
// equals-ignore-case, wildcard, anything-but, numeric, cidr, exists): validation of one match
// expression, with the JSON path of the fault, and its test over one JSON scalar.
// Does not walk pattern objects or events: event-pattern.ts does.
import ipaddr from "ipaddr.js";
import { PatternError } from "./errors.js";
import { matchWildcard, parseWildcard } from "./wildcard.js";

/** A JSON scalar as it appears in an event: the only values the value operators look at. */
export type Leaf = string | number | boolean | null;

/** One entry of a field's value list, after validation. `test` is absent only for `exists`. */
export type ValueMatcher =
  | { readonly type: "exists"; readonly exists: boolean }
  | { readonly type: "exact"; readonly value: Leaf; readonly test: (v: Leaf) => boolean }
  | {
      readonly type: "prefix" | "suffix" | "equals-ignore-case" | "wildcard" | "anything-but" | "numeric" | "cidr";
      readonly test: (v: Leaf) => boolean;
    };

/**
 * Numeric operands are limited as EventBridge limits them ("between -5.0e9 and +5.0e9 inclusive").
 * Values in events are compared as JS numbers whatever their size.
 */
const NUMERIC_LIMIT = 5e9;

/** Throws the PatternError for a fault at `path` (a JSON path such as `detail.errorCode[0]`). */
export function fail(path: string, reason: string): never {
  throw new PatternError(path === "" ? reason : `${path}: ${reason}`);
}

/** True for a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The JSON path of a key under `path`. */
export const child = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/** Validates one match expression object (`{"prefix": "us-"}` ...) and returns its matcher. */
export function parseMatchExpression(expr: Record<string, unknown>, path: string): ValueMatcher {
  const keys = Object.keys(expr);
  if (keys.length === 0) fail(path, "empty match expression");
  if (keys.length > 1) fail(path, `only one key is allowed in a match expression, found ${keys.map((k) => `"${k}"`).join(", ")}`);
  const type = keys[0]!;
  const operand = expr[type];
  const at = child(path, type);
  switch (type) {
    case "prefix":
    case "suffix":
      return parseAffix(type, operand, at);
    case "equals-ignore-case": {
      const s = requireString(operand, at);
      return { type, test: ignoreCaseEquals(s) };
    }
    case "wildcard": {
      const w = parseWildcard(requireString(operand, at));
      if (typeof w === "string") fail(at, w);
      return { type, test: (v) => typeof v === "string" && matchWildcard(w, v) };
    }
    case "anything-but":
      return { type, test: parseAnythingBut(operand, at) };
    case "numeric":
      return { type, test: parseNumeric(operand, at) };
    case "exists":
      if (typeof operand !== "boolean") fail(at, "must be true or false");
      return { type, exists: operand };
    case "cidr":
      return { type, test: parseCidr(operand, at) };
    default:
      return fail(path, `unrecognized match type "${type}"`);
  }
}

function requireString(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, "must be a string");
  return v;
}

function requireNumber(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail(path, "must be a number");
  if (Math.abs(v) > NUMERIC_LIMIT) fail(path, "must be between -5.0e9 and 5.0e9 inclusive");
  return v;
}

function parseAffix(type: "prefix" | "suffix", operand: unknown, path: string): ValueMatcher {
  let text: string;
  let ignoreCase = false;
  if (typeof operand === "string") text = operand;
  else if (isObject(operand) && Object.keys(operand).length === 1 && typeof operand["equals-ignore-case"] === "string") {
    text = operand["equals-ignore-case"];
    ignoreCase = true;
  } else return fail(path, 'must be a string or {"equals-ignore-case": string}');
  const wanted = ignoreCase ? text.toLowerCase() : text;
  const has = type === "prefix"
    ? (s: string) => s.startsWith(wanted)
    : (s: string) => s.endsWith(wanted);
  return {
    type,
    test: ignoreCase
      ? (v) => typeof v === "string" && has(v.toLowerCase())
      : (v) => typeof v === "string" && has(v),
  };
}

/**
 * `anything-but` matches any present value except the excluded ones. As in event-ruler, an
 * exclusion only applies to values of its own type: `{"anything-but": 5}` matches the string "5",
 * and the string forms match numbers, booleans and null. A missing field never matches.
 */
function parseAnythingBut(operand: unknown, path: string): (v: Leaf) => boolean {
  if (typeof operand === "string") return (v) => v !== operand;
  if (typeof operand === "number") {
    const n = requireNumber(operand, path);
    return (v) => v !== n;
  }
  if (Array.isArray(operand)) {
    if (operand.length === 0) fail(path, "empty arrays are not allowed");
    if (operand.every((x) => typeof x === "string")) {
      const set = new Set(operand);
      return (v) => typeof v !== "string" || !set.has(v);
    }
    if (operand.every((x) => typeof x === "number")) {
      const set = new Set(operand.map((x, i) => requireNumber(x, `${path}[${i}]`)));
      return (v) => typeof v !== "number" || !set.has(v);
    }
    return fail(path, "a list must hold only strings or only numbers");
  }
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) fail(path, "must hold exactly one of prefix, suffix, wildcard or equals-ignore-case");
    const key = keys[0]!;
    const inner = operand[key];
    const at = child(path, key);
    switch (key) {
      case "prefix": {
        const p = requireString(inner, at);
        if (p === "") fail(at, "must not be empty");
        return (v) => typeof v !== "string" || !v.startsWith(p);
      }
      case "suffix": {
        const s = requireString(inner, at);
        if (s === "") fail(at, "must not be empty");
        return (v) => typeof v !== "string" || !v.endsWith(s);
      }
      case "wildcard": {
        const w = parseWildcard(requireString(inner, at));
        if (typeof w === "string") fail(at, w);
        return (v) => typeof v !== "string" || !matchWildcard(w, v);
      }
      case "equals-ignore-case": {
        const list = typeof inner === "string" ? [inner] : inner;
        if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === "string")) {
          fail(at, "must be a string or a non-empty list of strings");
        }
        const tests = list.map(ignoreCaseEquals);
        return (v) => typeof v !== "string" || !tests.some((t) => t(v));
      }
      default:
        return fail(path, `unsupported anything-but operator "${key}"`);
    }
  }
  return fail(path, "must be a string, a number, a list, or an object with prefix, suffix, wildcard or equals-ignore-case");
}

const NUMERIC_OPS = new Set(["=", "<", "<=", ">", ">="]);

/** `numeric`: `["=", n]`, `["<", n]`, `[">", a]`, or a range `[">"|">=", a, "<"|"<=", b]` with a < b. */
function parseNumeric(operand: unknown, path: string): (v: Leaf) => boolean {
  if (!Array.isArray(operand) || operand.length === 0) fail(path, "must be a non-empty array");
  const op = operand[0];
  if (typeof op !== "string" || !NUMERIC_OPS.has(op)) fail(`${path}[0]`, `unrecognized numeric operator ${JSON.stringify(op)}`);
  if (operand.length < 2) fail(path, `missing value after "${op}"`);
  const a = requireNumber(operand[1], `${path}[1]`);
  if (op === "=" || op === "<" || op === "<=") {
    if (operand.length > 2) fail(path, "too many elements in numeric expression");
    if (op === "=") return (v) => typeof v === "number" && v === a;
    if (op === "<") return (v) => typeof v === "number" && v < a;
    return (v) => typeof v === "number" && v <= a;
  }
  const above = op === ">" ? (v: number) => v > a : (v: number) => v >= a;
  if (operand.length === 2) return (v) => typeof v === "number" && above(v);
  const op2 = operand[2];
  if (op2 !== "<" && op2 !== "<=") fail(`${path}[2]`, `the upper bound of a range must use "<" or "<=", found ${JSON.stringify(op2)}`);
  if (operand.length < 4) fail(path, `missing value after "${op2}"`);
  const b = requireNumber(operand[3], `${path}[3]`);
  if (operand.length > 4) fail(path, "too many elements in numeric expression");
  if (!(a < b)) fail(path, "the lower bound of a range must be less than the upper bound");
  const below = op2 === "<" ? (v: number) => v < b : (v: number) => v <= b;
  return (v) => typeof v === "number" && above(v) && below(v);
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses an IP address in its usual textual forms only (no "10.1" or octal IPv4 shorthands). */
function parseIp(s: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (s.includes(":") && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s);
  return undefined;
}

/** True when an exact string value is an IP address, which matches by address rather than by text. */
export function isIpLiteral(s: string): boolean {
  return parseIp(s) !== undefined;
}

function parseCidr(operand: unknown, path: string): (v: Leaf) => boolean {
  const text = requireString(operand, path);
  const slash = text.indexOf("/");
  const base = slash < 0 ? undefined : parseIp(text.slice(0, slash));
  const bitsText = slash < 0 ? "" : text.slice(slash + 1);
  const max = base?.kind() === "ipv4" ? 32 : 128;
  if (base === undefined || !/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) {
    fail(path, `"${text}" is not a valid CIDR block (expected e.g. "10.0.0.0/24" or "2001:db8::/32")`);
  }
  const range: [Address, number] = [base, Number(bitsText)];
  return (v) => {
    if (typeof v !== "string") return false;
    const ip = parseIp(v);
    return ip !== undefined && ip.kind() === base.kind() && ip.match(range);
  };
}

function ignoreCaseEquals(s: string): (v: Leaf) => boolean {
  const lower = s.toLowerCase();
  const upper = s.toUpperCase();
  return (v) => typeof v === "string" && (v.toLowerCase() === lower || v.toUpperCase() === upper);
}

/**
 * Exact values compare by JSON type and value: the number 5 does not match the string "5".
 * A string that is an IP address matches the same address however it is written, as event-ruler
 * turns such values into a one-address range ("2001:db8::1" matches "2001:0db8:0:0:0:0:0:1").
 */
export function exact(value: Leaf): ValueMatcher {
  if (typeof value === "string") {
    const ip = parseIp(value);
    if (ip !== undefined) {
      const bytes = ip.toByteArray().join(".");
      return {
        type: "exact", value,
        test: (v) => v === value || (typeof v === "string" && parseIp(v)?.toByteArray().join(".") === bytes),
      };
    }
  }
  return { type: "exact", value, test: (v) => v === value };
}
