// AssemblyScript, compiled to WebAssembly by scripts/build.mjs (not by tsc): the byte-level twin of
// record-bounds.ts. It checks the JSON syntax of a log document's UTF-8 bytes 64 at a time with SIMD
// and finds where each record of `{"Records":[...]}` starts and ends, building nothing. It answers
// only for that form; the caller parses anything else whole and reports what is wrong.

/** Nesting the scan follows, as record-bounds.ts; deeper documents are left to JSON.parse. */
const MAX_DEPTH: i32 = 200;

// What the next token may be, and in what: an object, an array, or Records itself (TOP).
const VALUE_OBJ: u8 = 0; // after a colon
const VALUE_ARR: u8 = 1; // after a comma in an array
const VALUE_OR_CLOSE_ARR: u8 = 2; // after `[`
const KEY_OR_CLOSE: u8 = 3; // after `{`
const KEY: u8 = 4; // after a comma in an object
const COLON: u8 = 5; // after a key
const NEXT_OBJ: u8 = 6; // after a member's value
const NEXT_ARR: u8 = 7; // after an element
const VALUE_TOP: u8 = 8; // after a comma between records
const VALUE_OR_CLOSE_TOP: u8 = 9; // after the `[` of Records
const NEXT_TOP: u8 = 10; // after a record
const ERR: u8 = 15;

// Token classes (TOKEN_CLASS): 0 quote, 1 colon, 2 comma and 3 scalar move by TRANSITIONS alone;
// 4 `{` or `[`, 5 `}`, 6 `]` also move the stack.
const C_SCALAR: u32 = 3;
const C_OPEN: u32 = 4;
const C_CLOSE_OBJ: u32 = 5;

/** TRANSITIONS[state * 4 + class] for quotes, colons, commas and scalars. */
const TRANSITIONS = memory.data<u8>([
  // quote, colon, comma, scalar
  NEXT_OBJ, ERR, ERR, NEXT_OBJ, // VALUE_OBJ
  NEXT_ARR, ERR, ERR, NEXT_ARR, // VALUE_ARR
  NEXT_ARR, ERR, ERR, NEXT_ARR, // VALUE_OR_CLOSE_ARR
  COLON, ERR, ERR, ERR, // KEY_OR_CLOSE
  COLON, ERR, ERR, ERR, // KEY
  ERR, VALUE_OBJ, ERR, ERR, // COLON
  ERR, ERR, KEY, ERR, // NEXT_OBJ
  ERR, ERR, VALUE_ARR, ERR, // NEXT_ARR
  ERR, ERR, ERR, ERR, // VALUE_TOP: a record that is a string or scalar is the schema's to report
  ERR, ERR, ERR, ERR, // VALUE_OR_CLOSE_TOP
  ERR, ERR, VALUE_TOP, ERR, // NEXT_TOP
  ERR, ERR, ERR, ERR,
  ERR, ERR, ERR, ERR,
  ERR, ERR, ERR, ERR,
  ERR, ERR, ERR, ERR,
  ERR, ERR, ERR, ERR, // ERR
]);

/** After a container opens in `state`, the state its close returns to; ERR where none may open. */
const AFTER_CLOSE = memory.data<u8>([NEXT_OBJ, NEXT_ARR, NEXT_ARR, ERR, ERR, ERR, ERR, ERR, NEXT_TOP, NEXT_TOP, ERR, ERR, ERR, ERR, ERR, ERR]);

/** Result codes below zero. */
const NOT_THE_FORM: i32 = -1;
const FULL: i32 = -2;

/** The class of each byte that starts a token: any byte not structural or a quote starts a scalar. */
const TOKEN_CLASS = memory.data<u8>([
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 6, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 5, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
]);

/** The state each open container returns to when it closes. */
const stack = memory.data(MAX_DEPTH + 8);
let escapeTotal: i32 = 0;

/** Where the caller may put its buffers: everything below is this module's own. */
export function heapBase(): usize {
  return __heap_base;
}

/** How many escapes the last scan wrote. */
export function escapeCount(): i32 {
  return escapeTotal;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

@inline function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}

function skipSpace(p: usize, i: i32, len: i32): i32 {
  while (i < len && isSpace(load<u8>(p + i))) i++;
  return i;
}

/** Whether `c` may follow a number or literal: whitespace, a structural character or a quote. */
@inline function endsScalar(c: u32): bool {
  return isSpace(c) || c == 0x2c || c == 0x7d || c == 0x5d || c == 0x3a || c == 0x22 || c == 0x7b || c == 0x5b;
}

function digitsFrom(p: usize, j: i32, len: i32): i32 {
  while (j < len && isDigit(load<u8>(p + j))) j++;
  return j;
}

