// Tests for the event printers through a real Sink: JSON that parses for 0, 1 and many rows,
// projected rows whose field names are prototype keys, NDJSON lines, CSV quoting and formula
// defusing, and text and table cells that are sanitised and coloured only when allowed.
import { describe, expect, it } from "vitest";
import { PRINTERS, FORMATS, type Format } from "../../../src/output/index.js";
import { csvLine } from "../../../src/output/csv.js";
import { projectRow } from "../../../src/output/json.js";
import type { Row } from "../../../src/output/printer.js";
import { Sink } from "../../../src/output/sink.js";
import { makeChalk } from "../../../src/output/style.js";
import { FakeStream } from "./fake-stream.js";

const row = (json: string, texts: string[] = [], values: unknown[] = []): Row => ({ json, texts, values });

async function print(
  format: Format,
  rows: Row[],
  opts: { columns?: string[]; projected?: boolean; color?: 0 | 1; terminal?: boolean } = {},
): Promise<string> {
  const stream = new FakeStream();
  const sink = new Sink(stream);
  const printer = PRINTERS[format]({
    sink,
    chalk: makeChalk(opts.color ?? 0),
    columns: opts.columns ?? ["time", "event", "error"],
    projected: opts.projected ?? false,
    width: 120,
    terminal: opts.terminal ?? false,
  });
  await printer.begin();
  for (const r of rows) await printer.write(r);
  await printer.end();
  await sink.flush();
  return stream.text();
}

const RECORDS = [
  { eventTime: "2026-03-01T10:00:00Z", eventName: "A", note: "line\nbreak \u001b[31m" },
  { eventTime: "2026-03-01T10:01:00Z", eventName: "B" },
  { eventTime: "2026-03-01T10:02:00Z", eventName: "C", nested: { list: [1, null, "x"] } },
];
const jsonRows = RECORDS.map((r) => row(JSON.stringify(r)));

describe("registry", () => {
  it("offers the five formats", () => {
    expect(FORMATS).toEqual(["text", "table", "json", "ndjson", "csv"]);
  });
});

