// In-process CLI tests of `ct check` and `ct rules` against the committed fixture bucket. Expected
// findings are computed here from the raw fixture records with plain predicates written from the
// rules' published definitions, never with ct's rule engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type Raw, idOf, logRecords } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";

const B = "fixtures/bucket";
const recs = logRecords();

interface Sample { eventID?: string; eventTime?: string }
interface JsonFinding {
  type: string; ruleId: string; severity: string; fired: boolean; matches: number; firstTime?: string; lastTime?: string;
  alarmPeriods: { start: string; end: string; count: number }[]; peakCount: number; samples: Sample[]; description: string;
  references?: { cis?: string[]; securityHub?: string[] };
}
interface JsonSummary { type: string; rules: number; matched: number; fired: number; failing: number; failOn: string; bySeverity: Record<string, number>; records: number; fileErrors: number }

async function checkJson(args: string[]): Promise<{ code: number; findings: Map<string, JsonFinding>; summary: JsonSummary; stderr: string }> {
  const r = await runCt(["check", "-j", "1", "-o", "json", ...args]);
  const doc = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: JsonSummary };
  return { code: r.code, findings: new Map(doc.findings.map((f) => [f.ruleId, f])), summary: doc.summary, stderr: r.stderr };
}

const failed = (r: Raw) => r["errorCode"] !== undefined && r["errorCode"] !== null;
const PREDICATES: Record<string, (r: Raw) => boolean> = {
  "cis-4.1": (r) => typeof r["errorCode"] === "string" && (r["errorCode"].endsWith("UnauthorizedOperation") || r["errorCode"].startsWith("AccessDenied")),
  "cis-4.3": (r) => r["userIdentity"]?.["type"] === "Root" && r["userIdentity"]?.["invokedBy"] === undefined && typeof r["eventType"] === "string" && r["eventType"] !== "AwsServiceEvent",
  "cis-4.5": (r) => ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"].includes(r["eventName"]),
  "cis-4.6": (r) => r["eventName"] === "ConsoleLogin" && r["errorMessage"] === "Failed authentication",
  "cis-4.10": (r) => ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"].includes(r["eventName"]),
  "cloudtrail-logging-stopped": (r) => r["eventSource"] === "cloudtrail.amazonaws.com" && ["StopLogging", "DeleteTrail"].includes(r["eventName"]) && !failed(r),
};

const FIVE_MIN = 5 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** What a rule with the CIS alarm (>= 1 in 5 min) must report for these records. */
function expectedFinding(matching: Raw[]) {
  const times = matching.map((r) => Date.parse(r["eventTime"])).sort((a, b) => a - b);
  const periods = new Map<number, number>();
  for (const t of times) periods.set(Math.floor(t / FIVE_MIN) * FIVE_MIN, (periods.get(Math.floor(t / FIVE_MIN) * FIVE_MIN) ?? 0) + 1);
  const earliest = [...matching].sort((a, b) => Date.parse(a["eventTime"]) - Date.parse(b["eventTime"]) || (idOf(a) < idOf(b) ? -1 : 1));
  return {
    matches: matching.length,
    firstTime: iso(times[0]!),
    lastTime: iso(times.at(-1)!),
    alarmPeriods: [...periods].sort((a, b) => a[0] - b[0]).map(([s, count]) => ({ start: iso(s), end: iso(s + FIVE_MIN), count })),
    sampleIds: earliest.slice(0, 3).map(idOf),
  };
}

