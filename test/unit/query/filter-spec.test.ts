// Tests for the FilterSpec boundary: what the workers accept, and that a spec survives the
// structured clone that carries it to a worker thread unchanged.
import { describe, expect, it } from "vitest";
import { type FilterSpec, FilterSpecSchema } from "../../../src/query/filter-spec.js";

const FULL: FilterSpec = {
  eventId: ["e-1"],
  eventName: ["Delete*", "PutBucketPolicy"],
  readOnly: false,
  user: ["alice"],
  resourceType: ["AWS::S3::Bucket"],
  resourceName: ["logs-bucket"],
  eventSource: ["s3.amazonaws.com"],
  accessKey: ["AKIAEXAMPLE"],
  account: ["111122223333"],
  region: ["us-east-1"],
  sourceIp: ["203.0.113.0/24", "2001:db8::/32"],
  error: ["AccessDenied"],
  category: ["Management", "Data"],
  fieldIn: [{ path: ["userIdentity", "userName"], values: ["alice"] }],
  since: Date.UTC(2026, 2, 1),
  until: Date.UTC(2026, 2, 2) - 1,
};

describe("FilterSpecSchema", () => {
  it("accepts a full spec and an empty one unchanged", () => {
    expect(FilterSpecSchema.parse(FULL)).toEqual(FULL);
    expect(FilterSpecSchema.parse({})).toEqual({});
    expect(FilterSpecSchema.parse({ error: true })).toEqual({ error: true });
  });

  it("survives a structured clone", () => {
    expect(FilterSpecSchema.parse(structuredClone(FULL))).toEqual(FULL);
  });

  it.each<[string, unknown]>([
    ["an empty value list", { eventName: [] }],
    ["a non-string value", { user: [1] }],
    ["a single string instead of a list", { region: "us-east-1" }],
    ["readOnly as a string", { readOnly: "true" }],
    ["an unknown category", { category: ["Everything"] }],
    ["a lowercase category", { category: ["data"] }],
    ["an empty category list", { category: [] }],
    ["since as a date string", { since: "2026-03-01" }],
    ["error as a string", { error: "AccessDenied" }],
    ["error as an empty list", { error: [] }],
    ["fieldIn with an empty path", { fieldIn: [{ path: [], values: ["a"] }] }],
    ["fieldIn without values", { fieldIn: [{ path: ["eventName"], values: [] }] }],
  ])("rejects %s", (_label, spec) => {
    expect(FilterSpecSchema.safeParse(spec).success).toBe(false);
  });
});
