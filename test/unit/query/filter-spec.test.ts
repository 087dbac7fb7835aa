// Tests for the FilterSpec boundary: what the workers accept, and that a spec survives the
// structured clone that carries it to a worker thread unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FilterSpec, FilterSpecSchema } from "../../../src/query/filter-spec.js";
import { filterSpecProblem } from "../../../src/query/filter-spec-check.js";

// Not-quite values for every kind of field, so that the check and the schema disagree visibly.
const ODD_VALUES: unknown[] = [
  undefined, null, true, 0, Number.NaN, Number.POSITIVE_INFINITY, 1.5, "", "x", [], [""], ["a", "b"], [1], ["a", 1],
  ["Management"], ["Data", "Insight"], ["data"], [[]], {}, [{ path: ["a"], values: ["b"] }], [{ path: [], values: ["b"] }],
  [{ path: ["a"] }], [{ path: ["a"], values: [2] }], [null],
];
const FIELDS = [
  "eventId", "eventName", "readOnly", "user", "resourceType", "resourceName", "eventSource", "accessKey", "account",
  "region", "sourceIp", "error", "category", "fieldIn", "since", "until",
];

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

/** Each field of FULL, or an odd value in its place. */
const FULL_ARBITRARY = Object.fromEntries(
  Object.entries(FULL).map(([k, v]) => [k, fc.oneof(fc.constant(v), fc.constantFrom(...ODD_VALUES))]),
);

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

describe("filterSpecProblem (the readers' check without zod)", () => {
  it("agrees with FilterSpecSchema on the full spec, the empty one and every rejected case", () => {
    for (const spec of [FULL, {}, { error: true }, structuredClone(FULL)]) expect(filterSpecProblem(spec)).toBeUndefined();
    expect(filterSpecProblem(null)).toBe("not an object");
    expect(filterSpecProblem([])).toBe("not an object");
    expect(filterSpecProblem({ since: "2026-03-01" })).toMatch(/^since: /);
  });

  it("accepts exactly what FilterSpecSchema accepts, field by field and in any mix", () => {
    const spec = fc.dictionary(fc.constantFrom(...FIELDS), fc.constantFrom(...ODD_VALUES), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.oneof(spec, fc.record({ ...FULL_ARBITRARY }, { requiredKeys: [] })), (s) => {
        expect(filterSpecProblem(s) === undefined).toBe(FilterSpecSchema.safeParse(s).success);
      }),
      { numRuns: 2000 },
    );
  });
});
