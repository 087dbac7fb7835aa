// Turns the bytes of ONE file into its JSON document: gzip sniffed by magic bytes (never by the
// extension), a decompression limit against bombs, BOM and non-UTF-8 handling, JSON.parse, and the
// envelope check ({"Records": [...]}, or a digest). It does not validate records: see process-file.ts.
import { isUtf8 } from "node:buffer";
import zlib from "node:zlib";
import { InputError } from "../errors.js";

/** Default cap on one file's decompressed size; real CloudTrail files are far smaller. */
export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;
/** V8 cannot hold a longer string, so a larger document cannot be parsed in one piece. */
const MAX_JSON_CHARS = 0x1fffffe8;

export type Decoded =
  | { kind: "records"; records: unknown[]; inflatedBytes: number; warnings: string[] }
  | { kind: "digest"; inflatedBytes: number };

function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Output chunk size for one file: its gzip trailer's ISIZE, bounded (the trailer is untrusted). */
function chunkSizeFor(buf: Uint8Array, maxInflatedBytes: number): number {
  if (buf.length < 18) return zlib.constants.Z_DEFAULT_CHUNK;
  const isize = (buf[buf.length - 4]! | (buf[buf.length - 3]! << 8) | (buf[buf.length - 2]! << 16) | (buf[buf.length - 1]! << 24)) >>> 0;
  return Math.max(zlib.constants.Z_DEFAULT_CHUNK, Math.min(isize + 64, maxInflatedBytes, 64 * 1024 * 1024));
}

function gunzip(buf: Uint8Array, maxInflatedBytes: number): Buffer {
  try {
    // Synchronous gunzip measured fastest inside worker threads (no event-loop round trips), and
    // one output chunk of the announced size saves the copy that joining 16 KiB chunks costs.
    return zlib.gunzipSync(buf, {
      maxOutputLength: Math.min(maxInflatedBytes, 2 ** 31 - 1),
      chunkSize: chunkSizeFor(buf, maxInflatedBytes),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
      throw new InputError(
        "E_TOO_LARGE",
        `decompressed size exceeds the limit of ${formatBytes(maxInflatedBytes)} (--max-inflate); not read`,
      );
    if (e.code === "Z_BUF_ERROR") throw new InputError("E_GZIP", "truncated gzip: unexpected end of file");
    throw new InputError("E_GZIP", `corrupt gzip: ${e.message}`);
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  return `${n} bytes`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Decodes one file's bytes. Throws InputError with a reason a user can act on. */
export function decodeFile(raw: Uint8Array, maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES): Decoded {
  if (raw.length === 0) throw new InputError("E_EMPTY", "empty file (0 bytes)");
  const bytes = isGzip(raw) ? gunzip(raw, maxInflatedBytes) : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  if (bytes.length > maxInflatedBytes)
    throw new InputError("E_TOO_LARGE", `file exceeds the limit of ${formatBytes(maxInflatedBytes)} (--max-inflate)`);
  if (bytes.length === 0) throw new InputError("E_EMPTY", "empty gzip stream: no data");
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // UTF-8 BOM
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x09)) start++;
  const first = bytes[start];
  if (first !== 0x7b && first !== 0x5b) {
    throw new InputError("E_FORMAT", isGzip(raw) ? "gzip content is not JSON" : "neither gzip nor JSON");
  }
  if (bytes.length - start > MAX_JSON_CHARS)
    throw new InputError("E_TOO_LARGE", "decompressed document is larger than 512 MiB and cannot be parsed as one JSON value");
  const warnings: string[] = [];
  if (!isUtf8(bytes.subarray(start))) warnings.push("contains bytes that are not valid UTF-8; they are shown as U+FFFD");
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8", start));
  } catch (err) {
    throw new InputError("E_JSON", `invalid JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(doc))
    throw new InputError("E_FORMAT", 'a JSON array at top level: not a CloudTrail log file (expected {"Records": [...]})');
  if (typeof doc !== "object" || doc === null) throw new InputError("E_FORMAT", "not a CloudTrail log file");
  const obj = doc as Record<string, unknown>;
  if ("Records" in obj) {
    const records = obj["Records"];
    if (!Array.isArray(records)) throw new InputError("E_FORMAT", `"Records" is ${typeName(records)}, not an array`);
    return { kind: "records", records, inflatedBytes: bytes.length, warnings };
  }
  if ("digestS3Object" in obj && "logFiles" in obj) return { kind: "digest", inflatedBytes: bytes.length };
  throw new InputError("E_FORMAT", 'JSON without a "Records" array: not a CloudTrail log file');
}
