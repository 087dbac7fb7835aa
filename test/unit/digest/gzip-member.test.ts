// Every gzip edge case of the validate-logs reference (§2.2, §7.5), for log files (streamed
// decoder: cuts are hashed, trailing bytes are INVALID) and digest files (one-shot decoder: cuts
// are invalid, trailing bytes ignored). Expected outcomes were taken from Python's zlib, which the
// AWS CLI uses, on the same inputs.
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { decodeDigestFile } from "../../../src/digest/digest-file.js";
import { inflateFirstMember, inflateFirstMemberExact } from "../../../src/digest/gzip-member.js";
import fc from "fast-check";
import { hashLogFile, INVALID_FORMAT_MESSAGE, TRAILING_DATA_MESSAGE } from "../../../src/digest/log-hash.js";

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const data = Buffer.from(
  JSON.stringify({ Records: Array.from({ length: 40 }, (_, i) => ({ eventName: `Event${i}`, n: i * 7919 })) }),
);
const gz = zlib.gzipSync(data);
const FULL = sha256(data);

function trailerOf(content: Buffer): Buffer {
  const t = Buffer.alloc(8);
  t.writeUInt32LE(zlib.crc32(content), 0);
  t.writeUInt32LE(content.length, 4);
  return t;
}

function withByte(b: Buffer, at: number, xor: number): Buffer {
  const copy = Buffer.from(b);
  copy[at] = (copy[at] ?? 0) ^ xor;
  return copy;
}

