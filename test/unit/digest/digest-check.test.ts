// One digest file through the AWS CLI's checks in their order (§3.4): each failure's message, and
// which check wins when several fail (upstream scenarios 6, 8, 10, 11, 17).
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { digestBody, signDigest, signHex, type DigestBody } from "../../../fixtures/lib/digest.js";
import { loadSigningKey, publicKeyEntry } from "../../../fixtures/lib/keys.js";
import { checkDigest, type DigestCheckInput, type KeyLookup } from "../../../src/digest/digest-check.js";
import { parsePublicKeys, PublicKeyRing } from "../../../src/digest/public-keys.js";
import type { SavedMetadata } from "../../../src/digest/tree-access.js";

const signer = loadSigningKey("primary");
const KEY = "AWSLogs/123456789012/CloudTrail-Digest/us-west-2/2026/02/01/123456789012_CloudTrail-Digest_us-west-2_foo_us-west-2_20260201T010031Z.json.gz";
const ring = new PublicKeyRing(
  parsePublicKeys(JSON.stringify({ PublicKeyList: [publicKeyEntry(signer, Date.parse("2026-01-01T00:00:00Z"), Date.parse("2026-03-01T00:00:00Z"))] }), "k"),
);
const lookupIn = (r: PublicKeyRing) => ({
  ring: r,
  lookup: (fp: string): KeyLookup => {
    const record = r.keys.find((k) => k.fingerprint === fp);
    return record ? { kind: "found", record } : { kind: "not-found" };
  },
});

function body(over: Partial<DigestBody> = {}): DigestBody {
  return {
    ...digestBody({
      accountId: "123456789012",
      bucket: "b",
      key: KEY,
      start: Date.parse("2026-02-01T00:00:31Z"),
      end: Date.parse("2026-02-01T01:00:31Z"),
      logs: [],
      previous: null,
      signer,
    }),
    ...over,
  };
}

function input(bytes: Uint8Array, metadata: SavedMetadata | undefined, over: Partial<DigestCheckInput> = {}): DigestCheckInput {
  return {
    bytes,
    metadata,
    bucket: "b",
    key: KEY,
    backfill: false,
    homeRegion: "us-west-2",
    signatureFromNextDigest: undefined,
    keys: lookupIn(ring),
    requireSignatures: false,
    ...over,
  };
}

const sidecar = (signature: string, extra: Record<string, string> = {}): SavedMetadata => ({
  source: "sidecar",
  values: { signature, "signature-algorithm": "SHA256withRSA", ...extra },
});

function signed(over: Partial<DigestBody> = {}) {
  const d = signDigest(body(over), signer);
  return { gz: d.gz, signature: d.signature };
}

