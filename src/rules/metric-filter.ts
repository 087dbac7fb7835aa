// CloudWatch Logs JSON filter patterns (`{ $.eventName = "ConsoleLogin" && ... }`): a parser with
// column-accurate errors and a compiler to a predicate over one record, following the CloudWatch
// Logs "Filter pattern syntax" page. Text and space-delimited patterns are not supported (CloudTrail
// is JSON); comparison semantics are documented on compileMetricFilter.
import { PatternError } from "./errors.js";
import { compileRegex, RegexSyntaxError } from "./metric-filter-regex.js";

/** A path into the record: property names and array indexes, as written after `$`. */
export type Selector = readonly (string | number)[];
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type FilterValue =
  | { readonly kind: "string"; readonly text: string; readonly quoted: boolean }
  | { readonly kind: "number"; readonly value: number; readonly text: string }
  | { readonly kind: "regex"; readonly source: string; readonly test: (s: string) => boolean };

/** The parsed form of a filter pattern (also read by the rule index). */
export type FilterExpr =
  | { readonly kind: "and" | "or"; readonly terms: readonly FilterExpr[] }
  | { readonly kind: "compare"; readonly selector: Selector; readonly op: CompareOp; readonly value: FilterValue }
  | { readonly kind: "is"; readonly selector: Selector; readonly literal: true | false | null }
  | { readonly kind: "exists"; readonly selector: Selector; readonly exists: boolean };

/** Parses a CloudWatch Logs JSON filter pattern; throws PatternError naming the 1-based column of the fault. */
export function parseMetricFilter(text: string): FilterExpr {
  return new FilterParser(text).parse();
}

/**
 * Compiles a CloudWatch Logs JSON filter pattern into a predicate over one record. Semantics, pinned by the tests:
 *  * a selector must reach a string or number ("value node"); on a missing field, an object, an
 *    array, a boolean or null, both `=` and `!=` are false (so `!=` never fires on a missing field);
 *  * `*` is a wildcard only at the start or end of a value (`*Event`, `Event*`, `*vent*`, `*`); a `*`
 *    in the middle is literal, as the CloudWatch docs say of "Ev*ent";
 *  * a bare number (`= 400`) equals the number 400 and the string "400"; `<` `>` `<=` `>=` need a
 *    number value and a JSON number in the record; a quoted "400" compares as text (it equals 400 too);
 *  * `IS TRUE` / `IS FALSE` / `IS NULL` test the JSON literal; `EXISTS` holds for any value, objects included;
 *  * keywords (IS, TRUE, FALSE, NULL, EXISTS, NOT) are accepted in any letter case.
 */
export function compileMetricFilter(text: string): (record: unknown) => boolean {
  return compileExpr(parseMetricFilter(text));
}

// ---------------------------------------------------------------- parsing

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Characters that end a bare (unquoted) value. */
const BARE_STOP = new Set([" ", "\t", "\n", "\r", "(", ")", "{", "}", "&", "|", '"', "=", "!", "<", ">"]);

/** Parentheses nested deeper than this are refused: parsing and matching recurse per level. */
const MAX_NESTING = 100;

