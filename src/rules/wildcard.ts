// EventBridge `wildcard` values: parsing (with the `\*` and `\\` escapes) and matching.
// Matching splits the pattern at its unescaped `*` and finds the literal pieces in order with
// indexOf, so the cost is bounded by value length × pattern length: no regex, no backtracking.

/** A parsed wildcard: the literal pieces between unescaped `*` (one more piece than stars). */
export interface WildcardPattern {
  readonly pieces: readonly string[];
}

/** Parses an EventBridge wildcard string; returns an error message instead when it is not valid. */
export function parseWildcard(text: string): WildcardPattern | string {
  const pieces: string[] = [];
  let current = "";
  let previousWasStar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next !== "*" && next !== "\\") {
        return next === undefined
          ? `a trailing "\\" is not allowed (position ${i + 1})`
          : `"\\${next}" is not a valid escape: only "\\*" and "\\\\" are (position ${i + 1})`;
      }
      current += next;
      i++;
      previousWasStar = false;
    } else if (c === "*") {
      if (previousWasStar) return `consecutive "*" characters are not allowed (position ${i + 1})`;
      pieces.push(current);
      current = "";
      previousWasStar = true;
    } else {
      current += c;
      previousWasStar = false;
    }
  }
  pieces.push(current);
  return { pieces };
}

/** True when `value` matches the wildcard: every piece in order, anchored at both ends. */
export function matchWildcard(pattern: WildcardPattern, value: string): boolean {
  const pieces = pattern.pieces;
  const first = pieces[0]!;
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  // Leftmost placement of each middle piece is optimal: it leaves the most room for the rest.
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    const at = value.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}
