// recordBounds (the text scan) and recordBoundsOfBytes (the WebAssembly byte scan), held to the same
// tests: on documents of the form `{"Records":[...]}` each pair of bounds cuts out exactly one
// element of JSON.parse(text).Records and the `\u` / `\/` escapes are found where they are; any
// other form, any JSON syntax error and any truncation give undefined.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RecordBounds, recordBounds } from "../../../src/read/record-bounds.js";
import { USE_TEXT, byteScanAvailable, recordBoundsOfBytes } from "../../../src/read/record-scan.js";
import { CORPUS_EVENTS, corpusExists } from "../model/corpus.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BUCKET = path.join(ROOT, "fixtures/bucket");
/** The corpus beside the project (its events, digests and raw files); a fresh clone does not have it. */
const CORPUS = path.dirname(CORPUS_EVENTS);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

function readText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
}

/** Where the `\u` and `\/` escapes are, found by walking the strings one character at a time. */
function referenceEscapes(text: string): { unicodeEscapes: number[]; slashEscapes: number[] } {
  const unicodeEscapes: number[] = [];
  const slashEscapes: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!inString) {
      if (c === '"') inString = true;
    } else if (c === "\\") {
      if (text[i + 1] === "u") unicodeEscapes.push(i);
      if (text[i + 1] === "/") slashEscapes.push(i);
      i++;
    } else if (c === '"') inString = false;
  }
  return { unicodeEscapes, slashEscapes };
}


/** A small document like the ones CloudTrail writes, with every kind of token and escape in it. */
const SAMPLE = {
  Records: [
    {
      eventVersion: "1.09",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333" },
      eventTime: "2026-03-01T10:00:00Z",
      eventName: "PutObject",
      requestParameters: { bucketName: "b", key: 'a "quoted" {key}, [x]: \\ \u00e9 \u0001' },
      responseElements: null,
      readOnly: false,
      managementEvent: true,
      resources: [{ ARN: "arn:aws:s3:::b/k", type: "AWS::S3::Object" }, []],
      bytes: [0, -1, 1.5, -2.5e-3, 12e10, 1e-7],
    },
    [{ nested: [[], {}, [{ a: [1, [2, [3]]] }]] }],
    { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "No" }, sourceIPAddress: "AWS Internal" },
  ],
};
const SAMPLE_TEXT = JSON.stringify(SAMPLE);

