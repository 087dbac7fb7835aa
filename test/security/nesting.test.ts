// Nesting that would overflow the stack of any recursive walker (JSON.stringify, structured clone,
// pattern matching): 100,000 nested arrays in a record, in a rule, in a `ct rules test` argument.
// Each is refused with a message naming the file, and nothing else in the input is lost.
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const DEEP = "[".repeat(100_000) + "]".repeat(100_000);
const rec = (id: string, extra = "") =>
  `{"eventVersion":"1.08","eventTime":"2026-03-01T10:00:0${id.length}Z","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","eventID":"${id}","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","userName":"alice"}${extra}}`;

const tree = makeTempTree(
  {
    "logs/a.json": `{"Records":[${rec("a")},${rec("deep", `,"requestParameters":{"policyDocument":${DEEP}}`)},${rec("bb")}]}`,
    "logs/b.json": `{"Records":[${rec("ccc")}]}`,
    "rules-deep.json": `{"rules":[{"id":"deep","title":"t","severity":"low","pattern":{"eventbridge":${'{"detail":'.repeat(100_000)}{"a":["x"]}${"}".repeat(100_000)}}}]}`,
    "rules-parens.yaml": `rules:\n  - id: parens\n    title: t\n    severity: low\n    pattern:\n      metricFilter: '{ ${"(".repeat(5000)}$.a = 1${")".repeat(5000)} }'\n`,
    "rule-on-deep.yaml": 'rules:\n  - id: deep-match\n    title: t\n    severity: high\n    pattern:\n      eventbridge: {"detail": {"eventName": ["PutUserPolicy"]}}\n',
  },
  "ct-nest-",
);
const logs = tree.at("logs");
afterAll(() => tree.remove());
const SKIPPED = `ct: ${tree.at("logs/a.json")}: record 1: nested more than 512 levels deep; record skipped\n`;

describe("a record nested 100,000 deep", () => {
  it.each([["-j", "1"], ["-j", "2"]])("lookup %s %s skips it with a message and prints the others", async (...threads) => {
    const r = await runCt(["lookup", ...threads, "-o", "ndjson", "--sort", "asc", logs]);
    expect(r.stderr).toBe(SKIPPED);
    expect(r.code).toBe(2);
    expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["a", "bb", "ccc"]);
  });

  it.each([["-j", "1"], ["-j", "2"]])("lookup %s %s refuses it when the filter selects it, and never walks it when not", async (...threads) => {
    const picked = await runCt(["lookup", ...threads, "-o", "ndjson", "--event-id", "deep", logs]);
    expect(picked).toEqual({ code: 2, stdout: "", stderr: SKIPPED });
    // A record the filter rules out is never processed, so its depth is no problem of this run.
    const other = await runCt(["lookup", ...threads, "-o", "ndjson", "--event-id", "bb", logs]);
    expect(other.stderr).toBe("");
    expect(other.code).toBe(0);
    expect(parseNdjson(other.stdout).map((x) => x["eventID"])).toEqual(["bb"]);
  });

  it.each([
    [["lookup", "-o", "csv", "--fields", "eventid,requestParameters"]],
    [["lookup", "-o", "table"]],
    [["classify", "-o", "ndjson"]],
    [["classify", "-o", "json"]],
    [["summary", "-o", "json"]],
    [["check", "-o", "json", "--rules", tree.at("rule-on-deep.yaml")]],
  ])("%j reports it the same way and counts the three others", async (args) => {
    const r = await runCt([...args, "-j", "1", "--color", "never", logs]);
    expect(r.stderr).toBe(SKIPPED);
    expect(r.code).toBe(2);
    const out = r.stdout;
    if (args[0] === "classify" && args[2] === "ndjson") expect(parseNdjson(out).map((x) => x["eventID"])).toEqual(["a", "bb", "ccc"]);
    else if (args[0] === "classify") expect((JSON.parse(out) as { total: number }).total).toBe(3);
    else if (args[0] === "summary") expect((JSON.parse(out) as { totals: { events: number } }).totals.events).toBe(3);
    else if (args[0] === "check") expect((JSON.parse(out) as { findings: { matches: number }[] }).findings[0]?.matches).toBe(3);
    else expect(out).not.toContain("deep");
  });
});

describe("rules and patterns nested too deep", () => {
  it("ct rules test refuses a deep event file by name", async () => {
    const event = tree.at("event.json");
    writeFileSync(event, `{"eventName":"X","requestParameters":${DEEP}}`);
    const r = await runCt(["rules", "test", '{"detail":{"eventName":["X"]}}', event]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `ct: ${event}: the event is nested more than 512 levels deep\n` });
  });

  it("ct rules test refuses a deep event pattern", async () => {
    const pattern = tree.at("pattern.json");
    writeFileSync(pattern, `${'{"detail":'.repeat(100_000)}{"a":["x"]}${"}".repeat(100_000)}`);
    const r = await runCt(["rules", "test", pattern, '{"eventName":"X"}']);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `ct: ${pattern}: the pattern is nested more than 512 levels deep\n` });
  });

  it("a rule file with a deep pattern is refused, naming the file and the rule", async () => {
    const r = await runCt(["rules", "list", "--rules", tree.at("rules-deep.json")]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `ct: ${tree.at("rules-deep.json")}: rules[0] "deep": nested more than 512 levels deep\n` });
  });

  it("a filter pattern with parentheses nested 5,000 deep is refused at the 101st", async () => {
    const r = await runCt(["check", "-j", "1", "--rules", tree.at("rules-parens.yaml"), logs]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(`^ct: ${tree.at("rules-parens.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: rules\\[0\\] "parens": pattern\\.metricFilter: column 103: parentheses nested more than 100 deep, found "\\(" \\(near: `),
    );
  });
});
