// Inflates the FIRST gzip member of a byte string exactly as Python's zlib does for the AWS CLI:
// what a truncated stream yields, whether the CRC32/ISIZE trailer was present and right, and how
// many bytes follow the member. Node's gunzipSync differs in every one of these edge cases.
// It does not decide what a finding is (log files and digest files treat the result differently).
import zlib from "node:zlib";

/** The outcome of inflating the first gzip member. */
export type GzipMember =
  /**
   * zlib rejected the header or the deflate data, or the trailer's CRC32 or ISIZE is wrong;
   * `tooLarge` when inflating stopped at `maxOutputLength` instead (nothing was judged).
   */
  | { kind: "corrupt"; message: string; tooLarge?: true }
  | {
      kind: "inflated";
      /** Everything the member inflated to (a prefix of it when the input is cut short). */
      data: Buffer;
      /** True when the member ended and its 8-byte trailer was present and verified. */
      complete: boolean;
      /** Bytes after a complete member (a second member or garbage); 0 when not complete. */
      trailingBytes: number;
    };

export interface InflateOptions {
  /** Refuse to inflate more than this many bytes (a guard against gzip bombs). */
  maxOutputLength?: number;
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const HEADER_FIXED = 10;
const TRAILER = 8;

/** The start of any gzip member zlib can read: magic and the deflate method. */
const MEMBER_START = Buffer.from([0x1f, 0x8b, 0x08]);

/**
 * The common case in one pass: a file that is exactly one complete gzip member. zlib's gunzip
 * checks the CRC32 and ISIZE while it inflates; it also reads further members and ignores trailing
 * zeros, so the answer is used only when all input was consumed and no second member can start
 * anywhere in it (compressed bytes hold 1f 8b 08 in well under 1% of log files). Anything else,
 * including every error, is judged by the exact path.
 */
function inflateWholeSingleMember(input: Buffer, options: InflateOptions): Buffer | undefined {
  if (input.length < 18 || input.indexOf(MEMBER_START, 1) !== -1) return undefined;
  const isize = input.readUInt32LE(input.length - 4);
  try {
    const inflated = zlib.gunzipSync(input, {
      info: true,
      // One output chunk of the announced size (bounded: the trailer is untrusted) saves joining chunks.
      chunkSize: Math.max(zlib.constants.Z_DEFAULT_CHUNK, Math.min(isize + 64, options.maxOutputLength ?? Infinity, 64 * 1024 * 1024)),
      ...(options.maxOutputLength === undefined ? {} : { maxOutputLength: options.maxOutputLength }),
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return inflated.engine.bytesWritten === input.length ? inflated.buffer : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Inflates the first gzip member of `bytes` the way Python's `zlib.decompressobj(MAX_WBITS | 16)`
 * does when fed the whole input and flushed: a cut anywhere (header, deflate data or trailer) is
 * not an error and yields what was inflated so far; a wrong CRC32 is detected as soon as its four
 * bytes are present, a wrong ISIZE once all eight are.
 */
export function inflateFirstMember(bytes: Uint8Array, options: InflateOptions = {}): GzipMember {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = inflateWholeSingleMember(input, options);
  if (whole !== undefined) return { kind: "inflated", data: whole, complete: true, trailingBytes: 0 };
  return inflateFirstMemberExact(input, options);
}

/** inflateFirstMember without the one-pass shortcut: every edge case, step by step. */
export function inflateFirstMemberExact(bytes: Uint8Array, options: InflateOptions = {}): GzipMember {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerEnd = gzipHeaderEnd(input);
  // zlib itself judges the header (magic, method, reserved flags, header CRC), so its verdict and
  // its messages are the reference ones; with a sync flush a header cut short is not an error.
  const headerError = zlibError(() =>
    zlib.gunzipSync(input.subarray(0, headerEnd ?? input.length), { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  );
  if (headerError !== undefined) return { kind: "corrupt", message: headerError };
  if (headerEnd === undefined) return { kind: "inflated", data: Buffer.alloc(0), complete: false, trailingBytes: 0 };

  const body = input.subarray(headerEnd);
  let data: Buffer;
  let consumed: number;
  try {
    const inflated = zlib.inflateRawSync(body, {
      info: true,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      ...(options.maxOutputLength === undefined ? {} : { maxOutputLength: options.maxOutputLength }),
    }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    data = inflated.buffer;
    consumed = inflated.engine.bytesWritten;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" && options.maxOutputLength !== undefined)
      return { kind: "corrupt", message: `decompressed size exceeds the limit of ${options.maxOutputLength} bytes`, tooLarge: true };
    return { kind: "corrupt", message: errorText(err) };
  }
  // With a sync flush and room for output, inflate consumes all its input unless the deflate
  // stream ended; input left over therefore proves the end was reached and starts the trailer.
  // When everything was consumed the trailer is absent either way: nothing to check.
  if (consumed >= body.length) return { kind: "inflated", data, complete: false, trailingBytes: 0 };
  const rest = body.subarray(consumed);
  if (rest.length < 4) return { kind: "inflated", data, complete: false, trailingBytes: 0 };
  const memberStart = input.subarray(0, headerEnd + consumed + 4);
  if (!crcMatches(data, rest.readUInt32LE(0), memberStart)) return { kind: "corrupt", message: "incorrect data check" };
  if (rest.length < TRAILER) return { kind: "inflated", data, complete: false, trailingBytes: 0 };
  if (rest.readUInt32LE(4) !== data.length % 2 ** 32) return { kind: "corrupt", message: "incorrect length check" };
  return { kind: "inflated", data, complete: true, trailingBytes: rest.length - TRAILER };
}

/** Where the deflate data starts, or undefined when the header is cut short. */
function gzipHeaderEnd(b: Buffer): number | undefined {
  if (b.length < HEADER_FIXED) return undefined;
  const flags = b[3] ?? 0;
  let at = HEADER_FIXED;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return undefined;
    at += 2 + b.readUInt16LE(at);
    if (b.length < at) return undefined;
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const nul = b.indexOf(0, at);
      if (nul < 0) return undefined;
      at = nul + 1;
    }
  }
  if (flags & FHCRC) {
    at += 2;
    if (b.length < at) return undefined;
  }
  return at;
}

/** Compares the trailer CRC32 with the inflated data; `memberUpToCrc` is the member through its CRC. */
function crcMatches(data: Buffer, expected: number, memberUpToCrc: Buffer): boolean {
  if (typeof zlib.crc32 === "function") return zlib.crc32(data) === expected;
  // Node < 20.15 has no zlib.crc32: let gunzip check the CRC over the member with the right ISIZE.
  const isize = Buffer.alloc(4);
  isize.writeUInt32LE(data.length % 2 ** 32);
  return zlibError(() => zlib.gunzipSync(Buffer.concat([memberUpToCrc, isize]))) === undefined;
}

function zlibError(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return errorText(err);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
