// Hashes ONE CloudTrail log file the way `aws cloudtrail validate-logs` does (current versions):
// SHA-256 over the decompressed bytes of the first gzip member, with awscli's verdicts for corrupt,
// cut and padded files. Pure and synchronous so a worker thread can call it on bytes it has read.
// It does not compare with a digest's hashValue and does not read files.
import { createHash } from "node:crypto";
import { inflateFirstMember, type InflateOptions } from "./gzip-member.js";

/** The AWS CLI's message for bytes after the end of a log file's gzip member (≥ 2.34.51 / 1.45.12). */
export const TRAILING_DATA_MESSAGE = "unexpected data after end of compressed stream";
/** The AWS CLI's message for a log file that is not a readable gzip stream. */
export const INVALID_FORMAT_MESSAGE = "invalid format";

/** A log file's hash, or the INVALID message the AWS CLI prints for it. */
export type LogHash =
  | { kind: "ok"; sha256: string }
  /** `unchecked`: the file was not judged (too large to inflate, unreadable); ct reports it as an error too. */
  | { kind: "invalid"; message: string; detail?: string; unchecked?: true };

/**
 * SHA-256 (lowercase hex) of a log file's decompressed bytes. A file cut short (even an empty
 * one) hashes what could be inflated, so it fails only the hash comparison, exactly as in awscli.
 */
export function hashLogFile(bytes: Uint8Array, options: InflateOptions = {}): LogHash {
  const member = inflateFirstMember(bytes, options);
  if (member.kind === "corrupt")
    return { kind: "invalid", message: INVALID_FORMAT_MESSAGE, detail: member.message, ...(member.tooLarge ? { unchecked: true as const } : {}) };
  if (member.trailingBytes > 0) {
    return {
      kind: "invalid",
      message: TRAILING_DATA_MESSAGE,
      detail: `${member.trailingBytes} bytes after the end of the gzip member`,
    };
  }
  return { kind: "ok", sha256: createHash("sha256").update(member.data).digest("hex") };
}
