// The hot-path record check must give exactly RecordSchema's answer. A property test drives both
// with CloudTrail-shaped records and their mutations (wrong types on every typed field, nulls,
// string booleans, missing fields, Logstash and Athena shapes), then the shared corpus is run.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordSchema, describeSchemaError } from "../../../src/model/event.js";
import { isValidRecord } from "../../../src/model/record-check.js";
import { corpusExists, corpusRecords } from "./corpus.js";

const isoTime = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));
const badTime = fc.constantFrom("redacted", "", "2026-13-45T99:99:99Z", "yesterday", "0x10");
const stringBool = fc.constantFrom("true", "false", "True", "FALSE", "yes", "no", "1", "", " true");
const validStringBool = fc.constantFrom("true", "false", "True", "FALSE");
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  stringBool,
  isoTime,
  badTime,
);
/** Any JSON value: what a hostile or broken file can put in any field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), leaf, { maxKeys: 3 }) },
);

/** Mostly the right type for the field, sometimes anything. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 40, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyValue });
const optString = field(fc.string({ maxLength: 12 }));
const boolLike = field(fc.oneof(fc.boolean(), validStringBool));

const issuer = fc.record(
  { type: optString, principalId: optString, arn: optString, accountId: optString, userName: optString, extra: anyValue },
  { requiredKeys: [] },
);
const attributes = fc.record(
  { mfaAuthenticated: field(fc.oneof(fc.boolean(), stringBool)), creationDate: field(fc.oneof(isoTime, badTime)), extra: anyValue },
  { requiredKeys: [] },
);
const sessionContext = fc.record(
  { sessionIssuer: field(issuer), attributes: field(attributes), sourceIdentity: optString, webIdFederationData: anyValue },
  { requiredKeys: [] },
);
const userIdentity = fc.record(
  {
    type: field(fc.constantFrom("IAMUser", "AssumedRole", "Root", "AWSService", "AWSAccount", "FederatedUser")),
    principalId: optString,
    arn: optString,
    accountId: field(fc.stringMatching(/^\d{12}$/)),
    accessKeyId: optString,
    userName: optString,
    invokedBy: optString,
    sessionContext: field(sessionContext),
    onBehalfOf: anyValue,
  },
  { requiredKeys: [] },
);
const timeWindow = fc.record(
  { windowStart: field(isoTime), windowEnd: field(isoTime), windowSize: optString },
  { requiredKeys: ["windowStart"] },
);

const STRING_FIELDS = [
  "eventVersion", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
  "errorMessage", "eventType", "eventCategory", "eventID", "eventId", "recipientAccountId", "requestID",
  "sharedEventID", "vpcEndpointId",
] as const;

const cloudTrailShaped = fc.record(
  {
    ...Object.fromEntries(STRING_FIELDS.map((k) => [k, optString])),
    eventTime: fc.oneof({ weight: 20, arbitrary: isoTime }, { weight: 2, arbitrary: badTime }, { weight: 1, arbitrary: anyValue }),
    readOnly: boolLike,
    managementEvent: boolLike,
    userIdentity: field(userIdentity),
    resources: field(fc.array(fc.oneof(fc.record({ ARN: optString, type: optString, accountId: optString }), anyValue), { maxLength: 3 })),
    timeWindow: field(timeWindow),
    requestParameters: anyValue,
    responseElements: anyValue,
    insightDetails: anyValue,
    // Shapes that are not CloudTrail's own: Logstash, Athena-style lowercase keys, Panther rows.
    "@timestamp": isoTime,
    eventtime: isoTime,
    eventname: fc.string({ maxLength: 6 }),
    useridentity: anyValue,
    p_log_type: fc.oneof(fc.constantFrom("AWS.CloudTrail", "AWS.VPCFlow"), anyValue),
    unrelated: anyValue,
  } as Record<string, fc.Arbitrary<unknown>>,
  { requiredKeys: [] },
);

/** Records as a file delivers them: through JSON text, sometimes with an own `__proto__` key. */
const record: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.oneof({ weight: 10, arbitrary: cloudTrailShaped as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyValue }),
    fc.option(fc.constantFrom('{"eventName":"x"}', '{"eventTime":5}', "null", '"x"'), { freq: 8 }),
  )
  .map(([value, proto]) => {
    const text = JSON.stringify(value) ?? "null";
    if (proto !== null && text.startsWith("{")) return JSON.parse(`{"__proto__":${proto}${text.length > 2 ? "," : ""}${text.slice(1)}`);
    return JSON.parse(text);
  });