describe("hashLogFile (the AWS CLI's streamed log decoder)", () => {
  it("hashes the decompressed bytes of a well-formed log file", () => {
    expect(hashLogFile(gz)).toEqual({ kind: "ok", sha256: FULL });
  });

  it("reports a second gzip member as unexpected data after the end of the stream", () => {
    const twoMembers = Buffer.concat([gz, zlib.gzipSync(Buffer.from('{"Records":[]}'))]);
    expect(hashLogFile(twoMembers)).toMatchObject({ kind: "invalid", message: "unexpected data after end of compressed stream" });
  });

  it("reports garbage, even a single zero byte, after the member as unexpected data", () => {
    expect(hashLogFile(Buffer.concat([gz, Buffer.from("garbage")]))).toMatchObject({ message: TRAILING_DATA_MESSAGE });
    expect(hashLogFile(Buffer.concat([gz, Buffer.from([0])]))).toMatchObject({ message: TRAILING_DATA_MESSAGE });
  });

  it("hashes a file whose 8-byte trailer is missing (valid when the data is complete)", () => {
    expect(hashLogFile(gz.subarray(0, gz.length - 8))).toEqual({ kind: "ok", sha256: FULL });
  });

  it("hashes a file whose trailer is cut after a correct CRC32", () => {
    expect(hashLogFile(gz.subarray(0, gz.length - 4))).toEqual({ kind: "ok", sha256: FULL });
  });

  it("rejects a wrong CRC32 as invalid format, even when only its four bytes are present", () => {
    expect(hashLogFile(withByte(gz, gz.length - 8, 0xff))).toEqual({
      kind: "invalid",
      message: "invalid format",
      detail: "incorrect data check",
    });
    expect(hashLogFile(withByte(gz, gz.length - 8, 0xff).subarray(0, gz.length - 4))).toMatchObject({
      message: INVALID_FORMAT_MESSAGE,
    });
  });

  it("rejects a wrong ISIZE as invalid format", () => {
    expect(hashLogFile(withByte(gz, gz.length - 4, 0x01))).toEqual({
      kind: "invalid",
      message: "invalid format",
      detail: "incorrect length check",
    });
  });

  it("checks the CRC before looking at trailing data", () => {
    const bad = Buffer.concat([withByte(gz, gz.length - 8, 0xff), Buffer.from("zz")]);
    expect(hashLogFile(bad)).toMatchObject({ message: INVALID_FORMAT_MESSAGE });
  });

  it("hashes a zero-byte file as empty input (so only the hash comparison fails)", () => {
    expect(hashLogFile(Buffer.alloc(0))).toEqual({ kind: "ok", sha256: EMPTY_SHA256 });
  });

  it("hashes a header cut short as empty input, as zlib waits for more", () => {
    expect(hashLogFile(gz.subarray(0, 5))).toEqual({ kind: "ok", sha256: EMPTY_SHA256 });
    expect(hashLogFile(gz.subarray(0, 10))).toEqual({ kind: "ok", sha256: EMPTY_SHA256 });
    expect(hashLogFile(Buffer.from("x"))).toEqual({ kind: "ok", sha256: EMPTY_SHA256 });
    const unterminatedName = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.from("name")]);
    expect(hashLogFile(unterminatedName)).toEqual({ kind: "ok", sha256: EMPTY_SHA256 });
  });

  it("hashes what a stream cut inside the deflate data inflated to", () => {
    // Stored (level 0) deflate blocks make the inflated prefix exact: 10-byte header, 5-byte block header.
    const stored = zlib.gzipSync(data, { level: 0 });
    expect(hashLogFile(stored.subarray(0, 10 + 5 + 100))).toEqual({ kind: "ok", sha256: sha256(data.subarray(0, 100)) });
    const cut = gz.subarray(0, 10 + Math.floor((gz.length - 18) / 2));
    const result = hashLogFile(cut);
    expect(result.kind).toBe("ok");
    expect(result).not.toEqual({ kind: "ok", sha256: FULL });
  });

  it("rejects what is not gzip as invalid format", () => {
    expect(hashLogFile(data)).toEqual({ kind: "invalid", message: "invalid format", detail: "incorrect header check" });
    expect(hashLogFile(Buffer.from("xx"))).toMatchObject({ message: INVALID_FORMAT_MESSAGE });
    expect(hashLogFile(zlib.deflateSync(data))).toMatchObject({ message: INVALID_FORMAT_MESSAGE });
  });

  it("rejects corrupt deflate data and bad header fields as invalid format", () => {
    const corrupt = Buffer.from(gz);
    corrupt[10] = 0xff;
    corrupt[11] = 0xff;
    expect(hashLogFile(corrupt)).toEqual({ kind: "invalid", message: "invalid format", detail: "invalid block type" });
    const body = Buffer.concat([zlib.deflateRawSync(data), trailerOf(data)]);
    const reserved = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3]), body]);
    expect(hashLogFile(reserved)).toMatchObject({ detail: "unknown header flags set" });
    const method7 = Buffer.concat([Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3]), body]);
    expect(hashLogFile(method7)).toMatchObject({ detail: "unknown compression method" });
  });

  it("skips FEXTRA, FNAME, FCOMMENT and checks FHCRC", () => {
    const header = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3]),
      Buffer.from([3, 0]),
      Buffer.from("abc"),
      Buffer.from("name\0"),
      Buffer.from("comment\0"),
    ]);
    const hcrc = Buffer.alloc(2);
    hcrc.writeUInt16LE(zlib.crc32(header) & 0xffff);
    const body = Buffer.concat([zlib.deflateRawSync(data), trailerOf(data)]);
    expect(hashLogFile(Buffer.concat([header, hcrc, body]))).toEqual({ kind: "ok", sha256: FULL });
    expect(hashLogFile(Buffer.concat([header, withByte(hcrc, 0, 0xff), body]))).toMatchObject({
      message: INVALID_FORMAT_MESSAGE,
      detail: "header crc mismatch",
    });
  });
});

describe("inflateFirstMember without zlib.crc32 (Node < 20.15)", () => {
  const original = zlib.crc32;
  afterEach(() => {
    (zlib as { crc32: typeof zlib.crc32 }).crc32 = original;
  });

  it("still verifies the CRC32 through gunzip", () => {
    (zlib as { crc32: unknown }).crc32 = undefined;
    expect(inflateFirstMemberExact(gz)).toMatchObject({ kind: "inflated", complete: true, trailingBytes: 0 });
    expect(inflateFirstMemberExact(withByte(gz, gz.length - 8, 0xff))).toEqual({ kind: "corrupt", message: "incorrect data check" });
    expect(inflateFirstMember(withByte(gz, gz.length - 8, 0xff))).toEqual({ kind: "corrupt", message: "incorrect data check" });
  });
});

