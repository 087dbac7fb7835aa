// The public keys that verify digest signatures, from the JSON `aws cloudtrail list-public-keys`
// prints (one file per region, several may be given): parsed, selected by validity window like the
// ListPublicKeys call, found by their Fingerprint field, and loaded as PKCS#1 RSA keys.
// It does not read files (callers pass the text) and does not verify signatures.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { InputError } from "../errors.js";
import { PublicKeyListSchema, PublicKeySchema, type PublicKey } from "../model/digest.js";
import { z } from "zod";

/** One published key with its validity window in epoch ms (unbounded when the file omits it). */
export interface PublicKeyRecord {
  fingerprint: string;
  /** Base64 text of the DER, as ListPublicKeys returns it. */
  value: string;
  validityStart: number | undefined;
  validityEnd: number | undefined;
  /** Where the key came from (a file name), for messages. */
  source: string;
}

/** Parses one list-public-keys document (`{"PublicKeyList": [...]}` or a bare array of entries). */
export function parsePublicKeys(text: string, source: string): PublicKeyRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError("E_KEYS", `not JSON: ${err instanceof Error ? err.message : String(err)}`, source);
  }
  const parsed = Array.isArray(json) ? z.array(PublicKeySchema).safeParse(json) : PublicKeyListSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      "E_KEYS",
      "not the output of `aws cloudtrail list-public-keys` (expected {\"PublicKeyList\": [{\"Value\", \"Fingerprint\", ...}]})",
      source,
    );
  }
  const list: PublicKey[] = Array.isArray(parsed.data) ? parsed.data : parsed.data.PublicKeyList;
  return list.map((k, i) => ({
    fingerprint: k.Fingerprint,
    value: k.Value,
    validityStart: apiTime(k.ValidityStartTime, `PublicKeyList[${i}].ValidityStartTime`, source),
    validityEnd: apiTime(k.ValidityEndTime, `PublicKeyList[${i}].ValidityEndTime`, source),
    source,
  }));
}

/** ListPublicKeys times: epoch seconds (AWS CLI v1, `1453076702.0`) or ISO-8601 text (v2). */
function apiTime(value: string | number | null | undefined, field: string, source: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms =
    typeof value === "number" || /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) throw new InputError("E_KEYS", `${field}: not a time: ${String(value)}`, source);
  return ms;
}

/** Lowercase hex MD5 of the DER bytes: how CloudTrail's Fingerprint values are derived. */
export function derFingerprint(value: string): string {
  return createHash("md5").update(Buffer.from(value, "base64")).digest("hex");
}

/** The result of loading a key: the AWS CLI accepts only PKCS#1 RSAPublicKey DER. */
export type LoadedKey = { kind: "ok"; key: KeyObject } | { kind: "unloadable" };

/** Every key the user supplied, looked up the way the AWS CLI does. */
export class PublicKeyRing {
  readonly keys: readonly PublicKeyRecord[];
  private readonly loaded = new Map<string, LoadedKey>();

  constructor(keys: readonly PublicKeyRecord[]) {
    this.keys = keys;
  }

  /**
   * Fingerprint → key for the keys whose validity window overlaps [from, to], which is what one
   * ListPublicKeys(StartTime=from, EndTime=to) call returns; a later duplicate wins, as in a dict.
   */
  inWindow(from: number, to: number): Map<string, PublicKeyRecord> {
    const out = new Map<string, PublicKeyRecord>();
    for (const k of this.keys) {
      if (k.validityStart !== undefined && k.validityStart > to) continue;
      if (k.validityEnd !== undefined && k.validityEnd < from) continue;
      out.set(k.fingerprint, k);
    }
    return out;
  }

  /** Decodes and loads a key as PKCS#1 DER (cached); SPKI or garbage is unloadable, as in awscli ≥ 2.22.20. */
  load(record: PublicKeyRecord): LoadedKey {
    const cacheKey = `${record.fingerprint}\u0000${record.value}`;
    const hit = this.loaded.get(cacheKey);
    if (hit) return hit;
    let result: LoadedKey;
    try {
      const der = Buffer.from(record.value, "base64");
      result = { kind: "ok", key: createPublicKey({ key: der, format: "der", type: "pkcs1" }) };
    } catch {
      result = { kind: "unloadable" };
    }
    this.loaded.set(cacheKey, result);
    return result;
  }

  /** Keys whose Fingerprint is not the MD5 of their DER: worth a warning, never a lookup change. */
  fingerprintMismatches(): PublicKeyRecord[] {
    return this.keys.filter((k) => derFingerprint(k.value) !== k.fingerprint.toLowerCase());
  }
}
