// CloudTrail digest files and the documents that come with them: the digest JSON, the S3 metadata
// of a digest object (as `aws s3api head-object` prints it) and `aws cloudtrail list-public-keys`.
// Loose schemas: unknown fields are kept verbatim and only the fields validate-logs reads are typed.
// No I/O and no validation logic (order of checks, messages): that is src/digest.
import { z } from "zod";

/**
 * Keys that must be present (the value may be null) before a digest is validated at all; the AWS
 * CLI reports a digest lacking any of them as `INVALID: invalid format`.
 */
export const DIGEST_REQUIRED_KEYS = [
  "digestPublicKeyFingerprint",
  "digestS3Bucket",
  "digestS3Object",
  "previousDigestSignature",
  "digestEndTime",
  "digestStartTime",
] as const;

/** The required keys (§2.1) absent from a parsed digest, in the order the AWS CLI checks them. */
export function missingRequiredKeys(digest: Readonly<Record<string, unknown>>): string[] {
  return DIGEST_REQUIRED_KEYS.filter((k) => !Object.hasOwn(digest, k));
}

/** One entry of `logFiles`: where a delivered log file lies and the SHA-256 of its decompressed bytes. */
export const DigestLogFileSchema = z.looseObject({
  s3Bucket: z.string(),
  s3Object: z.string(),
  hashValue: z.string(),
  hashAlgorithm: z.string().nullish(),
  newestEventTime: z.string().nullish(),
  oldestEventTime: z.string().nullish(),
});
export type DigestLogFile = z.infer<typeof DigestLogFileSchema>;

/**
 * A digest file's JSON. Times stay strings: the data-to-sign uses `digestEndTime` verbatim, and an
 * unparseable time is a finding with its own message, reported after the signature check.
 */
export const DigestFileSchema = z.looseObject({
  awsAccountId: z.string().nullish(),
  digestStartTime: z.string(),
  digestEndTime: z.string(),
  digestS3Bucket: z.string(),
  digestS3Object: z.string(),
  digestPublicKeyFingerprint: z.string(),
  digestSignatureAlgorithm: z.string().nullish(),
  newestEventTime: z.string().nullish(),
  oldestEventTime: z.string().nullish(),
  previousDigestS3Bucket: z.string().nullish(),
  previousDigestS3Object: z.string().nullish(),
  previousDigestHashValue: z.string().nullish(),
  previousDigestHashAlgorithm: z.string().nullish(),
  previousDigestSignature: z.string().nullable(),
  logFiles: z.array(DigestLogFileSchema),
});
export type DigestFile = z.infer<typeof DigestFileSchema>;

/** User metadata of a digest object: `signature`, `signature-algorithm`, `backfill-generation-timestamp`. */
export const DigestMetadataSchema = z.record(z.string(), z.string());
export type DigestMetadata = z.infer<typeof DigestMetadataSchema>;

/** What `aws s3api head-object` prints for a digest object; only `Metadata` is read. */
export const HeadObjectSchema = z.looseObject({
  Metadata: DigestMetadataSchema,
});

/** A ListPublicKeys time: ISO text (AWS CLI v2) or epoch seconds (v1, e.g. `1453076702.0`). */
const ApiTime = z.union([z.string(), z.number()]);

/** One entry of `PublicKeyList`: `Value` is the base64 text of a PKCS#1 RSAPublicKey DER. */
export const PublicKeySchema = z.looseObject({
  Value: z.string(),
  ValidityStartTime: ApiTime.nullish(),
  ValidityEndTime: ApiTime.nullish(),
  Fingerprint: z.string(),
});
export type PublicKey = z.infer<typeof PublicKeySchema>;

/** The JSON `aws cloudtrail list-public-keys` prints. */
export const PublicKeyListSchema = z.looseObject({
  PublicKeyList: z.array(PublicKeySchema),
});
export type PublicKeyList = z.infer<typeof PublicKeyListSchema>;