/** Whether a whole literal or number (as JSON spells them) starts at `i`. */
function scalarAt(p: usize, i: i32, len: i32): bool {
  const c = <u32>load<u8>(p + i);
  let j = i;
  if (c == 0x74 || c == 0x6e) {
    // "true", "null": four bytes, compared as one little-endian word
    if (i + 4 > len || load<u32>(p + i) != (c == 0x74 ? 0x65757274 : 0x6c6c756e)) return false;
    j = i + 4;
  } else if (c == 0x66) {
    if (i + 5 > len || load<u32>(p + i + 1) != 0x65736c61) return false; // "alse"
    j = i + 5;
  } else {
    if (c == 0x2d) j++;
    if (j >= len) return false;
    const d = <u32>load<u8>(p + j);
    if (d == 0x30) j++;
    else if (d - 0x31 < 9) j = digitsFrom(p, j + 1, len);
    else return false;
    if (j < len && load<u8>(p + j) == 0x2e) {
      j++;
      if (j >= len || !isDigit(load<u8>(p + j))) return false;
      j = digitsFrom(p, j, len);
    }
    if (j < len && (load<u8>(p + j) | 0x20) == 0x65) {
      j++;
      if (j < len && (load<u8>(p + j) == 0x2b || load<u8>(p + j) == 0x2d)) j++;
      if (j >= len || !isDigit(load<u8>(p + j))) return false;
      j = digitsFrom(p, j, len);
    }
  }
  return j >= len || endsScalar(load<u8>(p + j));
}

@inline function bits(v: v128): u64 {
  return <u64>(<u32>i8x16.bitmask(v));
}

