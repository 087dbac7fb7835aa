import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { PACKS } from "../../../src/rules/packs/index.js";
import {
  RULE_PROCESSORS, type RulesParams, finishRules, mergeRulesPartial, newRuleTotals, rulesProcessor,
} from "../../../src/rules/processor.js";
import { apiCall, failedLogin } from "./records.js";

const params: RulesParams = { rules: [...PACKS.cis, ...PACKS.security], samples: 2 };
const indexOf = (id: string): number => params.rules.findIndex((r) => r.id === id);

const fileA = [
  apiCall("cloudtrail.amazonaws.com", "StopLogging", { eventTime: "2024-05-02T10:01:00Z", eventID: "a-1" }),
  apiCall("ec2.amazonaws.com", "DescribeInstances", { eventTime: "2024-05-02T10:02:00Z", eventID: "a-2" }),
  failedLogin({ eventTime: "2024-05-02T10:03:00Z", eventID: "a-3" }),
];
const fileB = [
  apiCall("cloudtrail.amazonaws.com", "DeleteTrail", { eventTime: "2024-05-02T09:59:00Z", eventID: "b-1" }),
  failedLogin({ eventTime: "2024-05-02T10:04:00Z", eventID: "b-2" }),
];

function runFile(records: Record<string, unknown>[], p: unknown = params) {
  const proc = rulesProcessor(p);
  records.forEach((r, i) => proc.add(r as CloudTrailRecord, i));
  return proc.finish();
}

describe("rulesProcessor", () => {
  it("returns an accumulator only for the rules a file matched, in rule order", () => {
    const partial = runFile(fileA);
    expect(partial.map(([i]) => params.rules[i]!.id)).toEqual([
      "cis-3.2-v1.2", "cis-4.5", "cis-4.6", "cloudtrail-logging-stopped", "console-login-brute-force",
    ]);
    const [, acc] = partial.find(([i]) => i === indexOf("cloudtrail-logging-stopped"))!;
    expect(acc.matches).toBe(1);
    expect(acc.samples).toEqual([
      { eventID: "a-1", eventTime: "2024-05-02T10:01:00Z", eventName: "StopLogging", principal: "arn:aws:iam::111122223333:user/alice", sourceIPAddress: "198.51.100.23", awsRegion: "us-east-1" },
    ]);
  });

  it("merges per-file partials (after a structured-clone trip, as from a worker) into per-rule findings", () => {
    const totals = newRuleTotals(params);
    for (const file of [fileB, fileA]) mergeRulesPartial(totals, structuredClone(runFile(file)));
    const findings = finishRules(totals, params.rules);
    const stopped = findings[indexOf("cloudtrail-logging-stopped")]!;
    expect(stopped).toMatchObject({ matches: 2, firstTime: "2024-05-02T09:59:00.000Z", lastTime: "2024-05-02T10:01:00.000Z", fired: true });
    expect(stopped.samples.map((s) => s.eventID)).toEqual(["b-1", "a-1"]);
    const brute = findings[indexOf("console-login-brute-force")]!;
    expect(brute).toMatchObject({ matches: 2, fired: false, peakCount: 2 });
    expect(findings[indexOf("cis-4.1")]).toMatchObject({ matches: 0, fired: false });
    expect(findings).toHaveLength(params.rules.length);
  });

  it("rejects params that are not a rule list", () => {
    expect(() => rulesProcessor({ rules: [{ id: "x" }], samples: 1 })).toThrow();
    expect(() => rulesProcessor({ rules: [], samples: -1 })).toThrow();
  });

  it("is listed under the name the check command's job uses", () => {
    expect(RULE_PROCESSORS.rules).toBe(rulesProcessor);
  });

  it("refuses a partial from another rule list", () => {
    expect(() => mergeRulesPartial(newRuleTotals({ rules: [], samples: 1 }), runFile(fileA))).toThrow("rule index");
  });
});
