// Turns the bytes of ONE file into its JSON document: gzip sniffed by magic bytes (never by the
// extension), a decompression limit against bombs, BOM and non-UTF-8 handling, JSON.parse, documents
// written back to back, and the envelope check ({"Records": [...]}, or a digest).
// It does not validate records: see process-file.ts.
import { isUtf8 } from "node:buffer";
import zlib from "node:zlib";
import { InputError } from "../errors.js";

/** Default cap on one file's decompressed size; real CloudTrail files are far smaller. */
export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;
/** V8 cannot hold a longer string, so a larger document cannot be parsed in one piece. */
const MAX_JSON_CHARS = 0x1fffffe8;
/**
 * The error code of a document too large to parse as one JSON value but within --max-inflate:
 * the reader then streams it record by record instead (see stream-file.ts).
 */
export const E_ONE_DOCUMENT = "E_ONE_DOCUMENT";

/** Why such a document is not parsed whole. */
export const ONE_DOCUMENT_MESSAGE = "decompressed document is larger than 512 MiB and cannot be parsed as one JSON value";

/** The envelope's verdicts, shared with the streamed reader (record-splitter.ts) so both say the same. */
export const TOP_LEVEL_ARRAY_MESSAGE = 'a JSON array at top level: not a CloudTrail log file (expected {"Records": [...]})';
export const NO_RECORDS_MESSAGE = 'JSON without a "Records" array: not a CloudTrail log file';

/** Bytes beyond which a file is too large to parse as one document (BOM and spaces get room). */
export const ONE_DOCUMENT_BYTES = MAX_JSON_CHARS + 1024;

/** What is refused before reading: a file this big inflates (or is) beyond what can be parsed. */
const JSON_LIMIT_TEXT = "512 MiB, the most V8 can parse as one JSON document";

export type Decoded =
  | {
      kind: "records";
      records: unknown[];
      inflatedBytes: number;
      warnings: string[];
      /** Problems with the file that did not stop its records from being read (absent when none). */
      errors?: string[];
    }
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
    // Inflating past what JSON.parse can take only costs memory: stop there too (BOM and
    // leading whitespace get a little room).
    const jsonBound = MAX_JSON_CHARS + 1024;
    return zlib.gunzipSync(buf, {
      maxOutputLength: Math.min(maxInflatedBytes, jsonBound),
      chunkSize: chunkSizeFor(buf, maxInflatedBytes),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
      if (maxInflatedBytes > MAX_JSON_CHARS)
        throw new InputError(E_ONE_DOCUMENT, `decompressed size exceeds ${JSON_LIMIT_TEXT}; not read`);
      throw new InputError(
        "E_TOO_LARGE",
        `decompressed size exceeds the limit of ${formatBytes(maxInflatedBytes)} (--max-inflate); not read`,
      );
    }
    if (e.code === "Z_BUF_ERROR") throw new InputError("E_GZIP", "truncated gzip: unexpected end of file");
    throw new InputError("E_GZIP", `corrupt gzip: ${e.message}`);
  }
}

/**
 * Why a file of `size` bytes on disk is refused before it is read, or undefined. Deflate never
 * shrinks data by more than its framing, so such a file would also inflate past the limit.
 */
export function fileSizeProblem(size: number, maxInflatedBytes: number, parsed: boolean): string | undefined {
  if (size > maxInflatedBytes)
    return `the file is ${formatBytes(size)}, beyond the limit of ${formatBytes(maxInflatedBytes)} (--max-inflate); not read`;
  if (parsed && size > MAX_JSON_CHARS + 1024) return `the file is ${formatBytes(size)}, beyond ${JSON_LIMIT_TEXT}; not read`;
  return undefined;
}

/** Sizes as a person reads them: exact binary units when they fit, else one decimal. */
function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Where the object or array starting at `start` ends (exclusive), or -1 when the bytes end first.
 * A byte scan that only tracks strings and nesting: used after JSON.parse has failed, to tell a
 * document followed by more text from a broken one.
 */
function valueEnd(bytes: Uint8Array, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if ((b === 0x7d || b === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
}

function parseJson(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString("utf8", start, end));
  } catch (err) {
    throw new InputError("E_JSON", `invalid JSON: ${(err as Error).message}`);
  }
}

/**
 * The JSON values of a text holding one or more of them back to back (`cat a.json b.json`, or
 * concatenated gzip members), and what follows the last one that parses. Only called once
 * JSON.parse of the whole text has failed; a broken first value rethrows that failure.
 */