class FilterParser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  parse(): FilterExpr {
    this.skipSpace();
    if (this.src[this.pos] !== "{") {
      this.fail('expected "{": only JSON filter patterns of the form { $.field = value } are supported');
    }
    this.pos++;
    const expr = this.orExpr();
    this.skipSpace();
    if (this.src[this.pos] !== "}") this.fail('expected "&&", "||" or "}"');
    this.pos++;
    this.skipSpace();
    if (this.pos < this.src.length) this.fail('unexpected text after the closing "}"');
    return expr;
  }

  private orExpr(): FilterExpr {
    const terms = [this.andExpr()];
    while (this.skipSpace(), this.src.startsWith("||", this.pos)) {
      this.pos += 2;
      terms.push(this.andExpr());
    }
    return terms.length === 1 ? terms[0]! : { kind: "or", terms };
  }

  private andExpr(): FilterExpr {
    const terms = [this.primary()];
    while (this.skipSpace(), this.src.startsWith("&&", this.pos)) {
      this.pos += 2;
      terms.push(this.primary());
    }
    return terms.length === 1 ? terms[0]! : { kind: "and", terms };
  }

  private primary(): FilterExpr {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === "(") {
      const open = this.pos;
      if (++this.depth > MAX_NESTING) this.fail(`parentheses nested more than ${MAX_NESTING} deep`);
      this.pos++;
      const inner = this.orExpr();
      this.depth--;
      this.skipSpace();
      if (this.src[this.pos] !== ")") this.fail(`expected ")" to close the "(" at column ${open + 1}`);
      this.pos++;
      return inner;
    }
    if (c === "$") return this.condition();
    return this.fail('expected a selector such as $.eventName, or "("');
  }

  private condition(): FilterExpr {
    const start = this.pos;
    const selector = this.selector();
    const selectorText = this.src.slice(start, this.pos);
    this.skipSpace();
    const opStart = this.pos;
    const op = (["!=", "<=", ">=", "=", "<", ">"] as const).find((o) => this.src.startsWith(o, this.pos));
    if (op !== undefined) {
      this.pos += op.length;
      const value = this.value(op);
      return { kind: "compare", selector, op, value };
    }
    const word = this.word();
    if (word === "IS") {
      this.skipSpace();
      const literalAt = this.pos;
      const literal = this.word();
      if (literal === "TRUE") return { kind: "is", selector, literal: true };
      if (literal === "FALSE") return { kind: "is", selector, literal: false };
      if (literal === "NULL") return { kind: "is", selector, literal: null };
      this.pos = literalAt;
      return this.fail("expected TRUE, FALSE or NULL after IS");
    }
    if (word === "EXISTS") return { kind: "exists", selector, exists: true };
    if (word === "NOT") {
      this.skipSpace();
      const existsAt = this.pos;
      if (this.word() === "EXISTS") return { kind: "exists", selector, exists: false };
      this.pos = existsAt;
      return this.fail("expected EXISTS after NOT");
    }
    this.pos = opStart;
    return this.fail(`expected an operator (=, !=, <, <=, >, >=, IS, EXISTS or NOT EXISTS) after ${selectorText}`);
  }

  private selector(): (string | number)[] {
    this.pos++; // "$"
    const steps: (string | number)[] = [];
    for (;;) {
      const c = this.src[this.pos];
      if (c === ".") {
        this.pos++;
        const m = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.pos));
        if (m === null) this.fail('expected a property name (letters, digits, "-" or "_") after "."');
        steps.push(m[0]);
        this.pos += m[0].length;
      } else if (c === "[") {
        this.pos++;
        const m = /^\d+/.exec(this.src.slice(this.pos));
        if (m === null) this.fail("expected an array index such as [0]");
        this.pos += m[0].length;
        if (this.src[this.pos] !== "]") this.fail('expected "]" after the array index');
        this.pos++;
        steps.push(Number(m[0]));
      } else break;
    }
    if (steps.length === 0) this.fail('expected "." and a property name after "$"');
    if (typeof steps[0] === "number") {
      this.pos -= 1;
      this.fail("an array index must follow a property name, as in $.users[0]");
    }
    return steps;
  }

  private value(op: CompareOp): FilterValue {
    this.skipSpace();
    const start = this.pos;
    const c = this.src[this.pos];
    let value: FilterValue;
    if (c === '"') value = this.quoted();
    else if (c === "%") value = this.regex();
    else {
      let end = this.pos;
      while (end < this.src.length && !BARE_STOP.has(this.src[end]!)) end++;
      const text = this.src.slice(this.pos, end);
      if (text === "") return this.fail(`expected a value after "${op}"`);
      this.pos = end;
      value = NUMBER.test(text) ? { kind: "number", value: Number(text), text } : { kind: "string", text, quoted: false };
    }
    if (op !== "=" && op !== "!=" && value.kind !== "number") {
      this.pos = start;
      this.fail(`expected a number after "${op}" (only = and != compare text)`);
    }
    return value;
  }

  private quoted(): FilterValue {
    const open = this.pos;
    let text = "";
    for (let i = this.pos + 1; i < this.src.length; i++) {
      const ch = this.src[i]!;
      if (ch === "\\" && i + 1 < this.src.length) {
        text += this.src[++i];
      } else if (ch === '"') {
        this.pos = i + 1;
        return { kind: "string", text, quoted: true };
      } else text += ch;
    }
    this.pos = open;
    return this.fail("unterminated string: no closing '\"'");
  }

  private regex(): FilterValue {
    const open = this.pos;
    const close = this.src.indexOf("%", open + 1);
    if (close < 0) return this.fail('unterminated regex: no closing "%"');
    const source = this.src.slice(open + 1, close);
    try {
      const test = compileRegex(source);
      this.pos = close + 1;
      return { kind: "regex", source, test };
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      this.pos = open + 1 + e.offset;
      return this.fail(`invalid regex: ${e.message}`);
    }
  }

  private word(): string {
    const m = /^[A-Za-z]+/.exec(this.src.slice(this.pos));
    if (m === null) return "";
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private fail(reason: string): never {
    throw new PatternError(describeAt(this.src, this.pos, reason));
  }
}

