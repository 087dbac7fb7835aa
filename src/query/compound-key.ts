// One Map key made of several log values (event source and event name, type and principal ...),
// joined so that it splits back into exactly those values whatever they contain: a tab or a
// backslash inside a value is escaped. Values are also cut to a bounded length, since a table
// keeps thousands of keys. Pure string handling; it does not count anything.

const SEP = "\t";

/** Longest value an aggregate table keeps as a key; real values (agents, ARNs) are far shorter. */
export const MAX_KEY_VALUE_CHARS = 2048;

/**
 * The value, cut to MAX_KEY_VALUE_CHARS with a trailing "…". The cut is copied out, so a kept key
 * never holds on to a huge string from the record it came from.
 */
export function clipValue(s: string): string {
  if (s.length <= MAX_KEY_VALUE_CHARS) return s;
  return Buffer.from(`${s.slice(0, MAX_KEY_VALUE_CHARS - 1)}…`, "utf8").toString("utf8");
}

function escapePart(part: string): string {
  return part.includes("\\") || part.includes(SEP) ? part.replace(/\\/g, "\\\\").replace(/\t/g, "\\t") : part;
}

/** Joins the parts (each clipped by clipValue) into one key; splitKey gives them back. */
export function joinKey(...parts: readonly string[]): string {
  // A loop, not map and join: this runs for several tables on every record of a summary.
  let key = "";
  for (let i = 0; i < parts.length; i++) key += (i === 0 ? "" : SEP) + escapePart(clipValue(parts[i]!));
  return key;
}

/** The parts of a key made by joinKey. */
export function splitKey(key: string): string[] {
  if (!key.includes("\\")) return key.split(SEP);
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === "\\") {
      const next = key[++i];
      current += next === "t" ? "\t" : (next ?? "");
    } else if (c === SEP) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}
