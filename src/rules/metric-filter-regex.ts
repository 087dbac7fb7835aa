// The `%regex%` values of CloudWatch Logs filter patterns: the restricted syntax CloudWatch accepts
// (no parentheses; `^ $ . [] {} | \ * + ?`), matched as a search anywhere in the value.
// Runs as a state-set simulation (Thompson NFA): time is at most value length × pattern states
// (≤ 2000), it never backtracks, so no pattern or input can make it slow. Does not parse the rest of a filter pattern.

/** A regex that does not parse: `offset` is the 0-based position inside the regex text. */
export class RegexSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

type CharTest = (c: string) => boolean;
interface Item {
  readonly test: CharTest;
  /** "one": exactly once; "opt": zero or one; "star": zero or more. */
  readonly kind: "one" | "opt" | "star";
}
interface Alternative {
  readonly items: readonly Item[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** Upper bound on the size of the expanded automaton, which `{m,n}` repetitions can inflate. */
const MAX_STATES = 2000;

const isDigit: CharTest = (c) => c >= "0" && c <= "9";
const isWord: CharTest = (c) => isDigit(c) || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isSpace: CharTest = (c) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = {
  d: isDigit, D: (c) => !isDigit(c), w: isWord, W: (c) => !isWord(c), s: isSpace, S: (c) => !isSpace(c),
};
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", f: "\f", v: "\v" };

/** Compiles a CloudWatch regex body (without the `%` delimiters) into a search predicate. */
export function compileRegex(source: string): (value: string) => boolean {
  const alternatives = new Parser(source).parse();
  return (value) => alternatives.some((alt) => run(alt, value));
}

class Parser {
  private pos = 0;
  private states = 0;
  constructor(private readonly src: string) {}

  parse(): Alternative[] {
    if (this.src === "") throw new RegexSyntaxError("empty regex", 0);
    const alternatives: Alternative[] = [this.alternative()];
    while (this.src[this.pos] === "|") {
      this.pos++;
      alternatives.push(this.alternative());
    }
    return alternatives;
  }

  private alternative(): Alternative {
    const items: Item[] = [];
    let anchoredStart = false;
    let anchoredEnd = false;
    if (this.src[this.pos] === "^") {
      anchoredStart = true;
      this.pos++;
    }
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === "|") break;
      if (c === "$") {
        const next = this.src[this.pos + 1];
        if (next !== undefined && next !== "|") throw new RegexSyntaxError('"$" is only allowed at the end of an alternative', this.pos);
        anchoredEnd = true;
        this.pos++;
        break;
      }
      const at = this.pos;
      const test = this.atom();
      const quantified = this.quantifier(test, at);
      items.push(...quantified);
      this.states += quantified.length;
      if (this.states > MAX_STATES) throw new RegexSyntaxError(`the regex is too large (more than ${MAX_STATES} repeated elements)`, at);
    }
    return { items, anchoredStart, anchoredEnd };
  }

  private atom(): CharTest {
    const at = this.pos;
    const c = this.src[this.pos++]!;
    switch (c) {
      case "(":
      case ")":
        throw new RegexSyntaxError("parentheses are not supported in CloudWatch regex", at);
      case "*":
      case "+":
      case "?":
      case "{":
        throw new RegexSyntaxError(`"${c}" has nothing to repeat`, at);
      case "^":
        throw new RegexSyntaxError('"^" is only allowed at the start of an alternative', at);
      case ".":
        return () => true;
      case "[":
        return this.charClass(at);
      case "\\":
        return this.escape(false) as CharTest;
      default:
        return (x) => x === c;
    }
  }

  /** After a backslash: a class escape (\d \w \s and negations), a control escape, or the literal character. */
  private escape(inClass: boolean): CharTest | string {
    const at = this.pos - 1;
    const c = this.src[this.pos++];
    if (c === undefined) throw new RegexSyntaxError('a trailing "\\" escapes nothing', at);
    const cls = CLASS_ESCAPES[c];
    if (cls !== undefined) return cls;
    const literal = CONTROL_ESCAPES[c] ?? c;
    return inClass ? literal : (x: string) => x === literal;
  }

