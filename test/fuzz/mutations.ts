// Mutations of log files for the fuzz tests, as fast-check arbitraries: bit flips, truncation and
// splicing of the gzip bytes or of the JSON inside, random JSON values and records, and the
// envelope oddities real trees hold (BOM, CRLF, concatenated members, trailing bytes, deep nesting).
// It only builds bytes; running ct and judging the result is the test's job.
import zlib from "node:zlib";
import fc from "fast-check";

export type Layer = "raw" | "inflated";

export type Mutation =
  | { kind: "flip"; layer: Layer; bits: number[] }
  | { kind: "truncate"; layer: Layer; at: number }
  | { kind: "splice"; layer: Layer; other: number; at: number; from: number }
  | { kind: "json"; value: unknown; wrap: boolean }
  | { kind: "records"; records: unknown[] }
  | { kind: "envelope"; tweak: Tweak };

const TWEAKS = [
  "bom", "crlf", "two-members", "concatenated-json", "trailing-garbage", "trailing-zeros", "empty", "empty-gzip",
  "array-top", "records-object", "records-null", "deep", "not-utf8", "plain-json", "records-not-objects",
] as const;
export type Tweak = (typeof TWEAKS)[number];

const HOSTILE = ["\x1b[2J", "\x1b]8;;http://e.x\x07", "\u202e", "\u009b", "\r", "\u0000", "__proto__", "constructor", "=1+1", "\t"];

/** A record-shaped object: CloudTrail field names with random, sometimes hostile or mistyped, values. */
const recordArb = fc.record(
  {
    eventVersion: fc.constantFrom("1.08", "1.11"),
    eventTime: fc.oneof(fc.constant("2026-03-01T10:00:00Z"), fc.string(), fc.integer(), fc.constant("2026-02-30T00:00:00Z")),
    eventSource: fc.oneof(fc.constantFrom("iam.amazonaws.com", "s3.amazonaws.com"), fc.string(), fc.constantFrom(...HOSTILE)),
    eventName: fc.oneof(fc.constantFrom("GetObject", "ConsoleLogin", "StopLogging"), fc.string(), fc.integer()),
    eventID: fc.oneof(fc.uuid(), fc.constantFrom(...HOSTILE)),
    eventCategory: fc.constantFrom("Management", "Data", "Insight", "constructor", "__proto__"),
    eventType: fc.constantFrom("AwsApiCall", "AwsCloudTrailInsight", "toString"),
    userIdentity: fc.oneof(fc.record({ type: fc.constantFrom("IAMUser", "Root"), userName: fc.string() }), fc.jsonValue()),
    requestParameters: fc.jsonValue(),
    resources: fc.oneof(fc.array(fc.record({ ARN: fc.string(), type: fc.string() })), fc.jsonValue()),
    readOnly: fc.oneof(fc.boolean(), fc.constantFrom("true", "nope")),
  },
  { requiredKeys: [] },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), layer: fc.constantFrom<Layer>("raw", "inflated"), bits: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("truncate" as const), layer: fc.constantFrom<Layer>("raw", "inflated"), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant("splice" as const),
    layer: fc.constantFrom<Layer>("raw", "inflated"),
    other: fc.nat(),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("json" as const), value: fc.jsonValue(), wrap: fc.boolean() }),
  fc.record({ kind: fc.constant("records" as const), records: fc.array(fc.oneof(recordArb, fc.jsonValue()), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant("envelope" as const), tweak: fc.constantFrom(...TWEAKS) }),
);

const gz = (b: Uint8Array | string) => zlib.gzipSync(b);
const at = (len: number, fraction: number) => Math.min(len, Math.floor(fraction * (len + 1)));

function flip(bytes: Buffer, bits: readonly number[]): Buffer {
  const out = Buffer.from(bytes);
  if (out.length === 0) return out;
  for (const b of bits) out[Math.floor(b / 8) % out.length]! ^= 1 << (b % 8);
  return out;
}

function tweak(inflated: Buffer, t: Tweak): Buffer {
  const text = inflated.toString("utf8");
  switch (t) {
    case "bom": return gz(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), inflated]));
    case "crlf": return gz(text.replace(/,/g, ",\r\n"));
    case "two-members": return Buffer.concat([gz(inflated), gz(inflated)]);
    case "concatenated-json": return gz(`${text}\n${text}`);
    case "trailing-garbage": return gz(`${text}garbage`);
    case "trailing-zeros": return Buffer.concat([gz(inflated), Buffer.alloc(64)]);
    case "empty": return Buffer.alloc(0);
    case "empty-gzip": return gz("");
    case "array-top": return gz(`[${text}]`);
    case "records-object": return gz('{"Records":{"0":{}}}');
    case "records-null": return gz('{"Records":null}');
    case "deep": return gz(`{"Records":[{"eventName":"X","eventTime":"2026-03-01T10:00:00Z","requestParameters":${"[".repeat(20_000)}${"]".repeat(20_000)}}]}`);
    case "not-utf8": return Buffer.concat([Buffer.from('{"Records":[{"eventName":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","eventTime":"2026-03-01T10:00:00Z"}]}')]);
    case "plain-json": return inflated;
    case "records-not-objects": return gz('{"Records":[1,null,"x",[],true]}');
  }
}

/** The bytes of `base` (a gzipped log) after the mutation; `pool` supplies splice partners. */
export function mutate(base: Buffer, m: Mutation, pool: readonly Buffer[]): Buffer {
  const inflated = zlib.gunzipSync(base);
  const layered = (layer: Layer, fn: (b: Buffer) => Buffer) => (layer === "raw" ? fn(base) : gz(fn(inflated)));
  switch (m.kind) {
    case "flip":
      return layered(m.layer, (b) => flip(b, m.bits));
    case "truncate":
      return layered(m.layer, (b) => b.subarray(0, at(b.length, m.at)));
    case "splice": {
      const other = pool[m.other % pool.length]!;
      const partner = m.layer === "raw" ? other : zlib.gunzipSync(other);
      return layered(m.layer, (b) => Buffer.concat([b.subarray(0, at(b.length, m.at)), partner.subarray(at(partner.length, m.from))]));
    }
    case "json":
      return gz(JSON.stringify(m.wrap ? { Records: m.value } : m.value) ?? "null");
    case "records":
      return gz(JSON.stringify({ Records: m.records }));
    case "envelope":
      return tweak(inflated, m.tweak);
  }
}
