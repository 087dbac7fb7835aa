// Tests for the record schema (what ct accepts, with the reason printed for what it rejects) and
// the accessors every command uses: time, id, time problems, resources, boolean-like fields.
import { describe, expect, it } from "vitest";
import { type CloudTrailRecord, RecordSchema, describeSchemaError } from "../../../src/model/event.js";
import { eventIdOf, eventMillisOf, eventTimeOf, recordTimeProblem, resourcesOf, toBool } from "../../../src/model/record-fields.js";

const T = "2026-03-01T10:00:00Z";

/** The reason the reader prints for a record, or "accepted". */
function verdict(r: unknown): string {
  const p = RecordSchema.safeParse(r);
  return p.success ? "accepted" : describeSchemaError(p.error, r);
}

describe("RecordSchema", () => {
  it.each<[string, unknown]>([
    ["a minimal record", { eventTime: T, eventName: "GetObject" }],
    ["nulls for optional strings", { eventTime: T, eventName: null, errorCode: null, userIdentity: null, resources: null }],
    ["string booleans in any case", { eventTime: T, readOnly: "TRUE", managementEvent: "false" }],
    ["unknown fields", { eventTime: T, additionalEventData: { x: 1 }, tlsDetails: {} }],
    ["a record without eventTime (reported later, not rejected)", { eventName: "X" }],
    ["a placeholder eventTime", { eventTime: "redacted" }],
    ["an aggregated event (eventId, timeWindow)", { eventId: "x", timeWindow: { windowStart: T, windowEnd: null } }],
    ["lowercased keys of Athena-style exports", { eventtime: T, eventname: "X" }],
    ["a Panther data-lake row", { p_log_type: "AWS.CloudTrail" }],
    ["mfaAuthenticated as a boolean", { eventTime: T, userIdentity: { sessionContext: { attributes: { mfaAuthenticated: true } } } }],
    ["non-object resources elements", { eventTime: T, resources: ["x", 1, null] }],
  ])("accepts %s", (_label, record) => {
    expect(verdict(record)).toBe("accepted");
  });

  it.each<[string, unknown, string]>([
    ["a number", 5, "record: expected object, got number"],
    ["null", null, "record: expected object, got null"],
    ["an array", [{ eventTime: T }], "record: expected object, got array"],
    ["a string", "event", "record: expected object, got string"],
    ["an object without CloudTrail fields", { foo: 1 }, "not a CloudTrail record: it has none of the CloudTrail fields (eventTime, eventName, eventSource, userIdentity ...)"],
    ["another Panther log type", { p_log_type: "AWS.VPCFlow" }, "not a CloudTrail record: it has none of the CloudTrail fields (eventTime, eventName, eventSource, userIdentity ...)"],
    [
      "a Logstash record",
      { "@timestamp": T, eventName: "X" },
      "eventTime: missing, and @timestamp is present: the record was rewritten by a log shipper (e.g. Logstash), not as CloudTrail delivered it",
    ],
    ["eventTime as a number", { eventTime: 1 }, "eventTime: expected string, got number"],
    ["eventTime null", { eventTime: null }, "eventTime: expected string, got null"],
    ["eventName as a number", { eventTime: T, eventName: 5 }, "eventName: expected string, got number"],
    ["errorCode as an object", { eventTime: T, errorCode: {} }, "errorCode: expected string, got object"],
    ["readOnly as a number", { eventTime: T, readOnly: 1 }, "readOnly: expected boolean or string, got number"],
    ["readOnly as an other string", { eventTime: T, readOnly: "yes" }, 'readOnly: expected a boolean or "true"/"false"'],
    ["managementEvent as an array", { eventTime: T, managementEvent: [] }, "managementEvent: expected boolean or string, got array"],
    ["userIdentity as a string", { eventTime: T, userIdentity: "alice" }, "userIdentity: expected object, got string"],
    ["userIdentity.arn as a number", { eventTime: T, userIdentity: { arn: 1 } }, "userIdentity.arn: expected string, got number"],
    [
      "a session issuer with a boolean userName",
      { eventTime: T, userIdentity: { sessionContext: { sessionIssuer: { userName: true } } } },
      "userIdentity.sessionContext.sessionIssuer.userName: expected string, got boolean",
    ],
    [
      "mfaAuthenticated as a number",
      { eventTime: T, userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 1 } } } },
      "userIdentity.sessionContext.attributes.mfaAuthenticated: expected string or boolean, got number",
    ],
    ["resources as an object", { eventTime: T, resources: {} }, "resources: expected array, got object"],
    ["timeWindow null", { eventName: "X", timeWindow: null }, "timeWindow: expected object, got null"],
    ["timeWindow without a start", { eventName: "X", timeWindow: {} }, "timeWindow.windowStart: missing"],
    ["timeWindow with a bad start", { eventName: "X", timeWindow: { windowStart: "soon" } }, "timeWindow.windowStart: not a valid ISO-8601 time"],
  ])("rejects %s", (_label, record, reason) => {
    expect(verdict(record)).toBe(reason);
  });

  it("keeps unknown fields", () => {
    // (The reader keeps the record as parsed from JSON, so key order is never taken from zod's copy.)
    const input = { zeta: 1, eventTime: T, alpha: { b: 2 } };
    expect(RecordSchema.parse(input)).toEqual(input);
  });
});

