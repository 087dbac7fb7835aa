// The exact string CloudTrail signs for a digest file (§2.4 of the validate-logs reference):
// digestEndTime, bucket/key, SHA-256 of the decompressed digest, previous signature or `null`.
// It does not hash, sign or verify anything.

/** The digest fields that enter the data-to-sign, taken verbatim from the digest JSON. */
export interface SignedFields {
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  previousDigestSignature: string | null;
}

/**
 * The four LF-joined lines CloudTrail signs (no trailing newline). A null previous signature is the
 * literal text `null`, "to match the Java implementation" (awscli).
 */
export function dataToSign(digest: SignedFields, digestSha256Hex: string): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    digestSha256Hex,
    digest.previousDigestSignature ?? "null",
  ].join("\n");
}
