// The data-to-sign string (§2.4), SHA256withRSA verification with Python's hex-decoding errors,
// and list-public-keys parsing, windowing and PKCS#1 loading (§2.5, §2.6).
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadSigningKey, publicKeyEntry } from "../../../fixtures/lib/keys.js";
import { dataToSign } from "../../../src/digest/data-to-sign.js";
import { derFingerprint, parsePublicKeys, PublicKeyRing } from "../../../src/digest/public-keys.js";
import { decodeSignatureHex, verifySignature } from "../../../src/digest/signature.js";
import { InputError } from "../../../src/errors.js";

describe("dataToSign", () => {
  it("matches the upstream example: end a, bucket b, object c, content abc, no previous signature", () => {
    const sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(dataToSign({ digestEndTime: "a", digestS3Bucket: "b", digestS3Object: "c", previousDigestSignature: null }, sha)).toBe(
      "a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull",
    );
  });

  it("uses the values verbatim and the previous signature when there is one", () => {
    expect(
      dataToSign(
        {
          digestEndTime: "2015-08-17T15:01:31Z",
          digestS3Bucket: "bkt",
          digestS3Object: "AWSLogs/1/x.json.gz",
          previousDigestSignature: "50887ccf",
        },
        "00ff",
      ),
    ).toBe("2015-08-17T15:01:31Z\nbkt/AWSLogs/1/x.json.gz\n00ff\n50887ccf");
  });
});

describe("verifySignature", () => {
  const signer = loadSigningKey("primary");
  const publicKey = new PublicKeyRing([]).load({
    fingerprint: signer.fingerprint,
    value: signer.publicDer.toString("base64"),
    validityStart: undefined,
    validityEnd: undefined,
    source: "test",
  });
  const data = "a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull";
  const good = sign("sha256", Buffer.from(data), signer.privateKey).toString("hex");

  it("verifies a PKCS#1 v1.5 SHA-256 signature over the data-to-sign, in either hex case", () => {
    expect(publicKey.kind).toBe("ok");
    if (publicKey.kind !== "ok") return;
    expect(verifySignature(publicKey.key, data, good)).toEqual({ kind: "verified" });
    expect(verifySignature(publicKey.key, data, good.toUpperCase())).toEqual({ kind: "verified" });
  });

  it("fails for other data, another key's signature, or a signature of the wrong length", () => {
    if (publicKey.kind !== "ok") throw new Error("key did not load");
    expect(verifySignature(publicKey.key, `${data}x`, good)).toEqual({ kind: "failed" });
    const other = sign("sha256", Buffer.from(data), loadSigningKey("unknown").privateKey).toString("hex");
    expect(verifySignature(publicKey.key, data, other)).toEqual({ kind: "failed" });
    expect(verifySignature(publicKey.key, data, "abcd")).toEqual({ kind: "failed" });
  });

  it("reports undecodable hex with Python's binascii messages", () => {
    expect(decodeSignatureHex("abc")).toEqual({ error: "Odd-length string" });
    expect(decodeSignatureHex("zz")).toEqual({ error: "Non-hexadecimal digit found" });
    if (publicKey.kind !== "ok") throw new Error("key did not load");
    expect(verifySignature(publicKey.key, data, "xyz1")).toEqual({ kind: "error", message: "Non-hexadecimal digit found" });
  });
});

describe("public keys", () => {
  const primary = loadSigningKey("primary");
  const rotation = loadSigningKey("rotation");
  const t = (iso: string) => Date.parse(iso);

  it("parses list-public-keys output with ISO (v2) and epoch-second (v1) validity times", () => {
    const v2 = JSON.stringify({ PublicKeyList: [publicKeyEntry(primary, t("2026-01-01T00:00:00Z"), t("2026-01-31T00:00:00Z"))] });
    const [k] = parsePublicKeys(v2, "keys.json");
    expect(k).toEqual({
      fingerprint: primary.fingerprint,
      value: primary.publicDer.toString("base64"),
      validityStart: t("2026-01-01T00:00:00Z"),
      validityEnd: t("2026-01-31T00:00:00Z"),
      source: "keys.json",
    });
    const v1 = JSON.stringify({
      PublicKeyList: [{ Value: "YQo=", ValidityStartTime: 1453076702.0, ValidityEndTime: "1455668702.0", Fingerprint: "abc" }],
    });
    expect(parsePublicKeys(v1, "v1.json")[0]).toMatchObject({ validityStart: 1453076702000, validityEnd: 1455668702000 });
  });

  it("rejects files that are not list-public-keys output as input errors", () => {
    expect(() => parsePublicKeys("{", "k.json")).toThrow(InputError);
    expect(() => parsePublicKeys('{"Keys":[]}', "k.json")).toThrow(/list-public-keys/);
    expect(() => parsePublicKeys('{"PublicKeyList":[{"Value":"x","Fingerprint":"f","ValidityStartTime":"soon"}]}', "k.json")).toThrow(
      /not a time: soon/,
    );
  });

  it("selects keys whose validity overlaps the window, as ListPublicKeys(StartTime, EndTime)", () => {
    const ring = new PublicKeyRing([
      ...parsePublicKeys(JSON.stringify({ PublicKeyList: [publicKeyEntry(primary, t("2026-01-01T00:00:00Z"), t("2026-01-31T00:00:00Z"))] }), "a"),
      ...parsePublicKeys(JSON.stringify({ PublicKeyList: [publicKeyEntry(rotation, t("2026-01-30T00:00:00Z"), t("2026-02-28T00:00:00Z"))] }), "b"),
    ]);
    expect([...ring.inWindow(t("2026-01-10T00:00:00Z"), t("2026-01-11T00:00:00Z")).keys()]).toEqual([primary.fingerprint]);
    expect([...ring.inWindow(t("2026-01-30T12:00:00Z"), t("2026-01-30T13:00:00Z")).keys()]).toEqual([
      primary.fingerprint,
      rotation.fingerprint,
    ]);
    expect([...ring.inWindow(t("2026-03-01T00:00:00Z"), t("2026-03-02T00:00:00Z")).keys()]).toEqual([]);
  });

  it("loads PKCS#1 DER only: an SPKI key or garbage is unloadable, as in current AWS CLIs", () => {
    const ring = new PublicKeyRing([]);
    const record = (value: string) => ({ fingerprint: "f", value, validityStart: undefined, validityEnd: undefined, source: "t" });
    expect(ring.load(record(primary.publicDer.toString("base64"))).kind).toBe("ok");
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    expect(ring.load(record(spki))).toEqual({ kind: "unloadable" });
    expect(ring.load(record("YQo="))).toEqual({ kind: "unloadable" });
  });

  it("flags keys whose Fingerprint is not the MD5 of their DER", () => {
    const good = publicKeyEntry(primary, 0, 1);
    const ring = new PublicKeyRing(parsePublicKeys(JSON.stringify({ PublicKeyList: [good, { ...good, Fingerprint: "0".repeat(32) }] }), "k"));
    expect(derFingerprint(good.Value)).toBe(primary.fingerprint);
    expect(ring.fingerprintMismatches().map((k) => k.fingerprint)).toEqual(["0".repeat(32)]);
  });
});