/**
 * `column N: reason, found "x" (near: …text…)`: one line, because messages are printed one per
 * line with control characters escaped; the excerpt shows up to 20 characters each side.
 */
function describeAt(src: string, index: number, reason: string): string {
  const found = index >= src.length ? "the end of the pattern" : JSON.stringify(src[index]);
  const from = Math.max(0, index - 20);
  const to = Math.min(src.length, index + 21);
  const near = (from > 0 ? "…" : "") + src.slice(from, to).replace(/\s+/g, " ") + (to < src.length ? "…" : "");
  return `column ${index + 1}: ${reason}, found ${found} (near: ${near.trim()})`;
}

// ---------------------------------------------------------------- evaluation

function resolve(record: unknown, selector: Selector): unknown {
  let node = record;
  for (const step of selector) {
    if (typeof step === "number") {
      if (!Array.isArray(node) || step >= node.length) return undefined;
      node = node[step];
    } else {
      if (typeof node !== "object" || node === null || Array.isArray(node) || !Object.hasOwn(node, step)) return undefined;
      node = (node as Record<string, unknown>)[step];
    }
  }
  return node;
}

/** Text equality with CloudWatch's leading/trailing `*` wildcards. */
function textMatches(pattern: string, s: string): boolean {
  if (pattern === "*") return true;
  const lead = pattern.startsWith("*");
  const trail = pattern.length > 1 && pattern.endsWith("*");
  const core = pattern.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (lead && trail) return s.includes(core);
  if (lead) return s.endsWith(core);
  if (trail) return s.startsWith(core);
  return s === core;
}

function equalsValue(value: FilterValue, node: string | number): boolean {
  switch (value.kind) {
    case "string":
      return textMatches(value.text, typeof node === "number" ? String(node) : node);
    case "number":
      return typeof node === "number" ? node === value.value : node === value.text;
    case "regex":
      return value.test(typeof node === "number" ? String(node) : node);
  }
}

function compare(op: CompareOp, value: FilterValue, node: unknown): boolean {
  if (typeof node !== "string" && typeof node !== "number") return false;
  if (op === "=") return equalsValue(value, node);
  if (op === "!=") return !equalsValue(value, node);
  if (typeof node !== "number" || value.kind !== "number") return false;
  const n = value.value;
  switch (op) {
    case "<": return node < n;
    case "<=": return node <= n;
    case ">": return node > n;
    case ">=": return node >= n;
  }
}

/** Turns a parsed pattern into a closure tree, so evaluation does no dispatch on node kinds. */
function compileExpr(expr: FilterExpr): (record: unknown) => boolean {
  switch (expr.kind) {
    case "and": {
      const terms = expr.terms.map(compileExpr);
      return (r) => {
        for (const t of terms) if (!t(r)) return false;
        return true;
      };
    }
    case "or": {
      const terms = expr.terms.map(compileExpr);
      return (r) => {
        for (const t of terms) if (t(r)) return true;
        return false;
      };
    }
    case "compare": {
      const { op, value, selector } = expr;
      return (r) => compare(op, value, resolve(r, selector));
    }
    case "is": {
      const { literal, selector } = expr;
      return (r) => resolve(r, selector) === literal;
    }
    case "exists": {
      const { exists, selector } = expr;
      return (r) => (resolve(r, selector) !== undefined) === exists;
    }
  }
}