describe("decodeDigestFile (the AWS CLI's one-shot digest decoder)", () => {
  const digestJson = Buffer.from('{"digestS3Object":"a\\/b","logFiles":[]}');
  const digestGz = zlib.gzipSync(digestJson);

  it("keeps the decompressed bytes exactly as stored and hashes them", () => {
    const r = decodeDigestFile(digestGz);
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.digest.inflated.equals(digestJson)).toBe(true);
    expect(r.digest.sha256).toBe(sha256(digestJson));
    expect(r.digest.json).toEqual({ digestS3Object: "a/b", logFiles: [] });
  });

  it("ignores a second member or garbage after the first member", () => {
    expect(decodeDigestFile(Buffer.concat([digestGz, zlib.gzipSync("{}")])).kind).toBe("ok");
    expect(decodeDigestFile(Buffer.concat([digestGz, Buffer.from("garbage")])).kind).toBe("ok");
  });

  it("rejects a stream cut anywhere, an empty file and a bad CRC", () => {
    expect(decodeDigestFile(digestGz.subarray(0, digestGz.length - 8))).toEqual({
      kind: "invalid-format",
      detail: "gzip: incomplete or truncated stream",
    });
    expect(decodeDigestFile(digestGz.subarray(0, digestGz.length - 4)).kind).toBe("invalid-format");
    expect(decodeDigestFile(Buffer.alloc(0)).kind).toBe("invalid-format");
    expect(decodeDigestFile(withByte(digestGz, digestGz.length - 8, 0xff))).toEqual({
      kind: "invalid-format",
      detail: "gzip: incorrect data check",
    });
  });

  it("rejects plain JSON, non-JSON, a BOM, non-UTF-8 and non-object JSON", () => {
    expect(decodeDigestFile(digestJson).kind).toBe("invalid-format");
    expect(decodeDigestFile(zlib.gzipSync("{{{")).kind).toBe("invalid-format");
    expect(decodeDigestFile(zlib.gzipSync("\ufeff{}")).kind).toBe("invalid-format");
    expect(decodeDigestFile(zlib.gzipSync(Buffer.from([0x7b, 0xff, 0x7d]))).kind).toBe("invalid-format");
    expect(decodeDigestFile(zlib.gzipSync("[]"))).toEqual({ kind: "invalid-format", detail: "JSON: not an object" });
  });
});

describe("inflateFirstMember's one-pass shortcut", () => {
  // The shortcut must never change a verdict: on whole, cut, padded, concatenated and damaged
  // files it answers exactly what the step-by-step path answers.
  const member = (text: string, level: number) => zlib.gzipSync(Buffer.from(text), { level });
  const file = fc
    .record({
      text: fc.string({ maxLength: 3000 }),
      level: fc.constantFrom(0, 1, 6, 9),
      second: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
      tail: fc.option(fc.uint8Array({ maxLength: 12 }), { nil: undefined }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
    })
    .map(({ text, level, second, tail, cut, flips }) => {
      let b = member(text, level);
      if (second !== undefined) b = Buffer.concat([b, member(second, level)]);
      if (tail !== undefined) b = Buffer.concat([b, Buffer.from(tail)]);
      if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
      b = Buffer.from(b);
      for (const [at, x] of flips) if (b.length > 0) b[at % b.length] = b[at % b.length]! ^ x;
      return b;
    });

  it("agrees with the exact path", () => {
    fc.assert(
      fc.property(file, (b) => {
        expect(inflateFirstMember(b)).toEqual(inflateFirstMemberExact(b));
      }),
      { numRuns: 800 },
    );
  });

  it("agrees under an output limit", () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 0, max: 4000 }), (b, max) => {
        expect(inflateFirstMember(b, { maxOutputLength: max })).toEqual(inflateFirstMemberExact(b, { maxOutputLength: max }));
      }),
      { numRuns: 400 },
    );
  });
});
