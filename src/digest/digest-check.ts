// Validates ONE digest file that was found, in the AWS CLI's order of checks (§3.4): format, saved
// S3 metadata, required keys, location, public key, signature, end time. Returns the AWS CLI's
// message for the first failure. Offline additions: a signature may come from the next digest's
// previousDigestSignature, and without public keys the signature is reported as not verified.
// It does not walk the chain, read files or check log files.
import { DigestFileSchema, missingRequiredKeys, type DigestFile } from "../model/digest.js";
import { dataToSign } from "./data-to-sign.js";
import { decodeDigestFile, type DecodedDigest } from "./digest-file.js";
import type { SignatureState } from "./events.js";
import type { PublicKeyRecord, PublicKeyRing } from "./public-keys.js";
import { verifySignature } from "./signature.js";
import { parseDateValue, unparseableDateMessage } from "./time.js";
import type { SavedMetadata } from "./tree-access.js";

export const MSG_INVALID_FORMAT = "invalid format";
export const MSG_SIGNATURE_FAILED = "signature verification failed";
export const MSG_MOVED = "has been moved from its original location";
export const MSG_NOT_FOUND = "not found";

/** How the checker finds a digest's public key (one ListPublicKeys window per pass, as the AWS CLI). */
export type KeyLookup =
  | { kind: "found"; record: PublicKeyRecord }
  | { kind: "not-found" }
  /** A backfill digest's own window held no key at all: `No public keys found between A and B`. */
  | { kind: "none-in-window"; message: string };

export interface DigestCheckInput {
  bytes: Uint8Array;
  metadata: SavedMetadata | undefined;
  /** Where the digest was read: the bucket walked and the key listed or linked to. */
  bucket: string | undefined;
  key: string;
  backfill: boolean;
  homeRegion: string;
  /** previousDigestSignature of a newer digest that links to this key, if one was read. */
  signatureFromNextDigest: string | undefined;
  /** Undefined when no public keys were given: signatures are then not verified. */
  keys: { ring: PublicKeyRing; lookup: (fingerprint: string, backfillGeneratedAt: number | undefined) => KeyLookup } | undefined;
  /** Treat a digest whose signature cannot be checked as invalid (--require-signatures). */
  requireSignatures: boolean;
  /** Stop inflating the digest here (--max-inflate): a digest is a few kilobytes, a bomb is not. */
  maxInflatedBytes?: number | undefined;
}

export type DigestCheck =
  | {
      kind: "invalid";
      message: string;
      detail?: string;
      /** What could be decoded, for link checks and for the signature the digest carries for its predecessor. */
      decoded?: DecodedDigest;
    }
  | {
      kind: "valid";
      decoded: DecodedDigest;
      digest: DigestFile;
      startTime: number;
      endTime: number;
      signature: SignatureState;
      /** The signature from the digest's own saved metadata, when there is one. */
      ownSignature: string | undefined;
    };

/** zlib options for a digest under the --max-inflate limit. */
export function inflateOptions(maxInflatedBytes: number | undefined): { maxOutputLength?: number } {
  return maxInflatedBytes === undefined ? {} : { maxOutputLength: maxInflatedBytes };
}

/** Runs the AWS CLI's checks on one digest file that exists. */
export function checkDigest(input: DigestCheckInput): DigestCheck {
  const decodedResult = decodeDigestFile(input.bytes, inflateOptions(input.maxInflatedBytes));
  if (decodedResult.kind !== "ok") return { kind: "invalid", message: MSG_INVALID_FORMAT, detail: decodedResult.detail };
  const decoded = decodedResult.digest;
  const invalid = (message: string, detail?: string): DigestCheck => ({
    kind: "invalid",
    message,
    decoded,
    ...(detail === undefined ? {} : { detail }),
  });

  // The object's S3 metadata is checked before the JSON keys; only a full head-object sidecar is
  // the object's metadata: a --signatures entry carries a signature and nothing else.
  const meta = input.metadata;
  if (meta?.source === "sidecar" && (meta.values["signature"] === undefined || meta.values["signature-algorithm"] === undefined)) {
    return invalid(MSG_SIGNATURE_FAILED, "the saved S3 metadata has no signature or signature-algorithm");
  }
  let backfillGeneratedAt: number | undefined;
  if (input.backfill && meta?.source === "sidecar") {
    const stamp = meta.values["backfill-generation-timestamp"];
    backfillGeneratedAt = stamp === undefined ? undefined : parseDateValue(stamp);
    if (backfillGeneratedAt === undefined) {
      return invalid(MSG_INVALID_FORMAT, "the saved S3 metadata has no usable backfill-generation-timestamp");
    }
  }

  const missing = missingRequiredKeys(decoded.json);
  if (missing.length > 0) return invalid(MSG_INVALID_FORMAT, `missing ${missing.join(", ")}`);
  const parsed = DigestFileSchema.safeParse(decoded.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(MSG_INVALID_FORMAT, issue ? `${issue.path.join(".")}: ${issue.message}` : "unexpected structure");
  }
  const digest = parsed.data;
  if (digest.digestS3Bucket !== input.bucket || digest.digestS3Object !== input.key) return invalid(MSG_MOVED);

  const ownSignature = meta?.values["signature"];
  const signatureHex = ownSignature ?? input.signatureFromNextDigest;
  let signature: SignatureState;
  if (input.keys === undefined) {
    if (input.requireSignatures) return invalid(MSG_SIGNATURE_FAILED, "no public keys were given");
    signature = { status: "not-verified", reason: "no-public-keys" };
  } else {
    const fingerprint = digest.digestPublicKeyFingerprint;
    const found = input.keys.lookup(fingerprint, backfillGeneratedAt);
    if (found.kind === "none-in-window") return invalid(found.message);
    if (found.kind === "not-found") {
      return invalid(`public key not found in region ${input.homeRegion} for fingerprint ${fingerprint}`);
    }
    const key = input.keys.ring.load(found.record);
    if (key.kind !== "ok") return invalid(`Unable to load PKCS #1 key with fingerprint ${fingerprint}`);
    if (signatureHex === undefined) {
      if (input.requireSignatures) return invalid(MSG_SIGNATURE_FAILED, "no signature was saved for this digest file");
      signature = { status: "not-verified", reason: "no-signature" };
    } else {
      const check = verifySignature(key.key, dataToSign(digest, decoded.sha256), signatureHex);
      if (check.kind === "error") return invalid(check.message);
      if (check.kind === "failed") return invalid(MSG_SIGNATURE_FAILED);
      signature = { status: "verified", fingerprint };
    }
  }

  const endTime = parseDateValue(digest.digestEndTime);
  if (endTime === undefined) return invalid(unparseableDateMessage(digest.digestEndTime));
  const startTime = parseDateValue(digest.digestStartTime);
  if (startTime === undefined) return invalid(unparseableDateMessage(digest.digestStartTime));
  return { kind: "valid", decoded, digest, startTime, endTime, signature, ownSignature };
}