/** Every temporary folder made here, removed when the file's tests are done. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tmpRules(name: string, content: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ct-rules-"));
  made.push(dir);
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("ct check on the fixture bucket", () => {
  it("reports each rule's matches, time span, alarm periods and earliest samples, and exits 1", async () => {
    const { code, findings, summary, stderr } = await checkJson([B]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    for (const [id, pred] of Object.entries(PREDICATES)) {
      const matching = recs.filter(pred);
      expect(matching.length, id).toBeGreaterThan(0);
      const exp = expectedFinding(matching);
      const f = findings.get(id)!;
      expect(f, id).toBeDefined();
      expect({ matches: f.matches, firstTime: f.firstTime, lastTime: f.lastTime, fired: f.fired }, id).toEqual({
        matches: exp.matches, firstTime: exp.firstTime, lastTime: exp.lastTime, fired: true,
      });
      if (id.startsWith("cis-")) expect(f.alarmPeriods, id).toEqual(exp.alarmPeriods);
      expect(f.samples.map((s) => s.eventID), id).toEqual(exp.sampleIds);
    }
    expect(summary.records).toBe(recs.length);
    expect(summary.rules).toBe(31);
    expect(summary.fileErrors).toBe(0);
    expect(summary.failOn).toBe("any");
  });

  it("reports a threshold rule that matched without reaching its threshold as not fired", async () => {
    const { findings } = await checkJson(["--rules", "security", B]);
    const failures = recs.filter((r) => r["eventName"] === "ConsoleLogin" && (r["errorMessage"] === "Failed authentication" || r["responseElements"]?.["ConsoleLogin"] === "Failure"));
    expect(failures.length).toBeLessThan(5);
    expect(findings.get("console-login-brute-force")).toMatchObject({ matches: failures.length, fired: false, alarmPeriods: [], peakCount: failures.length });
  });

  it("gives the same findings with worker threads as inline", async () => {
    const inline = await runCt(["check", "-j", "1", "-o", "json", B]);
    const workers = await runCt(["check", "-j", "3", "-o", "json", B]);
    expect(workers.code).toBe(1);
    expect(workers.stdout).toBe(inline.stdout);
  });

  it("--fail-on decides the exit status; findings below it are still reported", async () => {
    const high = await checkJson(["--rules", "cis", "--fail-on", "high", B]);
    expect(high.code).toBe(1);
    expect(high.summary.failing).toBe(2);
    const critical = await checkJson(["--rules", "cis", "--fail-on", "critical", B]);
    expect(critical.code).toBe(0);
    expect(critical.summary).toMatchObject({ failOn: "critical", failing: 0, fired: high.summary.fired });
  });

  it("honours the time window", async () => {
    const { findings } = await checkJson(["--rules", "cis", "--since", "2026-03-03T00:00:00Z", B]);
    const later = recs.filter((r) => PREDICATES["cis-4.5"]!(r) && Date.parse(r["eventTime"]) >= Date.parse("2026-03-03T00:00:00Z"));
    expect(findings.get("cis-4.5")!.matches).toBe(later.length);
    expect(later.length).toBeLessThan(recs.filter(PREDICATES["cis-4.5"]!).length);
  });

  it("--samples 0 keeps no samples", async () => {
    const { findings } = await checkJson(["--samples", "0", B]);
    expect(findings.get("cis-4.10")!.samples).toEqual([]);
  });

  it("exits 0 with a clean text report when no rule fires", async () => {
    const file = tmpRules("quiet.yaml", "- id: never\n  title: Never seen\n  severity: critical\n  pattern:\n    eventbridge: {detail: {eventName: [NoSuchCall]}}\n");
    const r = await runCt(["check", "-j", "1", "--rules", file, B]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No findings: 1 rule checked over 319 records in \d+ files\.\n$/);
  });

  it("text output lists fired rules by severity, then a summary line", async () => {
    const r = await runCt(["check", "-j", "1", "--rules", "security", B]);
    expect(r.code).toBe(1);
    const stop = recs.find(PREDICATES["cloudtrail-logging-stopped"]!)!;
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "CRITICAL  cloudtrail-logging-stopped  CloudTrail logging stopped or trail deleted",
      `          1 match, at ${stop["eventTime"]}`,
      `          ${stop["eventTime"]}  StopLogging  ${stop["userIdentity"]["arn"]}  ${stop["sourceIPAddress"]}  ${stop["awsRegion"]}  ${idOf(stop)}`,
    ]);
    expect(r.stdout).toContain("console-login-brute-force  1 match; peak 1 in 5 min, below the alarm threshold (≥5 in 5 min)");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^1 of 15 rules fired over 319 records in \d+ files: 1 critical\.$/);
  });

  it("ndjson prints one finding per matched rule, then the summary", async () => {
    const r = await runCt(["check", "-j", "1", "-o", "ndjson", "--rules", "cis", B]);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; ruleId?: string });
    expect(lines.at(-1)!.type).toBe("summary");
    expect(lines.slice(0, -1).every((l) => l.type === "finding")).toBe(true);
    expect(lines.slice(0, -1).map((l) => l.ruleId)).toContain("cis-4.10");
  });

  it("JUnit XML has one testcase per rule, failed when the rule fired", async () => {
    const r = await runCt(["check", "-j", "1", "-o", "junit", "--rules", "cis,security", B]);
    expect(r.code).toBe(1);
    const json = await checkJson([B]);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ct check" tests="31" ')).toBe(true);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(31);
    expect(r.stdout.match(/<failure /g)).toHaveLength(json.summary.fired);
    expect(r.stdout).toContain('<testcase classname="ct.check" name="cis-4.9: AWS Config configuration changes"/>');
    expect(r.stdout).toMatch(/<testcase classname="ct.check" name="cloudtrail-logging-stopped: CloudTrail logging stopped or trail deleted">\n {6}<failure type="critical" message="1 match, at /);
  });

  it("escapes rule text in JUnit XML", async () => {
    const file = tmpRules("x.json", JSON.stringify([{ id: "amp", title: 'A <b> & "c"', severity: "low", pattern: { metricFilter: "{ $.eventName = StopLogging }" } }]));
    const r = await runCt(["check", "-j", "1", "-o", "junit", "--rules", file, B]);
    expect(r.stdout).toContain('name="amp: A &lt;b&gt; &amp; &quot;c&quot;"');
  });
});

describe("ct check errors", () => {
  it.each([
    [["--rules", "cs"], 'ct: --rules: unknown rule pack "cs" (packs: cis, security; a rule file must contain "/" or end in .json, .yaml or .yml)\n'],
    [["--rules", "./no-such-rules.json"], "ct: ./no-such-rules.json: no such rule file\n"],
    [["--samples", "x"], 'ct: --samples: "x" is not a whole number\n'],
    [["--fail-on", "severe"], "ct check: option '--fail-on <SEVERITY>' argument 'severe' is invalid. Allowed choices are low, medium, high, critical.\n"],
  ])("%j → exit 2", async (args, stderr) => {
    const r = await runCt(["check", "-j", "1", ...args, B]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe("");
  });

  it("names the rule file, the rule and the pattern position for a bad rule", async () => {
    const file = tmpRules("bad.json", JSON.stringify([{ id: "bad", title: "Bad", severity: "low", pattern: { metricFilter: "{ $.eventName = }" } }]));
    const r = await runCt(["check", "-j", "1", "--rules", file, B]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${file}: rules[0] "bad": pattern.metricFilter: column 17: expected a value after "=", found "}" (near: { $.eventName = })\n`);
  });

  it("exits 2 when an input file cannot be read, even with findings", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ct-check-"));
    made.push(dir);
    const good = { Records: [{ eventVersion: "1.11", eventTime: "2026-03-01T10:00:00Z", eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", eventID: "e-1", awsRegion: "us-east-1" }] };
    mkdirSync(path.join(dir, "logs"));
    writeFileSync(path.join(dir, "logs", "a.json.gz"), zlib.gzipSync(JSON.stringify(good)));
    writeFileSync(path.join(dir, "logs", "b.json.gz"), "not gzip");
    const r = await runCt(["check", "-j", "1", "-o", "json", "--rules", "security", path.join(dir, "logs")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("b.json.gz: ");
    expect((JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId)).toEqual(["cloudtrail-logging-stopped"]);
  });
});

describe("ct rules", () => {
  it("list prints every rule with severity, alarm and references", async () => {
    const r = await runCt(["rules", "list"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(32);
    expect(lines[0]).toMatch(/^ID +SEVERITY {2}ALARM +TITLE$/);
    expect(lines.find((l) => l.startsWith("cis-4.3 "))).toMatch(/^cis-4\.3 +high {6}≥1 in 5 min +Root user activity \(CIS v1\.4\+ 4\.3, CIS v1\.2 3\.3, CloudWatch\.1\)$/);
    expect(lines.find((l) => l.startsWith("console-login-brute-force "))).toMatch(/≥5 in 5 min +Repeated console sign-in failures$/);
  });

  it("list -o json prints the rules as a rule file ct can load back", async () => {
    const r = await runCt(["rules", "list", "--rules", "security", "-o", "json"]);
    const file = tmpRules("security.json", r.stdout);
    const again = await runCt(["rules", "list", "--rules", file, "-o", "json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(r.stdout));
    expect((JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id)).toContain("root-access-key-created");
  });

  const stop = JSON.stringify({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", eventType: "AwsApiCall" });
  it.each([
    ['{"source":["aws.cloudtrail"],"detail":{"eventName":["StopLogging"]}}', stop, 0, "match\n"],
    ['{"detail":{"eventName":["DeleteTrail"]}}', stop, 1, "no match\n"],
    ["{ $.eventName = StopLogging }", stop, 0, "match\n"],
  ])("test %s → exit %i", async (pattern, event, code, stdout) => {
    const r = await runCt(["rules", "test", pattern, event]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(code);
    expect(r.stdout).toBe(stdout);
  });

  it("test reads files and stdin", async () => {
    const pattern = tmpRules("p.json", '{"detail-type":["AWS Console Signin via CloudTrail"]}');
    const login = JSON.stringify({ eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn" });
    const r = await runCt(["rules", "test", pattern, "-"], { stdin: login });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("match\n");
  });

  it.each([
    [['{"detail":{"eventName":[{"prefx":"Stop"}]}}', "{}"], 'ct: PATTERN: detail.eventName[0]: unrecognized match type "prefx"\n'],
    [["{ $.eventName ~ x }", "{}"], 'ct: PATTERN: column 15: expected an operator (=, !=, <, <=, >, >=, IS, EXISTS or NOT EXISTS) after $.eventName, found "~" (near: { $.eventName ~ x })\n'],
    [['{"a":["x"]}', "{bad"], "ct: EVENT: not valid JSON: Expected property name or '}' in JSON at position 1\n"],
    [['{"a":["x"]}', "[1]"], "ct: EVENT: the event must be a JSON object (a CloudTrail record or an EventBridge event)\n"],
    [["no-such-pattern.json", "{}"], "ct: no-such-pattern.json: no such file (give a path or inline JSON)\n"],
  ])("test %j → exit 2", async (args, stderr) => {
    const r = await runCt(["rules", "test", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
  });
});
