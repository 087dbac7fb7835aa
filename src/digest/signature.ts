// Verifies a digest's SHA256withRSA signature (RSASSA-PKCS1-v1_5 over the data-to-sign) and
// decodes the hex signature with Python's binascii.unhexlify error texts, which the AWS CLI prints.
// It does not find keys or build the data-to-sign.
import { verify, type KeyObject } from "node:crypto";

/** The outcome of a signature check; `error` carries the AWS CLI's message for undecodable hex. */
export type SignatureCheck = { kind: "verified" } | { kind: "failed" } | { kind: "error"; message: string };

/** Hex → bytes as binascii.unhexlify does (either case accepted), or its error text. */
export function decodeSignatureHex(hex: string): Buffer | { error: string } {
  if (hex.length % 2 !== 0) return { error: "Odd-length string" };
  if (!/^[0-9a-fA-F]*$/.test(hex)) return { error: "Non-hexadecimal digit found" };
  return Buffer.from(hex, "hex");
}

/** Checks `signatureHex` over the UTF-8 bytes of `data` with an RSA public key. */
export function verifySignature(key: KeyObject, data: string, signatureHex: string): SignatureCheck {
  const signature = decodeSignatureHex(signatureHex);
  if (!Buffer.isBuffer(signature)) return { kind: "error", message: signature.error };
  try {
    return verify("sha256", Buffer.from(data, "utf8"), key, signature) ? { kind: "verified" } : { kind: "failed" };
  } catch {
    // A signature of the wrong length makes OpenSSL refuse rather than return false.
    return { kind: "failed" };
  }
}