describe("isValidRecord agrees with RecordSchema", () => {
  it("on generated records and mutations", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(record, (r) => {
        const expected = RecordSchema.safeParse(r).success;
        expect(isValidRecord(r)).toBe(expected);
        if (expected) accepted++;
        else rejected++;
      }),
      { numRuns: 5_000, seed: 20260301 },
    );
    // The generator must exercise both answers substantially, or the property says little.
    expect(accepted).toBeGreaterThan(1_500);
    expect(rejected).toBeGreaterThan(1_500);
  });

  it("on hand-picked edge cases", () => {
    const cases: unknown[] = [
      {},
      { foo: 1 },
      { eventTime: "x", "@timestamp": 1 },
      { "@timestamp": "2020-09-14T00:44:20Z", eventtime: "x" },
      { "@timestamp": "2020-09-14T00:44:20Z", eventTime: null },
      { eventName: "x", timeWindow: { windowStart: "2026-03-01T00:00:00Z", windowEnd: "soon" } },
      { eventName: "x", timeWindow: { windowStart: "2026-03-01T00:00:00Z", windowSize: 5 } },
      { eventName: "x", resources: "arn" },
      { eventName: "x", userIdentity: [] },
      { eventName: "x", userIdentity: { sessionContext: [] } },
      { eventName: "x", userIdentity: { sessionContext: { sessionIssuer: "role" } } },
      { eventName: "x", userIdentity: { sessionContext: { attributes: { creationDate: 1 } } } },
      { eventName: "x", userIdentity: { sessionContext: { sourceIdentity: false } } },
      { EVENTNAME: "x" },
      { p_log_type: "aws.cloudtrail" },
      JSON.parse('{"__proto__":{"eventName":"x"}}'),
      JSON.parse('{"__proto__":{"eventTime":5},"eventName":"x"}'),
      [],
      "x",
      null,
      0,
    ];
    for (const r of cases) expect(isValidRecord(r), JSON.stringify(r)).toBe(RecordSchema.safeParse(r).success);
  });
});

/** Sources that are fixtures of a parser rather than records as CloudTrail delivers them. */
const NOT_REALISTIC = ["aws-cloudtrail-processing-library/", "otrf-security-datasets/"];

describe.skipIf(!corpusExists)("the shared corpus", () => {
  const records = corpusExists ? corpusRecords() : [];

  it("accepts every record of the realistic sources, with both checks", () => {
    const realistic = records.filter((r) => !NOT_REALISTIC.some((p) => r.file.startsWith(p)));
    expect(realistic.length).toBeGreaterThan(3_000);
    const rejected = realistic.flatMap(({ file, record }) => {
      const p = RecordSchema.safeParse(record);
      return p.success ? [] : [`${file}: ${describeSchemaError(p.error, record)}`];
    });
    expect(rejected).toEqual([]);
    expect(realistic.filter((r) => !isValidRecord(r.record)).map((r) => r.file)).toEqual([]);
  });

  it("rejects every OTRF (Logstash-rewritten) record because of @timestamp", () => {
    const otrf = records.filter((r) => r.file.startsWith("otrf-security-datasets/"));
    expect(otrf.length).toBeGreaterThan(0);
    for (const { record } of otrf) {
      const p = RecordSchema.safeParse(record);
      expect(p.success).toBe(false);
      if (!p.success) expect(describeSchemaError(p.error, record)).toContain("@timestamp");
      expect(isValidRecord(record)).toBe(false);
    }
  });

  it("agrees with RecordSchema on every corpus record", () => {
    for (const { file, record } of records) expect(isValidRecord(record), file).toBe(RecordSchema.safeParse(record).success);
  });
});
