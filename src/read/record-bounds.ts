// Finds where each record of a log document's text begins and ends, building nothing: a scan that
// checks the JSON syntax, jumping over strings with indexOf, so the reader can parse only the records
// a filter could match (text-prefilter.ts). It answers only for AWS's form, `{"Records":[{...},...]}`;
// for anything else it gives up, and the caller parses the whole text and reports what is wrong.

/** Nesting the scan follows; a deeper document is left to JSON.parse (and the depth check). */
const MAX_SCAN_DEPTH = 200;

export interface RecordBounds {
  /** Start and end (exclusive) of each element of `Records`, as pairs: [s0, e0, s1, e1, ...]. */
  bounds: ArrayLike<number>;
  /** Where each `\u` escape is: a record holding one may spell any value in escapes. */
  unicodeEscapes: number[];
  /** Where each `\/` escape is: a record holding one may spell a `/` of a value so. */
  slashEscapes: number[];
}

const HEAD = /[ \t\n\r]*\{[ \t\n\r]*"Records"[ \t\n\r]*:[ \t\n\r]*\[/y;
const TAIL = /[ \t\n\r]*\}[ \t\n\r]*$/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

const enum At {
  /** A value is expected (after `:` or `,` in an array). */
  Value,
  /** After `[`: a value or `]`. */
  ValueOrClose,
  /** After `{`: a key or `}`. */
  KeyOrClose,
  /** After `,` in an object: a key. */
  Key,
  /** After a key: `:`. */
  Colon,
  /** After a value: `,` or the container's close. */
  Next,
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * Checks every escape in the text (JSON.parse would reject a bad one) and notes where the `\u` and
 * `\/` escapes are. Backslashes are only valid inside strings, where they pair up from the left;
 * one outside a string fails the syntax scan anyway.
 */
function scanEscapes(text: string, out: RecordBounds): boolean {
  let i = text.indexOf("\\");
  while (i >= 0) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x75) {
      HEX4.lastIndex = i + 2;
      if (!HEX4.test(text)) return false;
      out.unicodeEscapes.push(i);
      i = text.indexOf("\\", i + 6);
      continue;
    }
    if (c === 0x2f) out.slashEscapes.push(i);
    else if (c !== 0x22 && c !== 0x5c && c !== 0x62 && c !== 0x66 && c !== 0x6e && c !== 0x72 && c !== 0x74) return false;
    i = text.indexOf("\\", i + 2);
  }
  return true;
}

/**
 * The bounds of each record in `text` (a whole log document, without its BOM), or undefined when
 * the text is not in AWS's form or its syntax is wrong. Raw control characters inside strings are
 * not looked for: the records that are parsed afterwards reject them; the others are never read.
 */
export function recordBounds(text: string): RecordBounds | undefined {
  HEAD.lastIndex = 0;
  if (!HEAD.test(text)) return undefined;
  const out = { bounds: [] as number[], unicodeEscapes: [] as number[], slashEscapes: [] as number[] };
  if (!scanEscapes(text, out)) return undefined;
  const stack = new Uint8Array(MAX_SCAN_DEPTH + 1);
  const n = text.length;
  let depth = 0; // inside Records: 0 between records
  let at: At = At.ValueOrClose;
  let start = 0;
  for (let i = HEAD.lastIndex; i < n; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
        break;
      case 0x22: {
        // A quote closes the string unless an odd number of backslashes precede it.
        let j = i;
        for (;;) {
          j = text.indexOf('"', j + 1);
          if (j < 0) return undefined;
          if (text.charCodeAt(j - 1) !== 0x5c) break;
          let k = j - 2;
          while (text.charCodeAt(k) === 0x5c) k--;
          if (((j - 1 - k) & 1) === 0) break;
        }
        if (at === At.Value || at === At.ValueOrClose) {
          if (depth === 0) return undefined; // a record that is a string: the schema's to report
          at = At.Next;
        } else if (at === At.KeyOrClose || at === At.Key) at = At.Colon;
        else return undefined;
        i = j;
        break;
      }
      case 0x7b: // {
      case 0x5b: // [
        if (at !== At.Value && at !== At.ValueOrClose) return undefined;
        if (depth === MAX_SCAN_DEPTH) return undefined;
        if (depth === 0) start = i;
        stack[++depth] = c === 0x7b ? OBJECT : ARRAY;
        at = c === 0x7b ? At.KeyOrClose : At.ValueOrClose;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        if (depth === 0) {
          // The end of Records: only `}` and whitespace may follow.
          if (c !== 0x5d || (at !== At.Next && at !== At.ValueOrClose)) return undefined;
          TAIL.lastIndex = i + 1;
          return TAIL.test(text) ? out : undefined;
        }
        if (stack[depth] !== (c === 0x7d ? OBJECT : ARRAY)) return undefined;
        if (at !== At.Next && at !== (c === 0x7d ? At.KeyOrClose : At.ValueOrClose)) return undefined;
        depth--;
        at = At.Next;
        if (depth === 0) out.bounds.push(start, i + 1);
        break;
      case 0x3a: // :
        if (at !== At.Colon) return undefined;
        at = At.Value;
        break;
      case 0x2c: // ,
        if (at !== At.Next) return undefined;
        at = depth > 0 && stack[depth] === OBJECT ? At.Key : At.Value;
        break;
      default:
        if ((at !== At.Value && at !== At.ValueOrClose) || depth === 0) return undefined;
        if (c === 0x74 || c === 0x66 || c === 0x6e) {
          const word = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
          if (!text.startsWith(word, i)) return undefined;
          i += word.length - 1;
        } else {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return undefined;
          i = NUMBER.lastIndex - 1;
        }
        at = At.Next;
    }
  }
  return undefined;
}
