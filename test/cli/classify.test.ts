// In-process CLI tests of `ct classify` against the committed fixture bucket. Expected answers
// come from the generator's own summary (fixtures/expected/summary.json) or are computed here
// from the raw fixture records (plain zlib + JSON.parse), never from ct's code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRecords, idOf, parseNdjson } from "../helpers/fixture-records.js";
import { ROOT, runCt } from "../helpers/run-ct.js";

const B = "fixtures/bucket";
const expected = JSON.parse(readFileSync(path.join(ROOT, "fixtures/expected/summary.json"), "utf8")) as {
  records: {
    total: number;
    byCategory: Record<string, number>;
    byAccountRegionCategory: Record<string, Record<string, Record<string, number>>>;
  };
};
const CATEGORIES = ["Management", "Data", "NetworkActivity", "Insight", "Aggregated"];
const raw = fixtureRecords().map((r) => r.record);

/** Category counts from the generator, zeros included, in ct's order. */
function categoriesOf(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, counts[c] ?? 0]));
}

function sumCategories(parts: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p)) out[k] = (out[k] ?? 0) + n;
  return categoriesOf(out);
}

interface Report {
  total: number;
  firstEventTime: string;
  lastEventTime: string;
  categories: Array<{ category: string; count: number; read: number; write: number; unknown: number }>;
  readWrite: Record<string, number>;
  rows: Array<{ category: string; readWrite: string; eventSource: string; count: number; share: number }>;
  rules: { category: Array<{ category: string; rule: string; count: number }> };
  cost?: { lines: Array<{ item: string; events: number; cost: number | null }>; total: number; assumptions: Record<string, string> };
  topResources?: { dataEvents: number; unattributed: number; rows: Array<{ resource: string; type: string; events: number; read: number; write: number }> };
  selectors?: { selectors: Array<{ FieldSelectors: Array<{ Field: string; Equals?: string[]; StartsWith?: string[] }> }> };
}

