// What the raw JSON text of a record must hold for a FilterSpec to match it: per value flag, a
// group of strings of which every matching record's text holds at least one. The readers use it
// to parse only the records that can match (read/text-prefilter.ts), as ripgrep looks for a
// literal before running a regex. Pure. Sound under the escape rule stated on RequiredText.
import type { FilterSpec } from "./filter-spec.js";
import { compileGlob, globParts } from "./glob.js";

export interface RequiredText {
  /**
   * Each group's strings: a record the filter matches holds one of them, verbatim, in its JSON
   * text, unless JSON escapes spell them otherwise. The strings hold no `"`, `\` or control
   * character (JSON always escapes those), so only a `\u` escape, or a `\/` for a string with a
   * `/`, can hide one: the reader parses every record holding such an escape. The one exception,
   * `"errorCode"` for --error, is a key in its quotes, hidden likewise only by a `\u`.
   */
  groups: string[][];
}

/** A string that appears verbatim in the JSON text of any string value that contains it. */
function literalSafe(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The longest literal piece of a `*` pattern: any value it matches contains it. Undefined when
 * no piece can be looked for verbatim (`*`, or pieces with quotes or backslashes).
 */
function pieceOf(pattern: string): string | undefined {
  let best: string | undefined;
  for (const p of globParts(pattern)) if (literalSafe(p) && (best === undefined || p.length > best.length)) best = p;
  return best;
}

/** One group for a flag's values (which OR together); undefined when one value has no piece. */
function groupOf(patterns: readonly string[], extra?: (pattern: string) => string[]): string[] | undefined {
  const group: string[] = [];
  for (const p of patterns) {
    const piece = pieceOf(p);
    if (piece === undefined) return undefined;
    for (const s of [piece, ...(extra?.(p) ?? [])]) if (!group.includes(s)) group.push(s);
  }
  return group;
}

/**
 * A value that a number, boolean or null can never be written as, in JSON or by DuckDB's casts:
 * ct sql's pushed-down equalities let such values through to DuckDB, which compares their text.
 */
function surelyText(v: string): boolean {
  if (/^[-+0-9.eE]*$/.test(v)) return false;
  return !/^(true|false|null|-?inf(inity)?|nan)$/i.test(v) && !/[{[]/.test(v);
}

/**
 * The groups of a filter; undefined when no flag gives one (--since, --source-ip, --read-only,
 * --category ... are not strings in the text). --account and --region are not used: records may
 * leave them to the file's path, and path pruning already narrows them.
 */
export function requiredTextOf(spec: FilterSpec): RequiredText | undefined {
  const groups: string[][] = [];
  const add = (g: string[] | undefined) => {
    if (g && g.length > 0) groups.push(g);
  };
  if (spec.eventName) add(groupOf(spec.eventName));
  if (spec.eventSource) add(groupOf(spec.eventSource));
  if (spec.eventId) add(groupOf(spec.eventId));
  if (spec.accessKey) add(groupOf(spec.accessKey));
  if (spec.resourceType) add(groupOf(spec.resourceType));
  if (spec.resourceName) add(groupOf(spec.resourceName));
  // The root user answers to "root" (user.ts) although its record may spell it only as type "Root".
  if (spec.user) add(groupOf(spec.user, (p) => (compileGlob(p)("root") ? ["Root"] : [])));
  if (Array.isArray(spec.error)) add(groupOf(spec.error));
  else if (spec.error === true) add(['"errorCode"']);
  for (const f of spec.fieldIn ?? []) if (f.values.every(surelyText)) add(groupOf(f.values.map(escapeStars)));
  return groups.length > 0 ? { groups } : undefined;
}

/** fieldIn values are exact strings, not patterns: their stars are literal. */
function escapeStars(v: string): string {
  return v.replace(/[\\*]/g, "\\$&");
}
