// In-process CLI tests of `ct summary` against the committed fixture bucket. Expected answers
// come from the generator's own summary (fixtures/expected/summary.json) or are computed here
// from the raw fixture records (plain zlib + JSON.parse), never from ct's code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Raw, fixtureRecords } from "../helpers/fixture-records.js";
import { ROOT, runCt } from "../helpers/run-ct.js";

const B = "fixtures/bucket";
const expected = JSON.parse(readFileSync(path.join(ROOT, "fixtures/expected/summary.json"), "utf8")) as {
  files: { logFiles: number; insightFiles: number };
  records: {
    total: number;
    byCategory: Record<string, number>;
    byAccountRegionCategory: Record<string, Record<string, Record<string, number>>>;
    byUser: Record<string, number>;
    byEventName: Record<string, number>;
  };
};
const raw = fixtureRecords().map((r) => r.record);
const timeOf = (r: Raw) => Date.parse(r["eventTime"] ?? r["timeWindow"]?.["windowStart"]);

interface Entry {
  value: string;
  count: number;
  share: number;
}
interface Result {
  totals: Record<string, number | string>;
  categories: Record<string, number>;
  readWrite: Record<string, number>;
  top: {
    principals: Array<{ principalType: string; principal: string; count: number }>;
    eventNames: Array<{ eventSource: string; eventName: string; count: number }>;
    accounts: Entry[];
    regions: Entry[];
    sourceIPs: Entry[];
    errorCodes: Entry[];
    userAgents: Entry[];
  };
  histogram: { interval: string; buckets: Array<{ start: string; count: number }>; sparse: boolean; untimed: number };
  sections?: {
    by: string;
    items: Array<{ value: string; events: number; errors: number; firstEventTime: string; lastEventTime: string; sourceIPs: Entry[] }>;
    omittedSections: number;
    unassigned: number;
  };
  approximate: boolean;
}

