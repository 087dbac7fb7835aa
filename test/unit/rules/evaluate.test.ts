import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRules, requiredKeys } from "../../../src/rules/evaluate.js";
import { PACKS } from "../../../src/rules/packs/index.js";
import { compilePattern, compileRule, type Rule } from "../../../src/rules/rule.js";

const eb = (id: string, eventbridge: Record<string, unknown>): Rule => ({ id, title: id, severity: "low", description: "", pattern: { eventbridge } });
const mf = (id: string, metricFilter: string): Rule => ({ id, title: id, severity: "low", description: "", pattern: { metricFilter } });

const keys = (rule: Rule, dimension: "eventName" | "service"): string[] | undefined => {
  const k = requiredKeys(compilePattern(rule), dimension);
  return k === undefined ? undefined : [...k].sort();
};

describe("requiredKeys (the index's discriminators)", () => {
  it.each([
    ["detail.eventName list", eb("a", { detail: { eventName: ["B", "A"] } }), "eventName", ["A", "B"]],
    ["eventName inside every $or branch", eb("a", { detail: { $or: [{ eventName: ["A"] }, { eventName: ["B"], x: ["y"] }] } }), "eventName", ["A", "B"]],
    ["eventName in only one $or branch", eb("a", { detail: { $or: [{ eventName: ["A"] }, { x: ["y"] }] } }), "eventName", undefined],
    ["field AND $or intersect", eb("a", { detail: { eventName: ["A", "B"], $or: [{ eventName: ["B"] }, { eventName: ["C"] }] } }), "eventName", ["B"]],
    ["prefix is not exact", eb("a", { detail: { eventName: [{ prefix: "Delete" }] } }), "eventName", undefined],
    ["source aws.iam", eb("a", { source: ["aws.iam", "aws.sts"] }), "service", ["iam", "sts"]],
    ["a non-aws source keys nothing", eb("a", { source: ["custom.app"] }), "service", []],
    ["filter: || of names", mf("a", "{ ($.eventName = A) || ($.eventName = \"B\") }"), "eventName", ["A", "B"]],
    ["filter: && with a name", mf("a", "{ $.eventSource = kms.amazonaws.com && ($.eventName = A || $.eventName = B) }"), "eventName", ["A", "B"]],
    ["filter: service", mf("a", "{ $.eventSource = kms.amazonaws.com && $.errorCode = x }"), "service", ["kms"]],
    ["filter: wildcard is not exact", mf("a", "{ $.eventName = Delete* }"), "eventName", undefined],
    ["filter: != gives nothing", mf("a", "{ $.eventName != A }"), "eventName", undefined],
    ["filter: nested selector is not eventName", mf("a", "{ $.detail.eventName = A }"), "eventName", undefined],
  ] as const)("%s", (_name, rule, dimension, expected) => {
    expect(keys(rule, dimension)).toEqual(expected === undefined ? undefined : [...expected]);
  });

  it("indexes the CIS controls the way their patterns allow", () => {
    const byId = new Map(PACKS.cis.map((r) => [r.id, r]));
    expect(keys(byId.get("cis-4.7")!, "eventName")).toEqual(["DisableKey", "ScheduleKeyDeletion"]);
    expect(keys(byId.get("cis-4.1")!, "eventName")).toBeUndefined();
    expect(keys(byId.get("cis-4.1")!, "service")).toBeUndefined();
    expect(keys(byId.get("cis-4.3")!, "eventName")).toBeUndefined();
    expect(keys(byId.get("cis-4.15")!, "eventName")).toHaveLength(18);
  });
});

