// The typed events a digest-chain validation yields, in output order: one per digest file and log
// file checked, the AWS CLI's gap notices, ct's own findings, and a summary per chain. They are
// plain JSON-ready data (`type` first) so the json/ndjson outputs print them as they are.
// Nothing here computes or prints; see chain.ts (producer) and report.ts (text layout).

/** Where a checked file is: its S3 location when known, and where it lies (or would lie) on disk. */
export interface FileRef {
  /** The bucket, or null when no digest of the chain named one. */
  bucket: string | null;
  /** The S3 key (for a local file whose key is not known: the path relative to the tree root). */
  key: string;
  /** `s3://bucket/key`, or the local path when the bucket is not known: what text output prints. */
  uri: string;
  /** The local file, or null when the key maps to no place in the exported tree. */
  path: string | null;
}

/** One digest chain: one trail, one account (and organization), one source region, one tree. */
export interface ChainInfo {
  /** Stable identifier: the local digest folder plus trail and home region. */
  id: string;
  /** The tree (directory argument) the chain was found in. */
  root: string;
  trailName: string;
  homeRegion: string;
  sourceRegion: string;
  accountId: string;
  orgId: string | null;
  /** The trail ARN when the user gave it or it can be derived (not for organization trails). */
  trailArn: string | null;
  /** Local folder of the digests, relative to the root. */
  digestFolder: string;
}

/** Why a digest that passed every other check still has no verified signature. */
export type UnverifiedReason = "no-public-keys" | "no-signature";

export type SignatureState = { status: "verified"; fingerprint: string } | { status: "not-verified"; reason: UnverifiedReason };

export interface ChainStartEvent {
  type: "chain";
  chain: ChainInfo;
  /** The window validated (user's or, by default, everything present), ISO display form. */
  start: string;
  end: string;
}

export interface DigestEvent extends FileRef {
  type: "digest";
  chainId: string;
  backfill: boolean;
  status: "valid" | "invalid";
  /** The AWS CLI's text after `INVALID: ` (e.g. `not found`), null when valid. */
  message: string | null;
  /** Technical cause behind a generic message (zlib or JSON error), when there is one. */
  detail: string | null;
  /** Signature outcome of a valid digest; null for invalid ones (the message says why). */
  signature: SignatureState | null;
  digestStartTime: string | null;
  digestEndTime: string | null;
  /** Number of log files listed (valid digests only). */
  logFiles: number | null;
}

export interface LogEvent extends FileRef {
  type: "log";
  chainId: string;
  status: "valid" | "invalid";
  message: string | null;
  detail: string | null;
  /** The digest that lists this log file. */
  digestKey: string;
}

/** The AWS CLI's notice for a chain start (logging or validation was off): not a failure. */
export interface GapEvent {
  type: "gap";
  chainId: string;
  backfill: boolean;
  /** Time in the file name of the next older digest. */
  from: string;
  /** digestStartTime of the digest that starts the newer chain. */
  to: string;
}

/** ct: an hourly digest file that should exist between two others but is not in the tree. */
export interface MissingDigestEvent extends FileRef {
  type: "missing-digest";
  chainId: string;
  backfill: boolean;
  /** The end time the missing digest is expected to have (its key is predicted from it). */
  expectedEndTime: string;
  /** The digests around the hole: the newer one that failed, the older one the walk resumed at. */
  newerKey: string;
  olderKey: string;
}

/** ct: log files delivered after the newest digest and listed by none: the newest digest is missing. */
export interface NewestDigestMissingEvent extends FileRef {
  type: "newest-digest-missing";
  chainId: string;
  /** digestEndTime of the newest digest present (its file-name time if it could not be read). */
  after: string;
  logFiles: number;
  firstLogTime: string;
  lastLogTime: string;
  logKeys: string[];
}

/** ct: a link whose previousDigestHashValue or previousDigestSignature disagrees with the previous digest. */
export interface BrokenLinkEvent extends FileRef {
  type: "broken-link";
  chainId: string;
  backfill: boolean;
  field: "previousDigestHashValue" | "previousDigestSignature";
  previous: FileRef;
  expected: string;
  actual: string;
}

/** ct: a log file inside a validated window that no digest lists (possibly injected). */
export interface UnlistedLogEvent extends FileRef {
  type: "unlisted-log";
  chainId: string;
  deliveryTime: string;
}

/** Counts for one chain: the AWS CLI's (digests, backfill digests, logs) and ct's own. */
export interface ChainSummary {
  type: "chain-summary";
  chainId: string;
  start: string;
  end: string;
  digests: { valid: number; invalid: number };
  backfillDigests: { valid: number; invalid: number };
  logs: { valid: number; invalid: number };
  /** The AWS CLI's "Results found for A to B", null when no digest was valid. */
  resultsFound: { start: string; end: string } | null;
  signatures: { verified: number; notVerified: number; reasons: UnverifiedReason[] };
  findings: { missingDigests: number; newestDigestMissing: number; brokenLinks: number; unlistedLogs: number };
  gaps: number;
  /** First digestStartTime and last digestEndTime of the valid digests, with the holes between them. */
  coverage: { first: string; last: string; holes: { from: string; to: string }[] } | null;
  /** True when anything checked was invalid or missing (the run then exits 1). */
  failed: boolean;
}

export type ChainEvent =
  | ChainStartEvent
  | DigestEvent
  | LogEvent
  | GapEvent
  | MissingDigestEvent
  | NewestDigestMissingEvent
  | BrokenLinkEvent
  | UnlistedLogEvent
  | ChainSummary;