async function summary(args: string[]): Promise<Result> {
  const r = await runCt(["summary", "-j", "1", "-o", "json", ...args, B]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Result;
}

function tally<T>(items: readonly T[], key: (x: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) {
    const k = key(x);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const accountTotals = Object.fromEntries(
  Object.entries(expected.records.byAccountRegionCategory).map(([acct, regions]) => [
    acct,
    Object.values(regions).reduce((s, cats) => s + Object.values(cats).reduce((a, b) => a + b, 0), 0),
  ]),
);
const regionTotals: Record<string, number> = {};
for (const regions of Object.values(expected.records.byAccountRegionCategory))
  for (const [region, cats] of Object.entries(regions))
    regionTotals[region] = (regionTotals[region] ?? 0) + Object.values(cats).reduce((a, b) => a + b, 0);


describe("ct summary on the fixture bucket", () => {
  it("gives the totals: events, files, accounts, regions, errors, first and last event", async () => {
    const s = await summary([]);
    const times = raw.map(timeOf);
    expect(s.totals).toMatchObject({
      events: expected.records.total,
      files: expected.files.logFiles + expected.files.insightFiles,
      accounts: Object.keys(accountTotals).length,
      regions: Object.keys(regionTotals).length,
      errors: raw.filter((r) => typeof r["errorCode"] === "string").length,
      firstEventTime: new Date(Math.min(...times)).toISOString().replace(".000Z", "Z"),
      lastEventTime: new Date(Math.max(...times)).toISOString().replace(".000Z", "Z"),
      untimed: 0,
    });
    expect(s.categories).toEqual({ Management: 0, Data: 0, NetworkActivity: 0, Insight: 0, Aggregated: 0, ...expected.records.byCategory });
    expect(s.approximate).toBe(false);
  });

  it("ranks accounts and regions as the generator counted them", async () => {
    const s = await summary(["--top", "10"]);
    expect(Object.fromEntries(s.top.accounts.map((e) => [e.value, e.count]))).toEqual(accountTotals);
    expect(Object.fromEntries(s.top.regions.map((e) => [e.value, e.count]))).toEqual(regionTotals);
    const counts = s.top.regions.map((e) => e.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("names principals so that they map onto the generator's per-user counts", async () => {
    const s = await summary(["--top", "100"]);
    // The generator keys assumed roles by session name, and puts records with no principal
    // (Insights, aggregated, network activity, "AWS Internal" service events) under "(none)".
    const mapped: Record<string, number> = {};
    for (const p of s.top.principals) {
      const key =
        p.principalType === "AssumedRole"
          ? p.principal.slice(p.principal.indexOf("/") + 1)
          : p.principalType === "(none)" || p.principalType === "AWSAccount"
            ? "(none)"
            : p.principal;
      mapped[key] = (mapped[key] ?? 0) + p.count;
    }
    expect(mapped).toEqual(expected.records.byUser);
  });

  it("counts event names like the generator (Insights under the API they watched)", async () => {
    const s = await summary(["--top", "1000"]);
    const mine: Record<string, number> = {};
    for (const e of s.top.eventNames) if (e.eventName !== "(none)") mine[e.eventName] = (mine[e.eventName] ?? 0) + e.count;
    const theirs = Object.fromEntries(Object.entries(expected.records.byEventName).filter(([k]) => !k.startsWith("(")));
    expect(mine).toEqual(theirs);
  });

  it("ranks source IPs and error codes from the raw records", async () => {
    const s = await summary(["--top", "100"]);
    expect(Object.fromEntries(s.top.sourceIPs.map((e) => [e.value, e.count]))).toEqual(
      tally(raw, (r) => r["sourceIPAddress"] ?? "(none)"),
    );
    expect(Object.fromEntries(s.top.errorCodes.map((e) => [e.value, e.count]))).toEqual(tally(raw, (r) => r["errorCode"]));
    const top2 = await summary(["--top", "2"]);
    expect(top2.top.userAgents).toHaveLength(2);
    expect(top2.top.userAgents[0]!.count).toBeGreaterThanOrEqual(top2.top.userAgents[1]!.count);
  });

  it("draws an hourly histogram over the 3-day fixture, empty hours included", async () => {
    const s = await summary([]);
    expect(s.histogram.interval).toBe("hour");
    expect(s.histogram.sparse).toBe(false);
    const perHour = tally(raw, (r) => new Date(Math.floor(timeOf(r) / 3_600_000) * 3_600_000).toISOString().replace(".000Z", "Z"));
    const nonEmpty = Object.fromEntries(s.histogram.buckets.filter((b) => b.count > 0).map((b) => [b.start, b.count]));
    expect(nonEmpty).toEqual(perHour);
    const hours = Object.keys(perHour).map((k) => Date.parse(k) / 3_600_000);
    expect(s.histogram.buckets).toHaveLength(Math.max(...hours) - Math.min(...hours) + 1);
    const daily = await summary(["--interval", "day"]);
    expect(daily.histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(expected.records.total);
    expect(daily.histogram.buckets.map((b) => b.start.slice(0, 10))).toEqual(
      [...new Set(raw.map((r) => new Date(timeOf(r)).toISOString().slice(0, 10)))].sort(),
    );
  });

  it("--by account and --by region give one section per value with the generator's counts", async () => {
    const byAccount = await summary(["--by", "account"]);
    expect(Object.fromEntries(byAccount.sections!.items.map((i) => [i.value, i.events]))).toEqual(accountTotals);
    const byRegion = await summary(["--by", "region"]);
    expect(Object.fromEntries(byRegion.sections!.items.map((i) => [i.value, i.events]))).toEqual(regionTotals);
  });

  it("--by user gives each principal its own first/last seen, IPs and errors", async () => {
    const s = await summary(["--by", "user", "--sections", "0"]);
    const bob = s.sections!.items.find((i) => i.value === "bob")!;
    const bobs = raw.filter((r) => r["userIdentity"]?.["type"] === "IAMUser" && r["userIdentity"]?.["userName"] === "bob");
    expect(bob.events).toBe(bobs.length);
    expect(bob.errors).toBe(bobs.filter((r) => r["errorCode"]).length);
    expect(bob.firstEventTime).toBe(new Date(Math.min(...bobs.map(timeOf))).toISOString().replace(".000Z", "Z"));
    expect(bob.lastEventTime).toBe(new Date(Math.max(...bobs.map(timeOf))).toISOString().replace(".000Z", "Z"));
    expect(Object.fromEntries(bob.sourceIPs.map((e) => [e.value, e.count]))).toEqual(tally(bobs, (r) => r["sourceIPAddress"]));
    expect(s.sections!.items.reduce((n, i) => n + i.events, 0) + s.sections!.unassigned).toBe(expected.records.total);
    const two = await summary(["--by", "user", "--sections", "2"]);
    expect(two.sections!.items).toHaveLength(2);
    expect(two.sections!.omittedSections).toBe(s.sections!.items.length - 2);
  });

  it("--by error lists only failed calls; the rest are unassigned", async () => {
    const s = await summary(["--by", "error"]);
    expect(Object.fromEntries(s.sections!.items.map((i) => [i.value, i.events]))).toEqual(tally(raw, (r) => r["errorCode"]));
    expect(s.sections!.unassigned).toBe(raw.filter((r) => !r["errorCode"]).length);
  });

  it("--since keeps only the events of the window", async () => {
    const since = "2026-03-02T12:00:00Z";
    const s = await summary(["--since", since]);
    expect(s.totals["events"]).toBe(raw.filter((r) => timeOf(r) >= Date.parse(since)).length);
  });

  it("csv prints the top tables in long form and the histogram", async () => {
    const r = await runCt(["summary", "-j", "1", "-o", "csv", "--top", "3", B]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("table,value,detail,count,share");
    const accounts = lines.filter((l) => l.startsWith("accounts,"));
    const [acct, n] = Object.entries(accountTotals).sort((a, b) => b[1] - a[1])[0]!;
    expect(accounts[0]).toBe(`accounts,${acct},,${n},${n / expected.records.total}`);
    expect(lines.filter((l) => l.startsWith("histogram-hour,")).length).toBeGreaterThan(0);
    const byIp = await runCt(["summary", "-j", "1", "-o", "csv", "--by", "ip", B]);
    expect(byIp.stdout.split("\n")[0]).toBe(
      "by,value,events,errors,firstEventTime,lastEventTime,eventSources,eventNames,sourceIPs,principals,errorCodes",
    );
  });

  it("text shows totals, a sparkline and the top tables, without colour in a pipe", async () => {
    const r = await runCt(["summary", "-j", "1", B]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Summary  ${expected.records.total} events in ${expected.files.logFiles + expected.files.insightFiles} files`);
    expect(r.stdout).toMatch(/^Events per hour$/m);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(r.stdout).toMatch(/^Top principals$/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("two worker threads give exactly the single-threaded answer", async () => {
    const one = await runCt(["summary", "-j", "1", "-o", "json", "--by", "user", B]);
    const two = await runCt(["summary", "-j", "2", "-o", "json", "--by", "user", B]);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe("ct summary usage errors", () => {
  const cases: Array<[string[], RegExp]> = [
    [["-o", "ndjson"], /one document: use --output json/],
    [["--by", "colour"], /colour/],
    [["--top", "0"], /--top.*at least 1/],
    [["--interval", "week"], /week/],
  ];
  for (const [args, message] of cases) {
    it(`rejects ${args.join(" ")} with exit 2`, async () => {
      const r = await runCt(["summary", "-j", "1", ...args, B]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }
});
