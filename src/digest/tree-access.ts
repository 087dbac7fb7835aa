// The small interface through which digest validation reads the exported tree, so the chain logic
// stays free of I/O: tests drive it from memory, the CLI plugs in the file system and its worker
// pool. Also parses the saved S3 metadata of a digest (`aws s3api head-object` output).
// It does not read files itself.
import { HeadObjectSchema, DigestMetadataSchema, type DigestMetadata } from "../model/digest.js";
import type { LogHash } from "./log-hash.js";

/** S3 user metadata saved next to a digest, and where it came from. */
export interface SavedMetadata {
  /**
   * `sidecar`: a `<digest>.metadata.json` head-object document, i.e. the object's full metadata,
   * checked as the AWS CLI checks S3 metadata; `signatures-file`: only a signature from --signatures.
   */
  source: "sidecar" | "signatures-file";
  values: DigestMetadata;
}

export type DigestRead =
  | { kind: "missing" }
  /** There but not readable (permission denied ...): reported as an INVALID digest with `message`. */
  | { kind: "unreadable"; message: string }
  | { kind: "found"; bytes: Uint8Array; metadata: SavedMetadata | undefined };

/** A log file's hash, or that it is not in the tree. */
export type LogCheck = { kind: "missing" } | LogHash;

/** Read access to one exported tree; paths are the local paths the plan produced. */
export interface TreeAccess {
  /** The digest file's bytes and any metadata saved for it. */
  readDigest(path: string): Promise<DigestRead>;
  /** Hashes a log file with hashLogFile (typically in a worker). */
  hashLog(path: string): Promise<LogCheck>;
}

/** The `Metadata` of a head-object sidecar, or the reason it cannot be used. */
export function parseHeadObject(text: string): { kind: "ok"; values: DigestMetadata } | { kind: "invalid"; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: "invalid", reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const head = HeadObjectSchema.safeParse(json);
  if (head.success) return { kind: "ok", values: head.data.Metadata };
  // A bare metadata map ({"signature": ..., "signature-algorithm": ...}) is accepted too.
  const bare = DigestMetadataSchema.safeParse(json);
  if (bare.success && Object.keys(bare.data).length > 0) return { kind: "ok", values: bare.data };
  return { kind: "invalid", reason: 'expected `aws s3api head-object` output with a "Metadata" object' };
}

/** The sidecar file of a digest: `<digest file>.metadata.json`. */
export function sidecarPathOf(digestPath: string): string {
  return `${digestPath}.metadata.json`;
}