function parseSequence(bytes: Buffer, start: number, whole: InputError): { docs: unknown[]; trailing: string | undefined } {
  const docs: unknown[] = [];
  let at = start;
  while (at < bytes.length) {
    const end = bytes[at] === 0x7b || bytes[at] === 0x5b ? valueEnd(bytes, at) : -1;
    let doc: unknown;
    try {
      if (end < 0) throw whole;
      doc = parseJson(bytes, at, end);
    } catch (err) {
      if (docs.length === 0) throw whole;
      const reason = end < 0 ? "not a complete JSON document" : (err as Error).message;
      return { docs, trailing: `${bytes.length - at} bytes after the JSON document were ignored (${reason}); the records before them were read` };
    }
    docs.push(doc);
    at = end;
    while (isSpace(bytes[at])) at++;
  }
  return { docs, trailing: undefined };
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** A file inflated and checked up to its JSON text, which starts at `start` (after a BOM and spaces). */
export interface Inflated {
  bytes: Buffer;
  start: number;
  /** The bytes are valid UTF-8, so a search of them finds what a search of the text would. */
  utf8: boolean;
  warnings: string[];
}

/** Inflates one file's bytes and checks they can be a JSON document. Throws InputError with a reason a user can act on. */
export function inflateFile(raw: Uint8Array, maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES): Inflated {
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
    throw new InputError(E_ONE_DOCUMENT, ONE_DOCUMENT_MESSAGE);
  const warnings: string[] = [];
  const utf8 = isUtf8(bytes.subarray(start));
  if (!utf8) warnings.push("contains bytes that are not valid UTF-8; they are shown as U+FFFD");
  return { bytes, start, utf8, warnings };
}

/** The text JSON.parse reads: the bytes from `start`, as UTF-8. */
export function inflatedText(f: Inflated): string {
  return f.bytes.toString("utf8", f.start);
}

/** Parses an inflated file (`text` is its inflatedText, when the caller already made it). */
export function parseInflated(f: Inflated, text: string = inflatedText(f)): Decoded {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const whole = new InputError("E_JSON", `invalid JSON: ${(err as Error).message}`);
    const { docs, trailing } = parseSequence(f.bytes, f.start, whole);
    return decodeSequence(docs, trailing, f.bytes.length, f.warnings);
  }
  return envelope(doc, f.bytes.length, f.warnings);
}

/** Decodes one file's bytes. Throws InputError with a reason a user can act on. */
export function decodeFile(raw: Uint8Array, maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES): Decoded {
  return parseInflated(inflateFile(raw, maxInflatedBytes));
}

/** The envelope check of one document. */
function envelope(doc: unknown, inflatedBytes: number, warnings: string[]): Decoded {
  if (Array.isArray(doc))
    throw new InputError("E_FORMAT", TOP_LEVEL_ARRAY_MESSAGE);
  if (typeof doc !== "object" || doc === null) throw new InputError("E_FORMAT", "not a CloudTrail log file");
  const obj = doc as Record<string, unknown>;
  if ("Records" in obj) {
    const records = obj["Records"];
    if (!Array.isArray(records)) throw new InputError("E_FORMAT", `"Records" is ${typeName(records)}, not an array`);
    return { kind: "records", records, inflatedBytes, warnings };
  }
  if ("digestS3Object" in obj && "logFiles" in obj) return { kind: "digest", inflatedBytes };
  throw new InputError("E_FORMAT", NO_RECORDS_MESSAGE);
}

/**
 * Documents written back to back: every one must be a log ({"Records": [...]}); their records are
 * read in order. Text after the last good document is an error, but does not hide those records.
 */
function decodeSequence(docs: unknown[], trailing: string | undefined, inflatedBytes: number, warnings: string[]): Decoded {
  const first = envelope(docs[0], inflatedBytes, warnings);
  if (first.kind === "digest") {
    if (docs.length > 1 || trailing) throw new InputError("E_FORMAT", "a digest file followed by more data");
    return first;
  }
  const records = [...first.records];
  let read = 1;
  let error = trailing;
  for (; read < docs.length; read++) {
    let next: Decoded;
    try {
      next = envelope(docs[read], inflatedBytes, warnings);
    } catch (err) {
      error = `JSON document ${read + 1} in the file: ${(err as Error).message}; the records before it were read`;
      break;
    }
    if (next.kind !== "records") {
      error = `JSON document ${read + 1} in the file is a digest, not a log; the records before it were read`;
      break;
    }
    for (const r of next.records) records.push(r);
  }
  if (read > 1)
    warnings.push(`holds ${read} JSON documents back to back (concatenated files or gzip members); the records of all were read`);
  return { kind: "records", records, inflatedBytes, warnings, ...(error ? { errors: [error] } : {}) };
}