describe("accessors", () => {
  const rec = (r: Record<string, unknown>) => r as CloudTrailRecord;

  it("eventTimeOf and eventMillisOf use eventTime, else the aggregation window's start", () => {
    expect(eventTimeOf(rec({ eventTime: T }))).toBe(T);
    expect(eventTimeOf(rec({ timeWindow: { windowStart: "2026-03-01T09:00:00Z" } }))).toBe("2026-03-01T09:00:00Z");
    expect(eventTimeOf(rec({}))).toBeUndefined();
    expect(eventMillisOf(rec({ eventTime: T }))).toBe(Date.UTC(2026, 2, 1, 10));
    expect(eventMillisOf(rec({ eventTime: "2026-03-01T10:00:00.123Z" }))).toBe(Date.UTC(2026, 2, 1, 10, 0, 0, 123));
    expect(eventMillisOf(rec({}))).toBeNaN();
    expect(eventMillisOf(rec({ eventTime: "redacted" }))).toBeNaN();
  });

  it("eventIdOf reads eventID, else eventId", () => {
    expect(eventIdOf(rec({ eventID: "a", eventId: "b" }))).toBe("a");
    expect(eventIdOf(rec({ eventId: "b" }))).toBe("b");
    expect(eventIdOf(rec({ eventID: null }))).toBeUndefined();
  });

  it("recordTimeProblem says why a record cannot be placed in time", () => {
    expect(recordTimeProblem(rec({ eventTime: T }))).toBeUndefined();
    expect(recordTimeProblem(rec({ timeWindow: { windowStart: T } }))).toBeUndefined();
    expect(recordTimeProblem(rec({}))).toBe("eventTime: missing");
    expect(recordTimeProblem(rec({ eventTime: "redacted" }))).toBe('eventTime: not a valid ISO-8601 time: "redacted"');
    expect(recordTimeProblem(rec({ eventTime: "x".repeat(100) }))).toBe(`eventTime: not a valid ISO-8601 time: "${"x".repeat(40)}"`);
  });

  it("resourcesOf keeps object elements only", () => {
    expect(resourcesOf(rec({ resources: [{ ARN: "a" }, "x", null, [1], { type: "t" }] }))).toEqual([{ ARN: "a" }, { type: "t" }]);
    expect(resourcesOf(rec({ resources: null }))).toEqual([]);
    expect(resourcesOf(rec({}))).toEqual([]);
  });

  it.each<[unknown, boolean | undefined]>([
    [true, true],
    [false, false],
    ["true", true],
    ["False", false],
    ["TRUE", true],
    ["yes", undefined],
    ["", undefined],
    [1, undefined],
    [null, undefined],
    [undefined, undefined],
  ])("toBool(%j) is %j", (v, expected) => {
    expect(toBool(v)).toBe(expected);
  });
});
