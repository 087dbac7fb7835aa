// Decodes the bytes of ONE digest file as the AWS CLI's one-shot `zlib.decompress` + `json.loads`:
// the first gzip member must be complete (anything after it is ignored), the text strict UTF-8 and
// the JSON an object. Keeps the decompressed bytes, whose SHA-256 goes into the data-to-sign.
// It does not check required keys, locations or signatures: see digest-check.ts.
import { createHash } from "node:crypto";
import { inflateFirstMember, type InflateOptions } from "./gzip-member.js";

/** A decoded digest: its JSON object, the decompressed bytes and their SHA-256. */
export interface DecodedDigest {
  json: Record<string, unknown>;
  inflated: Buffer;
  /** Lowercase hex SHA-256 of `inflated`. */
  sha256: string;
}

/** Why a digest file cannot be decoded; always reported as `INVALID: invalid format`. */
export type DigestDecodeResult = { kind: "ok"; digest: DecodedDigest } | { kind: "invalid-format"; detail: string };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Gunzips, UTF-8-decodes and JSON-parses a digest file. */
export function decodeDigestFile(bytes: Uint8Array, options: InflateOptions = {}): DigestDecodeResult {
  const member = inflateFirstMember(bytes, options);
  if (member.kind === "corrupt") return { kind: "invalid-format", detail: `gzip: ${member.message}` };
  if (!member.complete) return { kind: "invalid-format", detail: "gzip: incomplete or truncated stream" };
  let text: string;
  try {
    // ignoreBOM keeps a BOM in the text so JSON.parse rejects it, as Python's json.loads does.
    text = utf8.decode(member.data);
  } catch {
    return { kind: "invalid-format", detail: "not UTF-8" };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: "invalid-format", detail: `JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { kind: "invalid-format", detail: "JSON: not an object" };
  }
  return {
    kind: "ok",
    digest: {
      json: json as Record<string, unknown>,
      inflated: member.data,
      sha256: createHash("sha256").update(member.data).digest("hex"),
    },
  };
}