describe("checkDigest", () => {
  it("accepts a well-formed digest whose signature verifies", () => {
    const d = signed();
    const r = checkDigest(input(d.gz, sidecar(d.signature)));
    expect(r.kind).toBe("valid");
    if (r.kind !== "valid") return;
    expect(r.signature).toEqual({ status: "verified", fingerprint: signer.fingerprint });
    expect(r.startTime).toBe(Date.parse("2026-02-01T00:00:31Z"));
    expect(r.endTime).toBe(Date.parse("2026-02-01T01:00:31Z"));
    expect(r.ownSignature).toBe(d.signature);
  });

  it("takes the signature from the next digest's previousDigestSignature when none was saved", () => {
    const d = signed();
    expect(checkDigest(input(d.gz, undefined, { signatureFromNextDigest: d.signature }))).toMatchObject({
      kind: "valid",
      signature: { status: "verified" },
      ownSignature: undefined,
    });
    expect(checkDigest(input(d.gz, undefined))).toMatchObject({ kind: "valid", signature: { status: "not-verified", reason: "no-signature" } });
  });

  it("reports gzip or JSON that cannot be read as invalid format (upstream 8)", () => {
    expect(checkDigest(input(Buffer.from("not gzip"), undefined))).toMatchObject({ kind: "invalid", message: "invalid format" });
    expect(checkDigest(input(gzipSync("{{{"), undefined))).toMatchObject({ kind: "invalid", message: "invalid format" });
  });

  it("checks the saved metadata before the JSON keys: a sidecar without a signature fails the signature", () => {
    const meta: SavedMetadata = { source: "sidecar", values: { "signature-algorithm": "SHA256withRSA" } };
    expect(checkDigest(input(gzipSync("{}"), meta))).toMatchObject({ kind: "invalid", message: "signature verification failed" });
    // A --signatures entry carries only a signature; its lack of an algorithm is not a finding.
    const d = signed();
    expect(checkDigest(input(d.gz, { source: "signatures-file", values: { signature: d.signature } }))).toMatchObject({ kind: "valid" });
  });

  it("requires a backfill digest's sidecar to carry backfill-generation-timestamp", () => {
    const d = signed();
    expect(checkDigest(input(d.gz, sidecar(d.signature), { backfill: true }))).toMatchObject({ kind: "invalid", message: "invalid format" });
    expect(
      checkDigest(input(d.gz, sidecar(d.signature, { "backfill-generation-timestamp": "2026-02-01T01:10:31Z" }), { backfill: true })),
    ).toMatchObject({ kind: "valid" });
  });

  it("checks required keys before the location (upstream 11)", () => {
    const { digestStartTime: _omit, ...rest } = body({ digestS3Bucket: "elsewhere" });
    const r = checkDigest(input(gzipSync(JSON.stringify(rest)), undefined));
    expect(r).toMatchObject({ kind: "invalid", message: "invalid format", detail: "missing digestStartTime" });
  });

  it("reports a bucket or key other than where the digest was read as moved", () => {
    const d = signed();
    expect(checkDigest(input(d.gz, sidecar(d.signature), { bucket: "other" }))).toMatchObject({
      message: "has been moved from its original location",
    });
    expect(checkDigest(input(d.gz, sidecar(d.signature), { key: KEY.replace("010031Z", "010030Z") }))).toMatchObject({
      message: "has been moved from its original location",
    });
  });

  it("names the home region when the fingerprint is not among the keys (upstream 10)", () => {
    const d = signed({ digestPublicKeyFingerprint: "abc" });
    expect(checkDigest(input(d.gz, sidecar(d.signature)))).toMatchObject({
      kind: "invalid",
      message: "public key not found in region us-west-2 for fingerprint abc",
    });
  });

  it("reports a key that does not load as PKCS#1 (upstream 6: key YQo=)", () => {
    const bogus = new PublicKeyRing([{ fingerprint: "abc", value: "YQo=", validityStart: undefined, validityEnd: undefined, source: "k" }]);
    const d = signed({ digestPublicKeyFingerprint: "abc" });
    expect(checkDigest(input(d.gz, sidecar(d.signature), { keys: lookupIn(bogus) }))).toMatchObject({
      kind: "invalid",
      message: "Unable to load PKCS #1 key with fingerprint abc",
    });
  });

  it("reports a signature that does not verify, and undecodable hex with Python's text (upstream 6)", () => {
    const d = signed();
    const other = signHex(signer, "something else");
    expect(checkDigest(input(d.gz, sidecar(other)))).toMatchObject({ kind: "invalid", message: "signature verification failed" });
    expect(checkDigest(input(d.gz, sidecar("abc")))).toMatchObject({ kind: "invalid", message: "Odd-length string" });
    expect(checkDigest(input(d.gz, sidecar("zz")))).toMatchObject({ kind: "invalid", message: "Non-hexadecimal digit found" });
  });

  it("signs over the decompressed bytes exactly as stored: re-serialised JSON fails", () => {
    const d = signDigest(body(), signer);
    const reserialised = gzipSync(JSON.stringify(JSON.parse(d.json.toString("utf8"))));
    expect(checkDigest(input(reserialised, sidecar(d.signature)))).toMatchObject({ kind: "invalid", message: "signature verification failed" });
  });

  it("reports an unparseable digestEndTime after the signature check", () => {
    const d = signed({ digestEndTime: "not-a-date" });
    expect(checkDigest(input(d.gz, sidecar(d.signature)))).toMatchObject({ kind: "invalid", message: "Unable to parse date value: not-a-date" });
    const unsigned = signed({ digestEndTime: "not-a-date" });
    expect(checkDigest(input(unsigned.gz, sidecar(signHex(signer, "x"))))).toMatchObject({ message: "signature verification failed" });
  });

  it("marks signatures not verified without keys, and invalid when --require-signatures is set", () => {
    const d = signed();
    expect(checkDigest(input(d.gz, sidecar(d.signature), { keys: undefined }))).toMatchObject({
      kind: "valid",
      signature: { status: "not-verified", reason: "no-public-keys" },
    });
    expect(checkDigest(input(d.gz, undefined, { requireSignatures: true }))).toMatchObject({
      kind: "invalid",
      message: "signature verification failed",
    });
  });

  it("passes on the message of a backfill key window without keys", () => {
    const d = signed();
    const none = { ring, lookup: (): KeyLookup => ({ kind: "none-in-window", message: "No public keys found between A and B" }) };
    expect(checkDigest(input(d.gz, sidecar(d.signature), { keys: none }))).toMatchObject({
      kind: "invalid",
      message: "No public keys found between A and B",
    });
  });

  it("treats a digest without logFiles as invalid format instead of crashing like the AWS CLI", () => {
    const { logFiles: _omit, ...rest } = body();
    expect(checkDigest(input(gzipSync(JSON.stringify(rest)), undefined, { keys: undefined }))).toMatchObject({
      kind: "invalid",
      message: "invalid format",
      detail: "logFiles: Invalid input: expected array, received undefined",
    });
  });
});