describe("json", () => {
  it.each([0, 1, 3])("prints valid JSON for %i rows, records unchanged", async (n) => {
    const out = await print("json", jsonRows.slice(0, n));
    expect(JSON.parse(out)).toEqual(RECORDS.slice(0, n));
    expect(out.endsWith("\n")).toBe(true);
  });

  it("lays the array out one record per line", async () => {
    expect(await print("json", [])).toBe("[]\n");
    expect(await print("json", [row('{"a":1}'), row('{"b":2}')])).toBe('[\n{"a":1},\n{"b":2}\n]\n');
  });

  it("prints chosen fields as objects, with prototype names as own keys", async () => {
    const columns = ["__proto__", "constructor", "eventName", "missing"];
    const out = await print("json", [row("{}", [], [{ polluted: true }, "c", "X", undefined])], { columns, projected: true });
    const parsed = JSON.parse(out) as Record<string, unknown>[];
    expect(out).toBe('[\n{"__proto__":{"polluted":true},"constructor":"c","eventName":"X","missing":null}\n]\n');
    expect(Object.keys(parsed[0]!)).toEqual(["__proto__", "constructor", "eventName", "missing"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("projectRow keeps column order and turns absent values into null", () => {
    expect(projectRow(["b", "a", "c"], row("", [], [2, 1]))).toBe('{"b":2,"a":1,"c":null}');
    expect(projectRow(["__proto__"], row("", [], ["x"]))).toBe('{"__proto__":"x"}');
  });
});

describe("ndjson", () => {
  it("prints one record per line, unchanged", async () => {
    const out = await print("ndjson", jsonRows);
    expect(out.split("\n")).toEqual([...jsonRows.map((r) => r.json), ""]);
    expect(out.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual(RECORDS);
    expect(await print("ndjson", [])).toBe("");
  });

  it("prints chosen fields as one object per line", async () => {
    const out = await print("ndjson", [row("{}", [], ["X", 1])], { columns: ["eventName", "n"], projected: true });
    expect(out).toBe('{"eventName":"X","n":1}\n');
  });
});

describe("csv", () => {
  it("prints a header and one line per row", async () => {
    const out = await print("csv", [row("", ["2026-03-01T10:00:00Z", "A", ""]), row("", ["2026-03-01T10:01:00Z", "B", "AccessDenied"])]);
    expect(out).toBe("time,event,error\n2026-03-01T10:00:00Z,A,\n2026-03-01T10:01:00Z,B,AccessDenied\n");
    expect(await print("csv", [])).toBe("time,event,error\n");
  });

  it.each<[string, string[], string]>([
    ["commas", ["a,b", "c"], '"a,b",c\n'],
    ["quotes", ['say "hi"', "x"], '"say ""hi""",x\n'],
    ["newlines", ["two\nlines", "x"], '"two\nlines",x\n'],
    ["carriage returns", ["a\rb", "x"], '"a\rb",x\n'],
    ["a formula", ["=1+1", "x"], "'=1+1,x\n"],
    ["a formula with quotes and commas", ['=HYPERLINK("http://e","x")', "y"], `"'=HYPERLINK(""http://e"",""x"")",y\n`],
    ["each formula start", ["+1", "-1", "@A1", "\tx", "\rx"], "'+1,'-1,'@A1,'\tx,\"'\rx\"\n"],
    ["empty cells", ["", ""], ",\n"],
  ])("quotes and defuses %s", (_label, cells, expected) => {
    expect(csvLine(cells)).toBe(expected);
  });

  it("defuses a header too", async () => {
    expect(await print("csv", [], { columns: ["=cmd", "ok"] })).toBe("'=cmd,ok\n");
  });

  it("on a terminal, escapes control and bidi characters as text output does, after defusing", async () => {
    const cells = ["\x1b]8;;http://e.x\x07L\x1b]8;;\x07", "=1\r\n2", "a,\u202eb\u2028"];
    expect(await print("csv", [row("", cells)], { columns: ["\x1b[2Jevent", "b", "c"], terminal: true })).toBe(
      '\\x1b[2Jevent,b,c\n\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07,\'=1\\x0d\\x0a2,"a,\\u{202e}b\\u{2028}"\n',
    );
    // Not on a terminal: the bytes stay as they were, only quoted and defused.
    expect(await print("csv", [row("", cells)], { columns: ["e", "b", "c"] })).toBe(
      'e,b,c\n\x1b]8;;http://e.x\x07L\x1b]8;;\x07,"\'=1\r\n2","a,\u202eb\u2028"\n',
    );
  });
});

describe("text", () => {
  it("pads columns to their widths, never the last, and trims the line end", async () => {
    const out = await print("text", [row("", ["2026-03-01T10:00:00Z", "ConsoleLogin", ""])]);
    expect(out).toBe(`${"2026-03-01T10:00:00Z".padEnd(20)}  ${"ConsoleLogin".padEnd(26)}\n`.replace(/ +\n$/, "\n"));
    const withError = await print("text", [row("", ["2026-03-01T10:00:00Z", "ConsoleLogin", "Failed"])]);
    expect(withError).toBe(`2026-03-01T10:00:00Z  ${"ConsoleLogin".padEnd(26)}  Failed\n`);
  });

  it("shows an empty cell as - except for the error column", async () => {
    const out = await print("text", [row("", ["", "", ""])], { columns: ["user", "event", "error"] });
    expect(out).toBe(`${"-".padEnd(22)}  -\n`);
  });

  it("sanitises every cell, so a log value cannot drive the terminal or forge a line", async () => {
    const out = await print("text", [row("", ["2026-03-01T10:00:00Z", "Evil\x1b]8;;http://x\x07", "a\nb\u202e"])]);
    expect(out).toBe(`2026-03-01T10:00:00Z  ${"Evil\\x1b]8;;http://x\\x07".padEnd(26)}  a\\x0ab\\u{202e}\n`);
    expect(out.split("\n")).toHaveLength(2);
  });

  it("colours cells only when colour is on, and still sanitises inside", async () => {
    const plain = await print("text", [row("", ["t", "E", "Err"])]);
    expect(plain).not.toContain("\x1b");
    const coloured = await print("text", [row("", ["t", "E\x1b[0m", "Err"])], { color: 1 });
    expect(coloured).toContain("\x1b[31mErr\x1b[39m");
    expect(coloured).toContain("E\\x1b[0m");
    // The only escapes left are the printer's own SGR colour codes.
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).not.toContain("\x1b");
  });
});

describe("table", () => {
  it("buffers rows and prints one boxed table with sanitised cells", async () => {
    const out = await print("table", [row("", ["2026-03-01T10:00:00Z", "A\x1b[2J", "AccessDenied"]), row("", ["t2", "B", ""])]);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^┌─+┬─+┬─+┐$/);
    expect(lines[1]).toMatch(/^│ time\s+│ event\s+│ error\s+│$/);
    expect(out).toContain("A\\x1b[2J");
    expect(out).not.toContain("\x1b");
    expect(out).toContain("AccessDenied");
    expect(lines.at(-1)).toMatch(/^└─+┴─+┴─+┘$/);
  });

  it("prints only the header for no rows", async () => {
    const out = await print("table", []);
    expect(out.trimEnd().split("\n")).toHaveLength(3);
  });
});