async function report(args: string[]): Promise<Report> {
  const r = await runCt(["classify", "-j", "1", "-o", "json", ...args, B]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const byCategory = (rep: Report) => Object.fromEntries(rep.categories.map((c) => [c.category, c.count]));

describe("ct classify on the fixture bucket", () => {
  it("counts every record, Insights included, by the generator's categories", async () => {
    const rep = await report([]);
    expect(rep.total).toBe(expected.records.total);
    expect(byCategory(rep)).toEqual(categoriesOf(expected.records.byCategory));
    const times = raw.map((r) => Date.parse(r["eventTime"] ?? r["timeWindow"]?.["windowStart"]));
    expect(rep.firstEventTime).toBe(new Date(Math.min(...times)).toISOString().replace(".000Z", "Z"));
    expect(rep.lastEventTime).toBe(new Date(Math.max(...times)).toISOString().replace(".000Z", "Z"));
  });

  it("splits reads and writes as the records' readOnly says", async () => {
    const rep = await report([]);
    const summaries = new Set(["AwsCloudTrailInsight", "AwsAggregatedEvent"]);
    const read = raw.filter((r) => r["readOnly"] === true).length;
    const unknown = raw.filter((r) => summaries.has(r["eventType"])).length;
    expect(rep.readWrite).toEqual({ read, write: raw.length - read - unknown, unknown });
  });

  it("gives rows per event source that add up to the records of that source", async () => {
    const rep = await report([]);
    const perSource = new Map<string, number>();
    for (const r of raw) {
      const source = r["eventSource"] ?? r["insightDetails"]?.["eventSource"] ?? "(none)";
      perSource.set(source, (perSource.get(source) ?? 0) + 1);
    }
    const fromRows = new Map<string, number>();
    for (const row of rep.rows) fromRows.set(row.eventSource, (fromRows.get(row.eventSource) ?? 0) + row.count);
    expect(Object.fromEntries(fromRows)).toEqual(Object.fromEntries(perSource));
    expect(rep.rows.reduce((s, r) => s + r.count, 0)).toBe(expected.records.total);
  });

  it("honours --account and --region like the generator's per-account, per-region counts", async () => {
    const acct = expected.records.byAccountRegionCategory["444455556666"]!;
    expect(byCategory(await report(["--account", "444455556666"]))).toEqual(sumCategories(Object.values(acct)));
    const euWest = Object.values(expected.records.byAccountRegionCategory).map((regions) => regions["eu-west-1"] ?? {});
    expect(byCategory(await report(["--region", "eu-west-1"]))).toEqual(sumCategories(euWest));
  });

  it("--explain tallies rules that cover every event", async () => {
    const rep = await report(["--explain"]);
    expect(rep.rules.category.reduce((s, r) => s + r.count, 0)).toBe(expected.records.total);
    // Every record that carries eventCategory is decided by it.
    const declared = raw.filter((r) => typeof r["eventCategory"] === "string").length;
    expect(rep.rules.category.filter((r) => r.rule === "eventCategory").reduce((s, r) => s + r.count, 0)).toBe(declared);
  });

  it("--cost prices the events under the published table", async () => {
    const rep = await report(["--cost"]);
    const cats = expected.records.byCategory;
    const mgmt = rep.categories.find((c) => c.category === "Management")!;
    const line = (item: string) => rep.cost!.lines.find((l) => l.item === item)!;
    expect(line("Management events")).toMatchObject({ events: cats["Management"], cost: 0 });
    expect(line("Data events").events).toBe(cats["Data"]);
    expect(line("Data events").cost).toBeCloseTo((cats["Data"]! / 100_000) * 0.1, 12);
    expect(line("Network activity events").cost).toBeCloseTo(((cats["NetworkActivity"] ?? 0) / 100_000) * 0.1, 12);
    // The fixture holds Insights events, so both Insights types are assumed on: writes are
    // analysed twice (call rate and error rate), reads once.
    expect(rep.cost!.assumptions).toEqual({ managementCopy: "first", insights: "both" });
    const analysed = mgmt.write + mgmt.unknown + mgmt.count;
    expect(line("Insights: management events analysed").events).toBe(analysed);
    const total = ((cats["Data"]! + (cats["NetworkActivity"] ?? 0)) * 0.1 + analysed * 0.35) / 100_000;
    expect(rep.cost!.total).toBeCloseTo(total, 12);
    const extra = await report(["--cost", "--management-copy", "additional", "--insights", "none", "--price-data", "1"]);
    expect(extra.cost!.total).toBeCloseTo((cats["Management"]! * 2 + cats["Data"]! * 1 + (cats["NetworkActivity"] ?? 0) * 0.1) / 100_000, 12);
  });

  it("--top-resources ranks buckets, tables and functions by data events", async () => {
    const rep = await report(["--top-resources", "50"]);
    expect(rep.topResources!.dataEvents).toBe(expected.records.byCategory["Data"]);
    const total = rep.topResources!.rows.reduce((s, r) => s + r.events, 0) + rep.topResources!.unattributed;
    expect(total).toBe(expected.records.byCategory["Data"]);
    // S3 object-level data events, counted per bucket straight from the raw records.
    const objectApis = new Set(["GetObject", "PutObject", "DeleteObject", "CopyObject", "HeadObject", "ListObjects"]);
    const buckets = new Map<string, number>();
    for (const r of raw) {
      if (r["eventSource"] !== "s3.amazonaws.com" || !objectApis.has(r["eventName"]) || r["eventType"] === "AwsVpceEvent") continue;
      const arn = `arn:aws:s3:::${r["requestParameters"]["bucketName"]}`;
      buckets.set(arn, (buckets.get(arn) ?? 0) + 1);
    }
    const s3Rows = rep.topResources!.rows.filter((r) => r.resource.startsWith("arn:aws:s3:::"));
    expect(Object.fromEntries(s3Rows.map((r) => [r.resource, r.events]))).toEqual(Object.fromEntries(buckets));
    const top1 = await report(["--top-resources", "1"]);
    const busiest = Math.max(...rep.topResources!.rows.map((r) => r.events));
    expect(top1.topResources!.rows).toHaveLength(1);
    expect(top1.topResources!.rows[0]!.events).toBe(busiest);
  });

  it("--selectors keeps only the top resources, S3 buckets by ARN prefix", async () => {
    const rep = await report(["--top-resources", "2", "--selectors"]);
    const values = rep.selectors!.selectors.flatMap((s) => s.FieldSelectors.filter((f) => f.Field === "resources.ARN"));
    const listed = values.flatMap((f) => f.StartsWith ?? f.Equals ?? []).sort();
    const want = rep.topResources!.rows.map((r) => (r.resource.startsWith("arn:aws:s3:::") ? `${r.resource}/` : r.resource)).sort();
    expect(listed).toEqual(want);
    for (const s of rep.selectors!.selectors) expect(s.FieldSelectors[0]).toEqual({ Field: "eventCategory", Equals: ["Data"] });
  });

  it("ndjson prints every record unchanged plus its classification under _ct", async () => {
    const r = await runCt(["classify", "-j", "1", "-o", "ndjson", B]);
    expect(r.code).toBe(0);
    const out = parseNdjson(r.stdout);
    expect(out).toHaveLength(expected.records.total);
    const counts: Record<string, number> = {};
    for (const rec of out) counts[rec["_ct"]["category"]] = (counts[rec["_ct"]["category"]] ?? 0) + 1;
    expect(counts).toEqual(Object.fromEntries(Object.entries(expected.records.byCategory)));
    const byId = new Map(raw.map((x) => [idOf(x), x]));
    for (const rec of out) {
      const { _ct, ...record } = rec;
      expect(record).toEqual(byId.get(idOf(rec)));
      expect(Object.keys(_ct).sort()).toEqual(["category", "categoryRule", "eventType", "principal", "principalType", "readWrite", "readWriteRule"]);
    }
  });

  it("csv prints one table: the rows, or the --cost table", async () => {
    const rows = await runCt(["classify", "-j", "1", "-o", "csv", B]);
    const lines = rows.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("category,readWrite,eventSource,events,share");
    const rep = await report([]);
    expect(lines).toHaveLength(rep.rows.length + 1);
    const first = rep.rows[0]!;
    expect(lines[1]).toBe(`${first.category},${first.readWrite},${first.eventSource},${first.count},${first.share}`);
    const cost = await runCt(["classify", "-j", "1", "-o", "csv", "--cost", B]);
    expect(cost.stdout.split("\n")[0]).toBe("item,events,usd_per_100k,cost_usd,note");
  });

  it("text shows the category table and each category's sources", async () => {
    const r = await runCt(["classify", "-j", "1", "--top", "2", B]);
    expect(r.code).toBe(0);
    const cats = expected.records.byCategory;
    expect(r.stdout).toContain(`Events by category  ${expected.records.total} events`);
    expect(r.stdout).toMatch(new RegExp(`^Data +${cats["Data"]} `, "m"));
    expect(r.stdout).toContain(`Management: ${cats["Management"]} events by read/write and event source`);
    expect(r.stdout).toMatch(/more rows \(--top 0 shows all\)/);
    // Not a terminal: no colour codes.
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("two worker threads give exactly the single-threaded answer", async () => {
    const one = await runCt(["classify", "-j", "1", "-o", "json", "--cost", "--top-resources", "5", B]);
    const two = await runCt(["classify", "-j", "2", "-o", "json", "--cost", "--top-resources", "5", B]);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe("ct classify usage errors", () => {
  const cases: Array<[string[], RegExp]> = [
    [["-o", "xml"], /--output.*"xml" is not one of text, table, json, ndjson, csv/],
    [["-o", "csv", "--cost", "--explain"], /csv holds one table/],
    [["-o", "csv", "--selectors"], /selectors are JSON/],
    [["--price-data", "ten"], /--price-data.*not a price/],
    [["--top-resources", "0"], /--top-resources.*at least 1/],
    [["--insights", "sometimes"], /sometimes/],
  ];
  for (const [args, message] of cases) {
    it(`rejects ${args.join(" ")} with exit 2`, async () => {
      const r = await runCt(["classify", "-j", "1", ...args, B]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }

  it("exits 2 when no log file can be found", async () => {
    const r = await runCt(["classify", "-j", "1", "fixtures/no-such-dir"]);
    expect(r.code).toBe(2);
  });
});
