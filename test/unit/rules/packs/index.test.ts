import { describe, expect, it } from "vitest";
import { RuleError } from "../../../../src/rules/errors.js";
import { PACKS, parseRulesOption, resolveRules } from "../../../../src/rules/packs/index.js";

const myRules = JSON.stringify([
  { id: "my-rule", title: "Mine", severity: "low", pattern: { metricFilter: "{ $.eventName = CreateUser }" } },
]);

describe("parseRulesOption", () => {
  it("tells packs from files", () => {
    expect(parseRulesOption("cis, security,./my-rules.json,rules.yaml,dir/x")).toEqual([
      { kind: "pack", name: "cis" },
      { kind: "pack", name: "security" },
      { kind: "file", path: "./my-rules.json" },
      { kind: "file", path: "rules.yaml" },
      { kind: "file", path: "dir/x" },
    ]);
  });

  it("drops repeated entries and empty items", () => {
    expect(parseRulesOption("cis,,cis,a.yml,a.yml")).toEqual([{ kind: "pack", name: "cis" }, { kind: "file", path: "a.yml" }]);
  });

  it.each([
    ["cs", '--rules: unknown rule pack "cs" (packs: cis, security; a rule file must contain "/" or end in .json, .yaml or .yml)'],
    ["toString", '--rules: unknown rule pack "toString" (packs: cis, security; a rule file must contain "/" or end in .json, .yaml or .yml)'],
    [" , ", "--rules: no pack or rule file given"],
  ])("rejects %j", (value, message) => {
    expect(() => parseRulesOption(value)).toThrow(new RuleError(message));
  });
});

describe("resolveRules", () => {
  it("loads packs and files in order", async () => {
    const read: string[] = [];
    const rules = await resolveRules(parseRulesOption("security,./mine.json,cis"), (p) => {
      read.push(p);
      return myRules;
    });
    expect(read).toEqual(["./mine.json"]);
    expect(rules.map((r) => r.id)).toEqual([
      ...PACKS.security.map((r) => r.id),
      "my-rule",
      ...PACKS.cis.map((r) => r.id),
    ]);
  });

  it("accepts an async reader", async () => {
    const rules = await resolveRules([{ kind: "file", path: "a.json" }], async () => myRules);
    expect(rules.map((r) => r.id)).toEqual(["my-rule"]);
  });

  it("rejects a rule id defined twice", async () => {
    const clash = JSON.stringify([{ id: "cis-4.1", title: "Mine", severity: "low", pattern: { metricFilter: "{ $.a = b }" } }]);
    await expect(resolveRules(parseRulesOption("cis,./clash.json"), () => clash)).rejects.toThrow(
      'rule id "cis-4.1" is defined twice: in pack cis and in ./clash.json',
    );
  });

  it("passes on rule file errors with the file name", async () => {
    await expect(resolveRules(parseRulesOption("./bad.json"), () => "[1]")).rejects.toThrow(
      "./bad.json: rules[0]: Invalid input: expected object, received number",
    );
  });

  it("has no id shared by the built-in packs", () => {
    const ids = [...PACKS.cis, ...PACKS.security].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
