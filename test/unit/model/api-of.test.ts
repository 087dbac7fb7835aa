import { describe, expect, it } from "vitest";
import { RecordSchema } from "../../../src/model/event.js";
import { eventNameOf, eventSourceOf } from "../../../src/model/api-of.js";

describe("eventSourceOf / eventNameOf", () => {
  it("read the top-level fields", () => {
    const r = RecordSchema.parse({ eventSource: "s3.amazonaws.com", eventName: "GetObject" });
    expect([eventSourceOf(r), eventNameOf(r)]).toEqual(["s3.amazonaws.com", "GetObject"]);
  });

  it("fall back to the API an Insights event describes", () => {
    const r = RecordSchema.parse({
      eventType: "AwsCloudTrailInsight",
      eventCategory: "Insight",
      insightDetails: { state: "Start", eventSource: "ec2.amazonaws.com", eventName: "RunInstances" },
    });
    expect([eventSourceOf(r), eventNameOf(r)]).toEqual(["ec2.amazonaws.com", "RunInstances"]);
  });

  it("are undefined when neither exists or the value is not a non-empty string", () => {
    expect(eventSourceOf(RecordSchema.parse({ eventCategory: "Insight" }))).toBeUndefined();
    expect(eventNameOf(RecordSchema.parse({ eventName: "", insightDetails: { eventName: 7 } }))).toBeUndefined();
    expect(eventSourceOf(RecordSchema.parse({ eventCategory: "Insight", insightDetails: "broken" }))).toBeUndefined();
  });
});