/** Bit i of the result is the XOR of bits 0..i: set from an opening quote up to its closing one. */
@inline function prefixXor(x: u64): u64 {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/**
 * Scans the `len` bytes at `p`, which must be followed by 64 bytes the caller owns (read, never
 * used). Writes each record's start and end (exclusive) to `bounds`, and each `\u` escape's offset
 * times two and each `\/` escape's offset times two plus one to `escapes`, in text order.
 * Returns how many numbers it wrote to `bounds`, NOT_THE_FORM for a text not in AWS's form or not
 * valid JSON, FULL when `boundsCap` or `escapesCap` was too small. Raw control characters in
 * strings are not looked for, as in record-bounds.ts.
 */
export function scan(p: usize, len: i32, bounds: usize, boundsCap: i32, escapes: usize, escapesCap: i32): i32 {
  escapeTotal = 0;
  let i = skipSpace(p, 0, len);
  if (i >= len || load<u8>(p + i) != 0x7b) return NOT_THE_FORM;
  i = skipSpace(p, i + 1, len);
  // `"Records"`: eight bytes as one little-endian word, then the closing quote
  if (i + 9 > len || load<u64>(p + i) != 0x7364726f63655222 || load<u8>(p + i + 8) != 0x22) return NOT_THE_FORM;
  i = skipSpace(p, i + 9, len);
  if (i >= len || load<u8>(p + i) != 0x3a) return NOT_THE_FORM;
  i = skipSpace(p, i + 1, len);
  if (i >= len || load<u8>(p + i) != 0x5b) return NOT_THE_FORM;

  const quoteV = i8x16.splat(0x22);
  const backslashV = i8x16.splat(0x5c);
  // Structural characters and whitespace by their two nibbles (as simdjson does): each table gives
  // a nibble's classes as bits, and a byte is in a class when both of its nibbles are.
  // 1 `,`  2 `:`  4 `[]{}`  8 space  16 tab, line feed, carriage return
  const lowNibbles = v128(8, 0, 0, 0, 0, 0, 0, 0, 0, 16, 18, 4, 1, 20, 0, 0);
  const highNibbles = v128(16, 0, 9, 2, 0, 4, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0);
  const nibbleV = i8x16.splat(0x0f);
  const structuralV = i8x16.splat(7);
  const spaceV = i8x16.splat(24);
  const zeroV = i8x16.splat(0);

  // Carried from one block of 64 bytes to the next.
  let inStringBefore: u64 = 0; // all ones when the block starts inside a string
  let escapedBefore: u64 = 0; // 1 when the block's first byte is escaped
  let scalarBefore: u64 = 0; // 1 when the block starts inside a number or literal
  let depth: i32 = 0; // inside Records: 0 between records
  let state: u32 = VALUE_OR_CLOSE_TOP;
  let start: i32 = 0;
  let written: i32 = 0;

  for (let base = i + 1; base < len; base += 64) {
    let quote: u64 = 0;
    let backslash: u64 = 0;
    let structural: u64 = 0;
    let space: u64 = 0;
    for (let k = 0; k < 4; k++) {
      const v = v128.load(p + base + k * 16);
      const shift = <u64>(k * 16);
      quote |= bits(i8x16.eq(v, quoteV)) << shift;
      backslash |= bits(i8x16.eq(v, backslashV)) << shift;
      const classes = v128.and(i8x16.swizzle(lowNibbles, v128.and(v, nibbleV)), i8x16.swizzle(highNibbles, i8x16.shr_u(v, 4)));
      structural |= bits(i8x16.ne(v128.and(classes, structuralV), zeroV)) << shift;
      space |= bits(i8x16.ne(v128.and(classes, spaceV), zeroV)) << shift;
    }
    const inText: u64 = len - base >= 64 ? <u64>-1 : (<u64>1 << <u64>(len - base)) - 1;

    // Escapes are rare: each backslash that is not itself escaped is checked and noted one by one.
    let escaped: u64 = 0;
    backslash &= inText;
    if ((backslash | escapedBefore) != 0) {
      escaped = escapedBefore;
      let b = backslash & ~escapedBefore;
      escapedBefore = 0;
      while (b != 0) {
        const bit = b & (0 - b);
        const backslashAt = base + <i32>ctz(b);
        if (backslashAt + 1 >= len) return NOT_THE_FORM;
        const c = <u32>load<u8>(p + backslashAt + 1);
        if (c == 0x75) {
          if (backslashAt + 6 > len) return NOT_THE_FORM;
          if (!isHex(load<u8>(p + backslashAt + 2)) || !isHex(load<u8>(p + backslashAt + 3)) || !isHex(load<u8>(p + backslashAt + 4)) || !isHex(load<u8>(p + backslashAt + 5)))
            return NOT_THE_FORM;
          if (escapeTotal == escapesCap) return FULL;
          store<i32>(escapes + (<usize>escapeTotal << 2), backslashAt << 1);
          escapeTotal++;
        } else if (c == 0x2f) {
          if (escapeTotal == escapesCap) return FULL;
          store<i32>(escapes + (<usize>escapeTotal << 2), (backslashAt << 1) | 1);
          escapeTotal++;
        } else if (c != 0x22 && c != 0x5c && c != 0x62 && c != 0x66 && c != 0x6e && c != 0x72 && c != 0x74) return NOT_THE_FORM;
        const next = bit << 1;
        escaped |= next;
        if (next == 0) escapedBefore = 1;
        b &= ~(bit | next);
      }
    }
    const quotes = quote & ~escaped & inText;
    const inString = prefixXor(quotes) ^ inStringBefore;
    inStringBefore = <u64>(<i64>inString >> 63);
    // Outside strings, every byte that is neither whitespace, structural nor a quote belongs to a
    // number or literal (or is an error, which the check of that scalar finds).
    const scalar = ~(structural | space | quotes) & ~inString & inText;
    const scalarStart = scalar & ~((scalar << 1) | scalarBefore);
    scalarBefore = scalar >> 63;
    let tokens = (structural & ~inString & inText) | (quotes & inString) | scalarStart;

    while (tokens != 0) {
      const pos = base + <i32>ctz(tokens);
      tokens &= tokens - 1;
      const c = <u32>load<u8>(p + pos);
      const cls = <u32>load<u8>(TOKEN_CLASS + c);
      if (cls < C_OPEN) {
        state = load<u8>(TRANSITIONS + (state << 2) + cls);
        if (state == ERR) return NOT_THE_FORM;
        if (cls == C_SCALAR && !scalarAt(p, pos, len)) return NOT_THE_FORM;
      } else if (cls == C_OPEN) {
        const after = <u32>load<u8>(AFTER_CLOSE + state);
        if (after == ERR || depth == MAX_DEPTH) return NOT_THE_FORM;
        if (depth == 0) start = pos;
        depth++;
        store<u8>(stack + depth, <u8>after);
        state = c == 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE_ARR;
      } else {
        if (cls == C_CLOSE_OBJ) {
          if (state != NEXT_OBJ && state != KEY_OR_CLOSE) return NOT_THE_FORM;
        } else if (state != NEXT_ARR && state != VALUE_OR_CLOSE_ARR) {
          // The end of Records: only `}` and whitespace may follow.
          if (state != NEXT_TOP && state != VALUE_OR_CLOSE_TOP) return NOT_THE_FORM;
          let j = skipSpace(p, pos + 1, len);
          if (j >= len || load<u8>(p + j) != 0x7d) return NOT_THE_FORM;
          j = skipSpace(p, j + 1, len);
          return j == len ? written : NOT_THE_FORM;
        }
        state = load<u8>(stack + depth);
        depth--;
        if (depth == 0) {
          if (written + 2 > boundsCap) return FULL;
          store<i32>(bounds + (<usize>written << 2), start);
          store<i32>(bounds + (<usize>(written + 1) << 2), pos + 1);
          written += 2;
        }
      }
    }
  }
  return NOT_THE_FORM;
}