/** Serializes a JSON value with the given whitespace strings between every pair of tokens, in turn. */
function spaced(value: unknown, ws: string[]): string {
  let n = 0;
  const w = () => ws[n++ % ws.length]!;
  const go = (v: unknown): string => {
    if (Array.isArray(v)) return `[${w()}${v.map((x) => go(x)).join(`${w()},${w()}`)}${w()}]`;
    if (v !== null && typeof v === "object") {
      const parts = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${w()}:${w()}${go(x)}`);
      return `{${w()}${parts.join(`${w()},${w()}`)}${w()}}`;
    }
    return JSON.stringify(v);
  };
  return `${w()}${go(value)}${w()}`;
}

/** A scan of a whole document: the text scan, or the byte scan seen through character offsets. */
type Scan = (text: string) => RecordBounds | undefined;

/**
 * The byte scan of `text` as UTF-8, its byte offsets turned into the text's offsets, so that every
 * test below holds it to what it holds the text scan to.
 */
function byteBounds(text: string): RecordBounds | undefined {
  const bytes = Buffer.from(text, "utf8");
  const r = recordBoundsOfBytes(bytes, 0);
  if (r === USE_TEXT) throw new Error("the byte scan did not answer");
  if (r === undefined) return undefined;
  // The character each byte begins (a surrogate pair is two characters in four bytes).
  const charAt = new Int32Array(bytes.length + 1);
  let b = 0;
  for (let c = 0; c < text.length; c++) {
    const code = text.codePointAt(c)!;
    charAt[b] = c;
    b += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) c++;
  }
  charAt[b] = text.length;
  const chars = (offsets: ArrayLike<number>) => Array.from(offsets, (o) => charAt[o]!);
  return { bounds: chars(r.bounds), unicodeEscapes: chars(r.unicodeEscapes), slashEscapes: chars(r.slashEscapes) };
}

describe("the byte scan", () => {
  it("is built and loads (the reader would otherwise fall back to the text scan, silently)", () => {
    expect(byteScanAvailable()).toBe(true);
  });
});

describe.each([
  ["the text scan (record-bounds.ts)", recordBounds],
  ["the byte scan (record-scan.ts, WebAssembly)", byteBounds],
] as [string, Scan][])("%s", (_name, recordBounds) => {
  /**
   * Checks that recordBounds answers for `text` with one exact pair per element of Records (no
   * whitespace inside the bounds, in order, each slice parsing to its element) and with the escapes
   * where they are. Returns the parsed slices.
   */
  function expectElements(text: string, label = ""): unknown[] {
    const r = recordBounds(text);
    expect(r, label).toBeDefined();
    const { bounds, unicodeEscapes, slashEscapes } = r!;
    const records = (JSON.parse(text) as { Records: unknown[] }).Records;
    expect(bounds.length, label).toBe(records.length * 2);
    const slices: unknown[] = [];
    let previousEnd = 0;
    for (let k = 0; k < records.length; k++) {
      const s = bounds[2 * k]!;
      const e = bounds[2 * k + 1]!;
      expect(s, label).toBeGreaterThan(previousEnd);
      expect(e, label).toBeGreaterThan(s);
      expect("{[", label).toContain(text[s]);
      expect("}]", label).toContain(text[e - 1]);
      const slice: unknown = JSON.parse(text.slice(s, e));
      expect(slice, label).toEqual(records[k]);
      slices.push(slice);
      previousEnd = e;
    }
    expect({ unicodeEscapes, slashEscapes }, label).toEqual(referenceEscapes(text));
    return slices;
  }

  describe("recordBounds on real log files", () => {
    it("cuts out every record of every log file in fixtures/bucket", () => {
      const logFiles = walk(BUCKET).filter((f) => /[/\\]CloudTrail(-Insight)?[/\\]/.test(f));
      expect(logFiles.length).toBeGreaterThan(100);
      expect(logFiles.some((f) => f.includes("CloudTrail-Insight"))).toBe(true);
      let records = 0;
      for (const file of logFiles) records += expectElements(readText(file), file).length;
      expect(records).toBeGreaterThan(0);
    });

    it("gives undefined for the digest files in fixtures/bucket", () => {
      const digests = walk(BUCKET).filter((f) => f.includes("CloudTrail-Digest"));
      expect(digests.length).toBeGreaterThan(0);
      for (const file of digests) expect(recordBounds(readText(file)), file).toBeUndefined();
    });

    it.skipIf(!corpusExists)("cuts out every record of the shared corpus, as stored and re-serialized", () => {
      const files = walk(CORPUS_EVENTS).filter((f) => /\.json(\.gz)?$/.test(f));
      expect(files.length).toBeGreaterThan(0);
      let records = 0;
      for (const file of files) {
        const text = readText(file);
        // Every file in events/ is a `{"Records":[...]}` document (SOURCES.md); check it as stored,
        // then wrap its records afresh as CloudTrail would write them.
        records += expectElements(text, file).length;
        const wrapped = JSON.stringify({ Records: (JSON.parse(text) as { Records: unknown[] }).Records });
        expectElements(wrapped, `${file} (re-serialized)`);
      }
      expect(records).toBeGreaterThan(1000);
    });

    it.skipIf(!corpusExists)("gives undefined for the corpus' digests and its malformed fixture", () => {
      const digests = walk(path.join(CORPUS, "digests")).filter((f) => f.endsWith(".json"));
      expect(digests.length).toBeGreaterThan(0);
      for (const file of digests) expect(recordBounds(readText(file)), file).toBeUndefined();
      const bad = path.join(CORPUS, "raw/aws-cloudtrail-processing-library/SerializerTestFileBadJsonFormat.json");
      if (existsSync(bad)) {
        const text = readText(bad);
        expect(() => JSON.parse(text)).toThrow();
        expect(recordBounds(text)).toBeUndefined();
      }
    });
  });

  describe("recordBounds with whitespace", () => {
    it("gives the same elements for pretty-printed, tab-indented and CRLF documents", () => {
      const compact = expectElements(SAMPLE_TEXT);
      const pretty = JSON.stringify(SAMPLE, null, 2);
      const variants = [
        pretty,
        JSON.stringify(SAMPLE, null, "\t"),
        pretty.replaceAll("\n", "\r\n"),
        JSON.stringify(SAMPLE, null, "\t").replaceAll("\n", "\r\n"),
        `\r\n\t ${pretty}\r\n\t \n`,
      ];
      for (const text of variants) {
        expect(text).not.toBe(SAMPLE_TEXT);
        expect(expectElements(text)).toEqual(compact);
      }
    });

    it("gives the same elements with whitespace between every pair of tokens", () => {
      const compact = expectElements(SAMPLE_TEXT);
      for (const ws of [[" "], ["\t"], ["\r\n"], [" ", "\n", "\t\t", "\r", ""], ["\r\n \t"]]) {
        const text = spaced(SAMPLE, ws);
        expect(expectElements(text, JSON.stringify(ws))).toEqual(compact);
      }
    });
  });

  describe("recordBounds across 64-byte blocks (the byte scan reads 64 bytes at a time)", () => {
    it("gives the same elements wherever the escapes, strings and numbers fall", () => {
      const text = String.raw`{"Records":[{"k\u00e9y":"arn:aws:s3:::b\/k\/\u00FF","n":"\t\n\\\"\b\f\r","q":"\\\\\\\"x"},{"x":["\/","\uD83D\ude00",-1.5e+3,true,null]}]}`;
      const first = expectElements(text);
      for (let shift = 1; shift <= 130; shift++) expect(expectElements(" ".repeat(shift) + text, `shift ${shift}`)).toEqual(first);
    });

    it("pairs runs of backslashes of every length, wherever they end", () => {
      for (let run = 0; run <= 140; run++) {
        const even = `{"Records":[{"a":"${"\\".repeat(run * 2)}","b":1}]}`;
        expect(expectElements(even, `${run * 2} backslashes`)).toEqual([{ a: "\\".repeat(run), b: 1 }]);
        // An odd run escapes the quote after it: the string goes on to the next quote.
        const odd = `{"Records":[{"a":"${"\\".repeat(run * 2 + 1)}","b":1}]}`;
        expect(() => JSON.parse(odd)).toThrow();
        expect(recordBounds(odd), `${run * 2 + 1} backslashes`).toBeUndefined();
      }
    });
  });

  describe("recordBounds on small documents", () => {
    it("gives no bounds for an empty Records array", () => {
      for (const text of ['{"Records":[]}', ' { "Records" : [ ] } ', '\n{\r\n\t"Records":\t[\n]\n}\n']) {
        expect(recordBounds(text), text).toEqual({ bounds: [], unicodeEscapes: [], slashEscapes: [] });
      }
    });

    it("gives the exact offsets of each element", () => {
      const text = '{"Records":[{"a":1}, [2] ,{}]}';
      expect(recordBounds(text)?.bounds).toEqual([12, 19, 21, 24, 26, 28]);
    });

    it("follows nested arrays and objects", () => {
      const text = '{"Records":[{"a":[[{"b":{"c":[]}}],{}],"d":{"e":[1,{"f":null}]}},[[[]]],{"g":[{},{},[]]}]}';
      expect(expectElements(text)).toEqual([
        { a: [[{ b: { c: [] } }], {}], d: { e: [1, { f: null }] } },
        [[[]]],
        { g: [{}, {}, []] },
      ]);
    });

    it("jumps over strings holding brackets, braces, quotes, commas, colons and backslashes", () => {
      const text = String.raw`{"Records":[{"a":"{}[]\",:","]}":"}]"},{"b":"a\\","c":"\"","d":"\\\"]}"},{"e\\":["\\\\",":,"]}]}`;
      expect(expectElements(text)).toEqual([
        { a: '{}[]",:', "]}": "}]" },
        { b: "a\\", c: '"', d: '\\"]}' },
        { "e\\": ["\\\\", ":,"] },
      ]);
    });

    it("accepts an element that is an array, and deep nesting within the limit", () => {
      expect(expectElements('{"Records":[[1,"x",null],[]]}')).toEqual([[1, "x", null], []]);
      const deep = `${"[".repeat(100)}${"]".repeat(100)}`;
      expect(expectElements(`{"Records":[${deep},{"a":${deep}}]}`)).toHaveLength(2);
    });

    it("accepts every literal and number form JSON allows", () => {
      const text = '{"Records":[{"a":[true,false,null,0,-0,1,-1,10,0.5,-0.25,1e3,1E3,1e+3,1e-3,-1.5E-10,123456789012345678901234567890]}]}';
      expectElements(text);
    });
  });

  describe("recordBounds rejects", () => {
    /** Text JSON.parse refuses: recordBounds must refuse it too. */
    const invalid: [string, string][] = [
      ["empty text", ""],
      ["whitespace only", " \n"],
      ["trailing comma in an object", '{"Records":[{"a":1,}]}'],
      ["trailing comma in a nested array", '{"Records":[{"a":[1,]}]}'],
      ["trailing comma in Records", '{"Records":[{"a":1},]}'],
      ["leading comma in an array", '{"Records":[{"a":[,1]}]}'],
      ["leading comma in Records", '{"Records":[,{}]}'],
      ["double comma", '{"Records":[{"a":1,,"b":2}]}'],
      ["missing colon", '{"Records":[{"a" 1}]}'],
      ["colon in an array", '{"Records":[{"a":[1:2]}]}'],
      ["two colons", '{"Records":[{"a"::1}]}'],
      ["missing comma between members", '{"Records":[{"a":1 "b":2}]}'],
      ["missing comma between array values", '{"Records":[{"a":[1 2]}]}'],
      ["missing comma between strings", '{"Records":[{"a":["x" "y"]}]}'],
      ["missing comma between records", '{"Records":[{"a":1} {"b":2}]}'],
      ["a key without a value", '{"Records":[{"a"}]}'],
      ["a key that is not a string", '{"Records":[{a:1}]}'],
      ["a key that is a number", '{"Records":[{1:1}]}'],
      ["a leading zero", '{"Records":[{"a":01}]}'],
      ["a negative leading zero", '{"Records":[{"a":-01}]}'],
      ["a dot without decimals", '{"Records":[{"a":1.}]}'],
      ["a dot without an integer part", '{"Records":[{"a":.5}]}'],
      ["an exponent without digits", '{"Records":[{"a":1e}]}'],
      ["a signed exponent without digits", '{"Records":[{"a":1e+}]}'],
      ["a lone minus", '{"Records":[{"a":-}]}'],
      ["a plus sign", '{"Records":[{"a":+1}]}'],
      ["two minus signs", '{"Records":[{"a":--1}]}'],
      ["a hexadecimal number", '{"Records":[{"a":0x10}]}'],
      ["Infinity", '{"Records":[{"a":Infinity}]}'],
      ["NaN", '{"Records":[{"a":NaN}]}'],
      ["tru", '{"Records":[{"a":tru}]}'],
      ["nul", '{"Records":[{"a":nul}]}'],
      ["fals at the end of the text", '{"Records":[{"a":fals'],
      ["truex", '{"Records":[{"a":truex}]}'],
      ["nullnull", '{"Records":[{"a":nullnull}]}'],
      ["True", '{"Records":[{"a":True}]}'],
      ["a number glued to a literal", '{"Records":[{"a":1true}]}'],
      ["a single-quoted value", "{\"Records\":[{\"a\":'b'}]}"],
      ["a single-quoted key", "{\"Records\":[{'a':1}]}"],
      ["a bad escape \\x", '{"Records":[{"a":"\\x41"}]}'],
      ["a bad escape \\a", '{"Records":[{"a":"\\a"}]}'],
      ["a bad escape \\U", '{"Records":[{"a":"\\U0041"}]}'],
      ["a bad escape in a key", '{"Records":[{"\\q":1}]}'],
      ["a short \\u escape", '{"Records":[{"a":"\\u12"}]}'],
      ["a \\u escape with a non-hex digit", '{"Records":[{"a":"\\u12G4"}]}'],
      ["a \\u escape cut by the closing quote", '{"Records":[{"a":"x\\u004"}]}'],
      ["a backslash at the end of the text", '{"Records":[{"a":"\\'],
      ["an unterminated string", '{"Records":[{"a":"b}]}'],
      ["a string whose closing quote is escaped", '{"Records":[{"a":"b\\"}]}'],
      ["a string closed by an escaped quote after a backslash pair", '{"Records":[{"a":"b\\\\\\"}]}'],
      ["an unterminated key", '{"Records":[{"a:1}]}'],
      ["an array closed by a brace", '{"Records":[{"a":[1}}]}'],
      ["an object closed by a bracket", '{"Records":[{"a":{"b":1]]}'],
      ["a record closed by a bracket", '{"Records":[{"a":1]]}'],
      ["an array record closed by a brace", '{"Records":[[1}]}'],
      ["an extra closing brace inside a record", '{"Records":[{"a":1}}]}'],
      ["a missing closing brace", '{"Records":[{"a":1]}'],
      ["Records closed by a brace", '{"Records":[{"a":1}}'],
      ["a missing final brace", '{"Records":[{"a":1}]'],
      ["a missing final brace and bracket", '{"Records":[{"a":1}'],
      ["extra data after the document", '{"Records":[{"a":1}]}x'],
      ["an extra closing brace after the document", '{"Records":[{"a":1}]}}'],
      ["an extra closing bracket after the document", '{"Records":[{"a":1}]]}'],
      ["two documents back to back", '{"Records":[{"a":1}]}{"Records":[{"b":2}]}'],
      ["two documents separated by a newline", '{"Records":[]}\n{"Records":[]}'],
      ["a BOM before the document", '\ufeff{"Records":[{"a":1}]}'],
      ["a vertical tab as whitespace", '{"Records":[{"a":\v1}]}'],
      ["a no-break space as whitespace", '{"Records":[{"a":\u00a01}]}'],
      ["a form feed as whitespace", '{"Records":[\f{"a":1}]}'],
      ["a backslash outside a string", '{"Records":[{"a":1}\\]}'],
      ["a comment", '{"Records":[/* x */{"a":1}]}'],
    ];

    it.each(invalid)("%s", (_name, text) => {
      expect(() => JSON.parse(text)).toThrow();
      expect(recordBounds(text)).toBeUndefined();
    });

    /** Valid JSON that is not in AWS's form, or that the scan leaves to JSON.parse. */
    const notTheForm: [string, string][] = [
      ["another key after Records", '{"Records":[{"a":1}],"x":1}'],
      ["another key before Records", '{"x":1,"Records":[{"a":1}]}'],
      ["Records twice", '{"Records":[],"Records":[{"a":1}]}'],
      ["a top-level array holding a log", '[{"Records":[]}]'],
      ["a top-level array of records", '[{"a":1}]'],
      ["a top-level string", '"Records"'],
      ["an empty object", "{}"],
      ["Records that is an object", '{"Records":{"a":1}}'],
      ["Records that is null", '{"Records":null}'],
      ["records in lower case", '{"records":[{"a":1}]}'],
      ["Records spelled with an escape", '{"Rec\\u006frds":[{"a":1}]}'],
      [
        "a digest document",
        '{"awsAccountId":"111122223333","digestStartTime":"2026-03-01T00:00:00Z","logFiles":[{"s3Object":"a"}]}',
      ],
      ["a record that is a string", '{"Records":["a"]}'],
      ["a record that is a number", '{"Records":[1]}'],
      ["a record that is a negative number", '{"Records":[{"a":1},-1]}'],
      ["a record that is true", '{"Records":[true]}'],
      ["a record that is null", '{"Records":[{"a":1},null]}'],
      ["a string record after an object one", '{"Records":[{"a":1},"b"]}'],
      ["nesting 201 deep", `{"Records":[${"[".repeat(201)}${"]".repeat(201)}]}`],
      ["nesting 201 deep inside a record", `{"Records":[{"a":${"[".repeat(200)}${"]".repeat(200)}}]}`],
      ["nesting 5000 deep", `{"Records":[${"[".repeat(5000)}${"]".repeat(5000)}]}`],
    ];

    it.each(notTheForm)("%s", (_name, text) => {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(recordBounds(text)).toBeUndefined();
    });
  });

  describe("recordBounds on truncated documents", () => {
    // The documents end with their closing brace: every proper prefix is incomplete.
    it.each([
      ["compact", SAMPLE_TEXT],
      ["pretty-printed", JSON.stringify(SAMPLE, null, 2)],
      ["with escapes", String.raw`{"Records":[{"a":"\u00e9\/\\\"x","b\u0041":[1.5e-3,true,null]},[{"c":-0}]]}`],
    ])("gives undefined for every proper prefix of a %s document", (_name, text) => {
      expectElements(text);
      for (let cut = 0; cut < text.length; cut++) {
        const prefix = text.slice(0, cut);
        expect(recordBounds(prefix), `cut at ${cut}: ${JSON.stringify(prefix.slice(-20))}`).toBeUndefined();
      }
    });
  });

  describe("recordBounds against JSON.parse", () => {
    /** Strings full of characters that matter to the scan. */
    const trickyString = fc.string({
      unit: fc.constantFrom("a", "u", "0", "/", "\\", '"', "{", "}", "[", "]", ",", ":", " ", "\n", "\u00e9", "\u2028", "😀"),
      maxLength: 8,
    });
    const key = fc.oneof(fc.string({ maxLength: 8 }), trickyString);
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
      { weight: 1, arbitrary: trickyString },
    );
    const record = fc.dictionary(key, value, { maxKeys: 6 });
    /** Characters a mutation may put in: JSON's own, and letters and digits, never control characters. */
    const mutationChar = fc.constantFrom(
      ..."{}[]\",:\\/ .-+eEtrufalsnxU0129A".split(""),
    );
    const mutation = fc.record({
      kind: fc.constantFrom("insert", "delete", "replace"),
      at: fc.nat(),
      ch: mutationChar,
    });
    const input = fc.record({
      records: fc.array(record, { maxLength: 5 }),
      indent: fc.constantFrom<undefined | number | string>(undefined, undefined, 1, 2, "\t", "\r\n"),
      escapeSlashes: fc.boolean(),
      escapeNonAscii: fc.boolean(),
      mutations: fc.array(mutation, { maxLength: 1 }),
    });

    function build(v: {
      records: unknown[];
      indent: undefined | number | string;
      escapeSlashes: boolean;
      escapeNonAscii: boolean;
      mutations: { kind: string; at: number; ch: string }[];
    }): string {
      let text = JSON.stringify({ Records: v.records }, null, v.indent);
      // Outside strings a JSON text holds no `/` and no non-ASCII character, so both stay valid.
      if (v.escapeSlashes) text = text.replaceAll("/", "\\/");
      if (v.escapeNonAscii) {
        text = text.replace(/[^\x00-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      }
      for (const m of v.mutations) {
        const at = m.at % (text.length + (m.kind === "insert" ? 1 : 0));
        if (m.kind === "insert") text = text.slice(0, at) + m.ch + text.slice(at);
        else if (m.kind === "delete") text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + m.ch + text.slice(at + 1);
      }
      return text;
    }

    /** Whether a parsed value is a log in AWS's form: only Records, and every record an object or array. */
    function inTheForm(v: unknown): boolean {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
      const keys = Object.keys(v);
      const records = (v as { Records?: unknown }).Records;
      return (
        keys.length === 1 &&
        keys[0] === "Records" &&
        Array.isArray(records) &&
        records.every((r) => r !== null && typeof r === "object")
      );
    }

    it("answers only for text JSON.parse accepts, and then with its records and escapes", () => {
      fc.assert(
        fc.property(input, (v) => {
          const text = build(v);
          const r = recordBounds(text);
          if (v.mutations.length === 0) expect(r).toBeDefined();
          let parsed: unknown;
          let parses = true;
          try {
            parsed = JSON.parse(text);
          } catch {
            parses = false;
          }
          if (r === undefined) {
            // Completeness: a text JSON.parse accepts in the form must be answered (a mutation
            // cannot respell "Records", duplicate it, or nest 200 deep).
            if (parses) expect(inTheForm(parsed)).toBe(false);
            return;
          }
          expect(parses).toBe(true);
          expect(inTheForm(parsed)).toBe(true);
          const records = (parsed as { Records: unknown[] }).Records;
          expect(r.bounds.length).toBe(records.length * 2);
          records.forEach((rec, k) => {
            expect(JSON.parse(text.slice(r.bounds[2 * k]!, r.bounds[2 * k + 1]!))).toEqual(rec);
          });
          expect({ unicodeEscapes: r.unicodeEscapes, slashEscapes: r.slashEscapes }).toEqual(referenceEscapes(text));
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe("recordBounds escapes", () => {
    it("reports the position of a \\u escape", () => {
      const text = '{"Records":[{"a":"\\u0041"}]}';
      expect(recordBounds(text)).toEqual({ bounds: [12, 26], unicodeEscapes: [18], slashEscapes: [] });
      expect(text.slice(18, 24)).toBe("\\u0041");
    });

    it("reports the position of a \\/ escape", () => {
      const text = '{"Records":[{"a":"x\\/y"}]}';
      expect(recordBounds(text)).toEqual({ bounds: [12, 24], unicodeEscapes: [], slashEscapes: [19] });
      expect(text.slice(19, 21)).toBe("\\/");
    });

    it("reports every escape, in keys and values and across records, in order", () => {
      const text = String.raw`{"Records":[{"k\u00e9y":"arn:aws:s3:::b\/k\/\u00FF","n":"\t\n\\\"\b\f\r"},{"x":["\/","\uD83D\ude00"]}]}`;
      const r = recordBounds(text)!;
      expect(r).toBeDefined();
      const at = (re: RegExp) => [...text.matchAll(re)].map((m) => m.index);
      expect(r.unicodeEscapes).toEqual(at(/\\u/g));
      expect(r.slashEscapes).toEqual(at(/\\\//g));
      expect(r.unicodeEscapes).toHaveLength(4);
      expect(r.slashEscapes).toHaveLength(3);
      for (const p of r.unicodeEscapes) expect(text.slice(p, p + 2)).toBe("\\u");
      for (const p of r.slashEscapes) expect(text.slice(p, p + 2)).toBe("\\/");
      expect(expectElements(text)).toEqual([
        { "k\u00e9y": "arn:aws:s3:::b/k/\u00ff", n: '\t\n\\"\b\f\r' },
        { x: ["/", "\ud83d\ude00"] },
      ]);
    });

    it("does not take an escaped backslash followed by u or / for an escape", () => {
      // JSON text "\\u0041" is a backslash and the letters u0041; "\\/" is a backslash and a slash.
      const text = String.raw`{"Records":[{"a":"\\u0041","b":"\\/","c":"\\\\u0041"}]}`;
      const r = recordBounds(text);
      expect(r).toBeDefined();
      expect(r!.unicodeEscapes).toEqual([]);
      expect(r!.slashEscapes).toEqual([]);
      expect(expectElements(text)).toEqual([{ a: "\\u0041", b: "\\/", c: "\\\\u0041" }]);
    });

    it("reports the \\u after an escaped backslash", () => {
      // Three backslashes then u: an escaped backslash, then a \u escape starting at the third one.
      const text = String.raw`{"Records":[{"a":"\\\u0041","b":"\\\/"}]}`;
      const r = recordBounds(text)!;
      expect(r.unicodeEscapes).toEqual([text.indexOf("\\u0041")]);
      expect(r.slashEscapes).toEqual([text.indexOf("\\/")]);
      expect(text[r.unicodeEscapes[0]! - 1]).toBe("\\");
      expect(expectElements(text)).toEqual([{ a: "\\A", b: "\\/" }]);
    });

    it("accepts \\u escapes with upper and lower case hex digits, and spelling quotes and backslashes", () => {
      const text = String.raw`{"Records":[{"a":"\u005C\u005c\u0022\u002F\uABCD\uabcd"}]}`;
      const r = recordBounds(text)!;
      expect(r.unicodeEscapes).toHaveLength(6);
      expect(r.slashEscapes).toEqual([]);
      expect(expectElements(text)).toEqual([{ a: '\\\\"/\uabcd\uabcd' }]);
    });
  });
});
