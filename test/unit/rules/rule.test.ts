import { describe, expect, it } from "vitest";
import { RuleError } from "../../../src/rules/errors.js";
import { compileRule, parseRuleFile, type Rule } from "../../../src/rules/rule.js";

const base = {
  id: "iam-user-created",
  title: "IAM user created",
  severity: "medium",
  description: "A new IAM user.",
  pattern: { eventbridge: { source: ["aws.iam"], detail: { eventName: ["CreateUser"] } } },
};

function errorOf(text: string, fileName: string): string {
  try {
    parseRuleFile(text, fileName);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError);
    expect((e as RuleError).code).toBe("E_RULES");
    expect((e as RuleError).path).toBeUndefined();
    return (e as Error).message;
  }
  throw new Error("expected parseRuleFile to throw");
}

describe("parseRuleFile", () => {
  it("reads a JSON array of rules, defaulting a missing description to empty", () => {
    const { description: _omitted, ...withoutDescription } = base;
    const rules = parseRuleFile(JSON.stringify([base, { ...withoutDescription, id: "second" }]), "rules.json");
    expect(rules).toEqual([base, { ...withoutDescription, id: "second", description: "" }]);
  });

  it("reads {rules: [...]} in YAML, with a metric filter and a threshold", () => {
    const yaml = [
      "rules:",
      "  - id: many-denials",
      "    title: Many access denials",
      "    severity: high",
      "    description: Bursts of AccessDenied.",
      "    pattern:",
      "      metricFilter: '{ $.errorCode = \"AccessDenied*\" }'",
      "    threshold: { count: 10, periodMinutes: 5 }",
      "    references: { cis: [\"v1.4+ 4.1\"] }",
      "    variant: burst",
    ].join("\n");
    expect(parseRuleFile(yaml, "rules.yml")).toEqual([
      {
        id: "many-denials",
        title: "Many access denials",
        severity: "high",
        description: "Bursts of AccessDenied.",
        pattern: { metricFilter: '{ $.errorCode = "AccessDenied*" }' },
        threshold: { count: 10, periodMinutes: 5 },
        references: { cis: ["v1.4+ 4.1"] },
        variant: "burst",
      },
    ]);
  });

  const bad = (rule: Record<string, unknown>): string => JSON.stringify([base, rule]);
  it.each([
    [bad({ ...base, id: "x", severity: "urgent" }), 'rules.json: rules[1] "x": severity: Invalid option: expected one of "low"|"medium"|"high"|"critical"'],
    [bad({ ...base, id: "x", threshold: { count: 0, periodMinutes: 5 } }), 'rules.json: rules[1] "x": threshold.count: Too small: expected number to be >=1'],
    [bad({ ...base, id: "x", threshold: { count: 1, periodMinutes: 2.5 } }), 'rules.json: rules[1] "x": threshold.periodMinutes: Invalid input: expected int, received number'],
    [bad({ ...base, id: "x", treshold: { count: 1, periodMinutes: 5 } }), 'rules.json: rules[1] "x": Unrecognized key: "treshold"'],
    [bad({ ...base, id: "x", title: undefined }), 'rules.json: rules[1] "x": title: Invalid input: expected string, received undefined'],
    [bad({ ...base, id: "has space" }), 'rules.json: rules[1] "has space": id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-"'],
    [bad({ ...base, id: "x", pattern: { eventBridge: {} } }), 'rules.json: rules[1] "x": pattern: must be {"eventbridge": {...event pattern...}} or {"metricFilter": "{ ...filter pattern... }"}'],
    [
      bad({ ...base, id: "x", pattern: { eventbridge: { detail: { errorCode: [{ prefx: "A" }] } } } }),
      'rules.json: rules[1] "x": pattern.eventbridge: detail.errorCode[0]: unrecognized match type "prefx"',
    ],
    [
      bad({ ...base, id: "x", pattern: { metricFilter: "{ $.eventName ~ x }" } }),
      'rules.json: rules[1] "x": pattern.metricFilter: column 15: expected an operator (=, !=, <, <=, >, >=, IS, EXISTS or NOT EXISTS) after $.eventName, found "~" (near: { $.eventName ~ x })',
    ],
    [bad({ ...base }), 'rules.json: rules[1] "iam-user-created": duplicate id (also rules[0])'],
    [JSON.stringify(["x"]), "rules.json: rules[0]: Invalid input: expected object, received string"],
    [JSON.stringify({ rule: [] }), 'rules.json: expected a list of rules or {"rules": [...]}'],
    [JSON.stringify([]), "rules.json: the file holds no rules"],
  ])("rejects %s", (text, message) => {
    expect(errorOf(text, "rules.json")).toBe(message);
  });

  it("names the file and the parser's position for text that is not JSON or YAML", () => {
    expect(errorOf("[{", "rules.json")).toMatch(/^rules\.json: not valid JSON: .+/);
    expect(errorOf("- id: x\n  - y", "rules.yaml")).toBe(
      "rules.yaml: not valid YAML: A block sequence may not be used as an implicit map key at line 2, column 1",
    );
  });
});

describe("compileRule", () => {
  const record = { eventSource: "iam.amazonaws.com", eventName: "CreateUser", eventType: "AwsApiCall" };

  it("tests EventBridge patterns against the record's envelope", () => {
    const match = compileRule(base as Rule);
    expect(match(record)).toBe(true);
    expect(match({ ...record, eventSource: "sts.amazonaws.com" })).toBe(false);
    expect(match({ ...record, eventName: "DeleteUser" })).toBe(false);
  });

  it("tests filter patterns against the record itself", () => {
    const match = compileRule({ ...(base as Rule), pattern: { metricFilter: "{ $.eventName = CreateUser }" } });
    expect(match(record)).toBe(true);
    expect(match({ detail: record })).toBe(false);
  });
});
