// Values that are long or hold the characters aggregate keys are built from: tabs in event sources,
// names and principal types come back exactly; a multi-megabyte value is kept whole where the
// output is the record (ndjson, text) and cut to a bounded length where ct keeps or lays it out.
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const HUGE = "A".repeat(5_000_000);
const base = { eventVersion: "1.08", eventTime: "2026-03-01T10:00:00Z", awsRegion: "us-east-1", recipientAccountId: "111122223333" };
const tree = makeTempTree(
  {
    "tabs/a.json": JSON.stringify({
      Records: [{ ...base, eventID: "t1", eventSource: "iam\tevil.amazonaws.com", eventName: "Create\tUser", userIdentity: { type: "IAM\tUser", userName: "a\tb" } }],
    }),
    "huge/a.json": JSON.stringify({
      Records: [
        { ...base, eventID: "h1", eventSource: "iam.amazonaws.com", eventName: "CreateUser", userAgent: HUGE, userIdentity: { type: "IAMUser", userName: "alice", arn: `arn:aws:iam::111122223333:user/${HUGE}` } },
      ],
    }),
    "rule.yaml": 'rules:\n  - id: any\n    title: any\n    severity: low\n    pattern:\n      eventbridge: {"detail": {"eventName": ["CreateUser"]}}\n',
  },
  "ct-values-",
);
afterAll(() => tree.remove());

describe("tabs inside values that aggregate keys are made of", () => {
  it("summary gives event source, event name and principal type back whole", async () => {
    const r = await runCt(["summary", "-j", "1", "-o", "json", tree.at("tabs")]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { top: { eventNames: unknown[]; principals: unknown[]; eventSources: unknown[] } };
    expect(doc.top.eventNames).toEqual([{ eventSource: "iam\tevil.amazonaws.com", eventName: "Create\tUser", count: 1, share: 1 }]);
    expect(doc.top.principals).toEqual([{ principalType: "IAM\tUser", principal: "a\tb", count: 1, share: 1 }]);
  });

  it("classify gives the event source back whole in json and escaped in text", async () => {
    const json = await runCt(["classify", "-j", "1", "-o", "json", tree.at("tabs")]);
    expect((JSON.parse(json.stdout) as { rows: { eventSource: string }[] }).rows.map((x) => x.eventSource)).toEqual(["iam\tevil.amazonaws.com"]);
    const text = await runCt(["classify", "-j", "1", "--color", "never", tree.at("tabs")]);
    expect(text.stdout).toContain("write       iam\\x09evil.amazonaws.com       1  100.0%\n");
  });
});

describe("a value of 5,000,000 characters", () => {
  it("lookup prints the record whole in ndjson", async () => {
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.at("huge")]);
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout)[0]?.["userAgent"]).toBe(HUGE);
  });

  it("lookup -o table cuts the cell at 1,000 characters instead of building an unbounded table", async () => {
    const r = await runCt(["lookup", "-j", "1", "--color", "never", "-o", "table", "--fields", "eventid,useragent", tree.at("huge")]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(50_000);
    expect(r.stdout.replace(/[\s│]/g, "")).toContain(`${"A".repeat(999)}…`);
    expect(r.stdout).not.toContain("A".repeat(1001));
  });

  it("summary keeps it as a table key of 2,048 characters", async () => {
    const r = await runCt(["summary", "-j", "1", "-o", "json", tree.at("huge")]);
    const doc = JSON.parse(r.stdout) as { top: { userAgents: { value: string }[] } };
    expect(doc.top.userAgents.map((e) => e.value)).toEqual([`${"A".repeat(2047)}…`]);
  });

  it("check keeps samples of at most 2,048 characters per field", async () => {
    const r = await runCt(["check", "-j", "1", "-o", "json", "--rules", tree.at("rule.yaml"), tree.at("huge")]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { samples: { principal: string }[] }[] };
    const principal = doc.findings[0]!.samples[0]!.principal;
    expect(principal).toHaveLength(2048);
    expect(principal.endsWith("AAA…")).toBe(true);
  });
});