describe("compileRules", () => {
  const rules = [
    eb("by-name", { detail: { eventName: ["CreateUser"] } }),
    mf("by-service", "{ $.eventSource = iam.amazonaws.com && $.errorCode = AccessDenied* }"),
    mf("always", '{ $.errorCode = "AccessDenied*" }'),
    eb("other-name", { source: ["aws.iam"], detail: { eventName: ["DeleteUser"] } }),
  ];
  const match = compileRules(rules);

  it("returns the indexes of the matching rules in ascending order", () => {
    expect(match({ eventSource: "iam.amazonaws.com", eventName: "CreateUser", errorCode: "AccessDenied" })).toEqual([0, 1, 2]);
    expect(match({ eventSource: "iam.amazonaws.com", eventName: "DeleteUser" })).toEqual([3]);
    expect(match({ eventSource: "s3.amazonaws.com", eventName: "GetObject", errorCode: "AccessDenied" })).toEqual([2]);
    expect(match({ eventName: "ListUsers" })).toEqual([]);
  });

  it("still tests indexed rules when eventName is not a string (arrays match element-wise)", () => {
    expect(match({ eventSource: "iam.amazonaws.com", eventName: ["ListUsers", "CreateUser"] })).toEqual([0]);
  });

  it("tests non-object records without failing", () => {
    expect(match(null)).toEqual([]);
    expect(match("CreateUser")).toEqual([]);
  });
});

describe("the index gives the same answers as testing every rule", () => {
  const names = ["CreateUser", "DeleteUser", "ConsoleLogin", "StopLogging", "PutBucketPolicy"];
  const sources = ["iam.amazonaws.com", "signin.amazonaws.com", "cloudtrail.amazonaws.com", "s3.amazonaws.com", "iam"];
  const name = fc.constantFrom(...names);
  const source = fc.constantFrom(...sources);

  const recordArb = fc.record(
    {
      eventName: fc.oneof(name, name, name, fc.array(name, { maxLength: 2 }), fc.integer({ min: 0, max: 3 })),
      eventSource: fc.oneof(source, source, fc.constant(null)),
      errorCode: fc.constantFrom("AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException"),
      userIdentity: fc.record({ type: fc.constantFrom("Root", "IAMUser", "AssumedRole") }, { requiredKeys: [] }),
      eventType: fc.constantFrom("AwsApiCall", "AwsConsoleSignIn"),
    },
    { requiredKeys: [] },
  );

  const nameList = fc.uniqueArray(name, { minLength: 1, maxLength: 3 });
  const ebName = fc.oneof(
    nameList.map((l) => ({ eventName: l as unknown[] })),
    name.map((n) => ({ eventName: [{ prefix: n.slice(0, 3) }] as unknown[] })),
    fc.tuple(nameList, nameList).map(([a, b]) => ({ $or: [{ eventName: a }, { eventName: b, errorCode: [{ exists: true }] }] })),
    fc.constant({ errorCode: [{ prefix: "Access" }] }),
  );
  const ebRule = fc
    .record(
      {
        source: fc.uniqueArray(fc.constantFrom("aws.iam", "aws.signin", "aws.cloudtrail", "aws.s3", "custom.app"), { minLength: 1, maxLength: 2 }),
        detail: fc.tuple(ebName, fc.option(fc.constantFrom("Root", "IAMUser"), { nil: undefined })).map(([d, type]) =>
          type === undefined ? d : { ...d, userIdentity: { type: [type] } },
        ),
      },
      { requiredKeys: ["detail"] },
    )
    .map((p) => ({ eventbridge: p as Record<string, unknown> }));

  const term = fc.oneof(
    name.map((n) => `$.eventName = ${n}`),
    source.map((s) => `$.eventSource = "${s}"`),
    fc.constant('$.errorCode = "*UnauthorizedOperation"'),
    fc.constant("$.userIdentity.type = Root"),
    name.map((n) => `$.eventName != ${n}`),
  );
  const filterExpr: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      term,
      fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a}) && (${b})`),
      fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a}) || (${b})`),
    ),
  })).expr;
  const mfRule = filterExpr.map((e) => ({ metricFilter: `{ ${e} }` }));

  const rulesArb = fc
    .array(fc.oneof(ebRule, mfRule), { minLength: 1, maxLength: 8 })
    .map((patterns) => patterns.map((pattern, i): Rule => ({ id: `r${i}`, title: "t", severity: "low", description: "", pattern })));

  it("for random rule sets and records", () => {
    fc.assert(
      fc.property(rulesArb, fc.array(recordArb, { minLength: 1, maxLength: 10 }), (rules, records) => {
        const indexed = compileRules(rules);
        const naive = rules.map(compileRule);
        for (const record of records) {
          const expected = naive.flatMap((test, i) => (test(record) ? [i] : []));
          expect(indexed(record)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
