// Neutralises attacker-controlled text before it reaches a terminal or a spreadsheet. Log fields
// (user agents, request parameters, error messages, even file names) are written by callers.
// JSON and NDJSON output never pass through here: they stay byte-faithful (JSON escapes controls).

// C0 controls except none, DEL, C1 controls, the Unicode bidi/format overrides that reorder text,
// and the line and paragraph separators, which some terminals and viewers break lines at.
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
}

/** Makes text safe for a terminal: every control or bidi character is shown as a visible escape. */
export function sanitizeTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visible);
}

/** sanitizeTerminal line by line: the line breaks of a multi-line message are kept. */
export function sanitizeLines(text: string): string {
  return text.split("\n").map(sanitizeTerminal).join("\n");
}

/**
 * Makes JSON text safe for a terminal and still the same JSON: JSON.stringify escapes C0 controls
 * but leaves DEL, C1 controls, bidi overrides and line separators raw; they become `\uXXXX`.
 */
export function sanitizeJsonForTerminal(json: string): string {
  return json.replace(TERMINAL_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** OWASP's list of cell starts that spreadsheets treat as formulas. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a CSV cell that a spreadsheet would run as a formula, by prefixing a quote. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
