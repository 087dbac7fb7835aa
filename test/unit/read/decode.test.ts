// Tests for decoding one file's bytes: gzip by magic bytes, broken and hostile gzip, the
// decompression limit, encodings, and the envelope check, each with the exact message a user sees.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { type Decoded, decodeFile, fileSizeProblem } from "../../../src/read/decode.js";

const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const gz = (s: string | Uint8Array) => new Uint8Array(zlib.gzipSync(typeof s === "string" ? Buffer.from(s) : s));
const LOG = '{"Records":[{"eventTime":"2026-03-01T10:00:00Z","eventName":"GetObject"}]}';

function failure(bytes: Uint8Array, max?: number): { code: string; message: string } {
  try {
    decodeFile(bytes, max);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    return { code: e.code, message: e.message };
  }
  throw new Error("decodeFile did not throw");
}

function records(d: Decoded): unknown[] {
  if (d.kind !== "records") throw new Error(`expected records, got ${d.kind}`);
  return d.records;
}

/** The message V8 gives for this JSON text, so the expectation holds on every Node version. */
function jsonError(s: string): string {
  try {
    JSON.parse(s);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("valid JSON");
}

describe("decodeFile", () => {
  it("reads plain JSON and gzip alike, whatever the file is called", () => {
    const plain = decodeFile(text(LOG));
    expect(plain).toEqual({
      kind: "records",
      records: [{ eventTime: "2026-03-01T10:00:00Z", eventName: "GetObject" }],
      inflatedBytes: LOG.length,
      warnings: [],
    });
    expect(decodeFile(gz(LOG))).toEqual(plain);
  });

  it("decodes a view into a larger buffer from its own offset", () => {
    const big = Buffer.from(`xxxx${LOG}yyyy`);
    expect(records(decodeFile(new Uint8Array(big.buffer, big.byteOffset + 4, LOG.length)))).toHaveLength(1);
  });

  it("allows leading whitespace and a UTF-8 BOM", () => {
    expect(records(decodeFile(text(`\n\t  ${LOG}`)))).toHaveLength(1);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...text(LOG)]);
    const d = decodeFile(bom);
    expect(records(d)).toHaveLength(1);
    expect(d.kind === "records" && d.warnings).toEqual([]);
    expect(records(decodeFile(gz(bom)))).toHaveLength(1);
  });

  it("reads CRLF line ends (Windows copies) like any other JSON whitespace, with no message", () => {
    const crlf = `{\r\n  "Records": [\r\n    {"eventName": "A"},\r\n    {"eventName": "B"}\r\n  ]\r\n}\r\n`;
    const d = decodeFile(text(crlf));
    expect(records(d)).toEqual([{ eventName: "A" }, { eventName: "B" }]);
    expect(d.kind === "records" && [d.warnings, d.errors]).toEqual([[], undefined]);
  });

  it("warns about bytes that are not UTF-8 and reads them as U+FFFD", () => {
    const bytes = new Uint8Array([...text('{"Records":[{"eventName":"'), 0xff, 0xfe, ...text('"}]}')]);
    const d = decodeFile(bytes);
    expect(d).toEqual({
      kind: "records",
      records: [{ eventName: "\uFFFD\uFFFD" }],
      inflatedBytes: bytes.length,
      warnings: ["contains bytes that are not valid UTF-8; they are shown as U+FFFD"],
    });
  });

  it("reads concatenated gzip members as one stream", () => {
    const parts = [gz('{"Records":[{"eventName":"A"},'), gz('{"eventName":"B"}]}')];
    const joined = new Uint8Array(Buffer.concat(parts));
    expect(records(decodeFile(joined))).toEqual([{ eventName: "A" }, { eventName: "B" }]);
  });

  it("ignores zero padding after the gzip data but refuses other trailing bytes", () => {
    const padded = new Uint8Array(Buffer.concat([gz(LOG), Buffer.alloc(16)]));
    expect(records(decodeFile(padded))).toHaveLength(1);
    const trailing = new Uint8Array(Buffer.concat([gz(LOG), Buffer.from("garbage!")]));
    expect(failure(trailing)).toEqual({ code: "E_GZIP", message: "corrupt gzip: incorrect header check" });
  });

  it("recognises a digest document and does not read it as a log", () => {
    const digest = JSON.stringify({ digestStartTime: "x", digestS3Object: "k", logFiles: [] });
    expect(decodeFile(gz(digest))).toEqual({ kind: "digest", inflatedBytes: digest.length });
  });

  it("returns an empty list for an empty Records array", () => {
    expect(records(decodeFile(text('{"Records":[]}')))).toEqual([]);
  });

  it("keeps records that are not objects for the record check to report", () => {
    expect(records(decodeFile(text('{"Records":[1,null,"x",[]]}')))).toEqual([1, null, "x", []]);
  });

  it.each<[string, () => Uint8Array, string, string]>([
    ["an empty file", () => new Uint8Array(0), "E_EMPTY", "empty file (0 bytes)"],
    ["an empty gzip stream", () => gz(""), "E_EMPTY", "empty gzip stream: no data"],
    ["a truncated gzip", () => gz(LOG).subarray(0, 20), "E_GZIP", "truncated gzip: unexpected end of file"],
    ["a gzip cut before its trailer", () => { const g = gz(LOG); return g.subarray(0, g.length - 4); }, "E_GZIP", "truncated gzip: unexpected end of file"],
    [
      "a gzip header followed by garbage",
      () => new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      "E_GZIP",
      "corrupt gzip: invalid stored block lengths",
    ],
    ["a gzip with an unknown method", () => new Uint8Array([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3, 1, 2]), "E_GZIP", "corrupt gzip: unknown compression method"],
    ["a valid gzip of binary data", () => gz(new Uint8Array([0, 1, 2, 3, 200])), "E_FORMAT", "gzip content is not JSON"],
    ["a text file", () => text("hello\n"), "E_FORMAT", "neither gzip nor JSON"],
    ["only whitespace", () => text(" \n\t "), "E_FORMAT", "neither gzip nor JSON"],
    ["a JSON scalar", () => text("null"), "E_FORMAT", "neither gzip nor JSON"],
    ["UTF-16 text", () => new Uint8Array(Buffer.from(`\uFEFF${LOG}`, "utf16le")), "E_FORMAT", "neither gzip nor JSON"],
    ["a top-level array", () => text('[{"eventName":"x"}]'), "E_FORMAT", 'a JSON array at top level: not a CloudTrail log file (expected {"Records": [...]})'],
    ["JSON without Records", () => text('{"records":[]}'), "E_FORMAT", 'JSON without a "Records" array: not a CloudTrail log file'],
    ["a digest missing logFiles", () => text('{"digestS3Object":"k"}'), "E_FORMAT", 'JSON without a "Records" array: not a CloudTrail log file'],
    ["Records as an object", () => text('{"Records":{"0":{}}}'), "E_FORMAT", '"Records" is an object, not an array'],
    ["Records as null", () => text('{"Records":null}'), "E_FORMAT", '"Records" is null, not an array'],
    ["Records as a string", () => text('{"Records":"[]"}'), "E_FORMAT", '"Records" is a string, not an array'],
    ["Records as a number", () => text('{"Records":3}'), "E_FORMAT", '"Records" is a number, not an array'],
  ])("refuses %s", (_label, bytes, code, message) => {
    expect(failure(bytes())).toEqual({ code, message });
  });

  it.each(['{"Records":[', '{"Records":[{"a":1},]}', "{'Records':[]}"])(
    "reports invalid JSON with the parser's reason: %s",
    (doc) => {
      expect(failure(gz(doc))).toEqual({ code: "E_JSON", message: `invalid JSON: ${jsonError(doc)}` });
      expect(failure(text(doc))).toEqual({ code: "E_JSON", message: `invalid JSON: ${jsonError(doc)}` });
    },
  );

  it("reads documents written back to back (cat a.json b.json, concatenated gzip members) with a warning", () => {
    const a = '{"Records":[{"eventName":"A"}]}';
    const b = '\r\n{"Records":[{"eventName":"B"},{"eventName":"C"}]}\n';
    const expected = {
      kind: "records",
      records: [{ eventName: "A" }, { eventName: "B" }, { eventName: "C" }],
      inflatedBytes: a.length + b.length,
      warnings: ["holds 2 JSON documents back to back (concatenated files or gzip members); the records of all were read"],
    };
    expect(decodeFile(text(a + b))).toEqual(expected);
    expect(decodeFile(new Uint8Array(Buffer.concat([gz(a), gz(b)])))).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["garbage", '{"Records":[{"eventName":"A"}]}garbage', "7 bytes after the JSON document were ignored (not a complete JSON document)"],
    ["a cut-off second document", '{"Records":[{"eventName":"A"}]}{"Records":[{"ev', "16 bytes after the JSON document were ignored (not a complete JSON document)"],
    ["NUL padding", `{"Records":[{"eventName":"A"}]}${"\u0000".repeat(5)}`, "5 bytes after the JSON document were ignored (not a complete JSON document)"],
    ["a second document that is not a log", '{"Records":[{"eventName":"A"}]} {"x":1}', 'JSON document 2 in the file: JSON without a "Records" array: not a CloudTrail log file'],
  ])("keeps the records before trailing %s and reports the rest as an error", (_label, doc, error) => {
    const d = decodeFile(text(doc));
    expect(records(d)).toEqual([{ eventName: "A" }]);
    expect(d.kind === "records" && d.errors).toEqual([`${error}; the records before ${error.startsWith("JSON document") ? "it" : "them"} were read`]);
  });

  it("refuses a file by its size on disk before reading it", () => {
    expect(fileSizeProblem(3 * 1024 ** 3, 2 * 1024 ** 3, true)).toBe("the file is 3 GiB, beyond the limit of 2 GiB (--max-inflate); not read");
    expect(fileSizeProblem(600 * 1024 ** 2, 2 * 1024 ** 3, true)).toBe(
      "the file is 600 MiB, beyond 512 MiB, the most V8 can parse as one JSON document; not read",
    );
    // Hashing (validate-logs) does not parse: only --max-inflate applies.
    expect(fileSizeProblem(600 * 1024 ** 2, 2 * 1024 ** 3, false)).toBeUndefined();
    expect(fileSizeProblem(1000, 1000, true)).toBeUndefined();
    expect(fileSizeProblem(1001, 1000, true)).toBe("the file is 1001 bytes, beyond the limit of 1000 bytes (--max-inflate); not read");
  });

  it("stops a decompression bomb at the limit", () => {
    const bomb = gz(new Uint8Array(10 * 1024 * 1024)); // 10 MiB of zeros, about 10 KiB compressed
    expect(bomb.length).toBeLessThan(20_000);
    expect(failure(bomb, 1024 * 1024)).toEqual({
      code: "E_TOO_LARGE",
      message: "decompressed size exceeds the limit of 1 MiB (--max-inflate); not read",
    });
    expect(failure(bomb, 5000)).toEqual({
      code: "E_TOO_LARGE",
      message: "decompressed size exceeds the limit of 5000 bytes (--max-inflate); not read",
    });
  });

  it("applies the limit to uncompressed files too, and accepts a file of exactly the limit", () => {
    expect(failure(text(LOG), LOG.length - 1)).toEqual({
      code: "E_TOO_LARGE",
      message: `file exceeds the limit of ${LOG.length - 1} bytes (--max-inflate)`,
    });
    expect(records(decodeFile(text(LOG), LOG.length))).toHaveLength(1);
    expect(records(decodeFile(gz(LOG), LOG.length))).toHaveLength(1);
  });
});
