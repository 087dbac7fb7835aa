// Tests for neutralising log text: terminal control sequences and bidi overrides become visible
// escapes (exact strings), and CSV cells that a spreadsheet would run as formulas are defused.
import { describe, expect, it } from "vitest";
import { neutraliseFormula, sanitizeJsonForTerminal, sanitizeTerminal } from "../../../src/output/sanitize.js";

describe("sanitizeTerminal", () => {
  it.each<[string, string, string]>([
    ["plain text", "DeleteBucket by alice", "DeleteBucket by alice"],
    ["non-ASCII letters", "café ünïcode 日本 \u{1F600}", "café ünïcode 日本 \u{1F600}"],
    ["a lone ESC", "a\x1bb", "a\\x1bb"],
    ["a CSI colour sequence", "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"],
    ["a screen-clearing sequence", "\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"],
    [
      "an OSC 8 hyperlink",
      "\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07",
      "\\x1b]8;;https://evil.example/\\x07click me\\x1b]8;;\\x07",
    ],
    ["an OSC window title ended by ST", "\x1b]0;pwned\x1b\\", "\\x1b]0;pwned\\x1b\\"],
    ["BEL", "ding\x07", "ding\\x07"],
    ["backspaces that would hide text", "rm -rf /\b\b\b\b\b\b\bls", "rm -rf /\\x08\\x08\\x08\\x08\\x08\\x08\\x08ls"],
    ["a carriage return that would overwrite the line", "evil\rgood", "evil\\x0dgood"],
    ["a newline that would forge a second line", "a\n2026-03-01T00:00:00Z  ConsoleLogin", "a\\x0a2026-03-01T00:00:00Z  ConsoleLogin"],
    ["a tab", "a\tb", "a\\x09b"],
    ["NUL", "a\x00b", "a\\x00b"],
    ["DEL", "a\x7fb", "a\\x7fb"],
    ["the C1 CSI character", "a\u009b31mb", "a\\x9b31mb"],
    ["the C1 OSC character", "\u009d0;x\u009c", "\\x9d0;x\\x9c"],
    ["a right-to-left override", "user\u202Etxt.exe", "user\\u{202e}txt.exe"],
    ["every bidi embedding and override", "\u202A\u202B\u202C\u202D\u202E", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}"],
    ["bidi isolates", "\u2066\u2067\u2068\u2069", "\\u{2066}\\u{2067}\\u{2068}\\u{2069}"],
    ["directional marks", "\u200E\u200F\u061C", "\\u{200e}\\u{200f}\\u{61c}"],
    ["line and paragraph separators", "a\u2028b\u2029c", "a\\u{2028}b\\u{2029}c"],
  ])("%s", (_label, input, expected) => {
    expect(sanitizeTerminal(input)).toBe(expected);
  });

  it("leaves no control or bidi character in any output", () => {
    let all = "";
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    const out = sanitizeTerminal(all);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("sanitizeJsonForTerminal", () => {
  it("escapes what JSON.stringify leaves raw, as \\u escapes, and the JSON keeps its value", () => {
    const value = { arn: "arn:aws:s3:::b\u009b1m\u202e\u2028\u007f\u001b]8;;x\u0007" };
    const text = sanitizeJsonForTerminal(JSON.stringify(value));
    expect(text).toBe('{"arn":"arn:aws:s3:::b\\u009b1m\\u202e\\u2028\\u007f\\u001b]8;;x\\u0007"}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("neutraliseFormula", () => {
  it.each<[string, string]>([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("https://evil.example","x")', `'=HYPERLINK("https://evil.example","x")`],
    ["+1", "'+1"],
    ["-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["a=b", "a=b"],
    ["AccessDenied", "AccessDenied"],
    ["", ""],
    [" =1", " =1"],
  ])("%j → %j", (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });
});