  private charClass(start: number): CharTest {
    let negated = false;
    if (this.src[this.pos] === "^") {
      negated = true;
      this.pos++;
    }
    const tests: CharTest[] = [];
    let first = true;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw new RegexSyntaxError('unterminated "[" character class', start);
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      const lo = this.classChar();
      if (typeof lo !== "string") {
        tests.push(lo);
        continue;
      }
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== undefined && this.src[this.pos + 1] !== "]") {
        const dash = this.pos;
        this.pos++;
        const hi = this.classChar();
        if (typeof hi !== "string" || hi < lo) throw new RegexSyntaxError("invalid range in character class", dash);
        tests.push((x) => x >= lo && x <= hi);
      } else {
        tests.push((x) => x === lo);
      }
    }
    return negated ? (x) => !tests.some((t) => t(x)) : (x) => tests.some((t) => t(x));
  }

  private classChar(): CharTest | string {
    const c = this.src[this.pos++]!;
    return c === "\\" ? this.escape(true) : c;
  }

  private quantifier(test: CharTest, at: number): Item[] {
    const q = this.src[this.pos];
    let min: number;
    let max: number | undefined;
    if (q === "*") [min, max] = [0, undefined];
    else if (q === "+") [min, max] = [1, undefined];
    else if (q === "?") [min, max] = [0, 1];
    else if (q === "{") [min, max] = this.bounds();
    else return [{ test, kind: "one" }];
    if (q !== "{") this.pos++;
    const next = this.src[this.pos];
    if (next === "*" || next === "+" || next === "?" || next === "{") {
      throw new RegexSyntaxError(`"${next}" cannot follow another repetition operator`, this.pos);
    }
    const items: Item[] = [];
    for (let i = 0; i < min; i++) items.push({ test, kind: "one" });
    if (max === undefined) items.push({ test, kind: "star" });
    else for (let i = min; i < max; i++) items.push({ test, kind: "opt" });
    if (items.length > MAX_STATES) throw new RegexSyntaxError(`the repetition is too large (more than ${MAX_STATES})`, at);
    return items;
  }

  private bounds(): [number, number | undefined] {
    const start = this.pos;
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.src.slice(this.pos));
    if (m === null) throw new RegexSyntaxError('"{" must be followed by a repetition count such as {2}, {2,} or {2,5}', start);
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? undefined : Number(m[3]);
    if (max !== undefined && max < min) throw new RegexSyntaxError(`invalid repetition {${min},${max}}: the maximum is below the minimum`, start);
    return [min, max];
  }
}

/** Simulates one alternative over the value's characters, keeping the set of live states. */
function run(alt: Alternative, value: string): boolean {
  const { items, anchoredStart, anchoredEnd } = alt;
  const accept = items.length;
  let current = new Uint8Array(accept + 1);
  let next = new Uint8Array(accept + 1);
  // Optional and starred items can be skipped without consuming input. A state already in the set
  // had its run of skippable successors added with it: stopping there keeps each step linear in the
  // number of states (without it, `a?a?a?…` made every step quadratic).
  const addClosure = (set: Uint8Array, state: number): void => {
    let s = state;
    for (;;) {
      if (set[s] === 1) return;
      set[s] = 1;
      if (s === accept || items[s]!.kind === "one") return;
      s++;
    }
  };
  addClosure(current, 0);
  for (const c of value) {
    if (current[accept] === 1 && !anchoredEnd) return true;
    next.fill(0);
    let alive = false;
    for (let s = 0; s < accept; s++) {
      if (current[s] !== 1) continue;
      const item = items[s]!;
      if (!item.test(c)) continue;
      addClosure(next, item.kind === "star" ? s : s + 1);
      alive = true;
    }
    if (!anchoredStart) addClosure(next, 0);
    else if (!alive) return false;
    [current, next] = [next, current];
  }
  return current[accept] === 1;
}
