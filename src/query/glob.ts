// Matching of user-supplied values that may contain `*` wildcards (`--event-name 'Delete*'`).
// Linear-time by construction (no regular expressions), so hostile patterns cannot backtrack.
// Without a `*` a value matches exactly and case-sensitively, as LookupEvents does.

export type StringMatcher = (value: string) => boolean;

/**
 * A pattern's literal pieces, split at its unescaped `*`s: `Delete*Bucket` → ["Delete", "Bucket"],
 * `\*` unescaped to `*`. A pattern without a star is one piece, matched whole.
 */
export function globParts(pattern: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) {
      cur += pattern[++i]!;
    } else if (c === "*") {
      parts.push(cur);
      cur = "";
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

/** Compiles one pattern; `*` matches any run of characters, `\*` a literal star. */
export function compileGlob(pattern: string): StringMatcher {
  if (!pattern.includes("*")) return (v) => v === pattern;
  const parts = globParts(pattern);
  if (parts.length === 1) return (v) => v === parts[0];
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  return (v) => {
    if (v.length < head.length + tail.length || !v.startsWith(head) || !v.endsWith(tail)) return false;
    // Greedy leftmost placement of each middle piece is optimal for `*`-only patterns.
    let pos = head.length;
    const end = v.length - tail.length;
    for (const piece of middle) {
      const at = v.indexOf(piece, pos);
      if (at < 0 || at + piece.length > end) return false;
      pos = at + piece.length;
    }
    return true;
  };
}

/** Compiles a list of alternatives (a repeated flag ORs its values). */
export function compileAny(patterns: readonly string[]): StringMatcher {
  const matchers = patterns.map(compileGlob);
  if (matchers.length === 1) return matchers[0]!;
  const exact = new Set(patterns.filter((p) => !p.includes("*")));
  const wild = patterns.filter((p) => p.includes("*")).map(compileGlob);
  return (v) => exact.has(v) || wild.some((m) => m(v));
}
