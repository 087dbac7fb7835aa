// In-process CLI tests of `ct lookup` against the committed fixture bucket. Expected answers are
// computed here from the raw fixture records (plain zlib + JSON.parse), or taken from the
// generator's own summary, never from ct's code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Raw, fixtureRecords, idOf, logRecords, parseNdjson, sortedIds } from "../helpers/fixture-records.js";
import { FIXTURE_BUCKET, ROOT, runCt } from "../helpers/run-ct.js";

const B = "fixtures/bucket";
const summary = JSON.parse(readFileSync(path.join(ROOT, "fixtures/expected/summary.json"), "utf8")) as {
  eventIDs: { alice: string[] };
  records: { total: number; byCategory: Record<string, number> };
};

async function ndjson(args: string[]): Promise<Raw[]> {
  const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", ...args, B]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return parseNdjson(r.stdout);
}

const recs = logRecords();
const ids = (pred: (r: Raw) => boolean) => sortedIds(recs.filter(pred));
const sessionOf = (r: Raw) => /:assumed-role\/[^/]+\/(.+)$/.exec(r["userIdentity"]?.["arn"] ?? "")?.[1];

describe("ct lookup on the fixture bucket", () => {
  it("reads every CloudTrail record (Insight files only on request)", async () => {
    const all = await ndjson(["--sort", "none"]);
    const insights = summary.records.byCategory["Insight"]!;
    expect(all).toHaveLength(summary.records.total - insights);
    expect(sortedIds(all)).toEqual(sortedIds(recs));
  });

  it("--user alice finds the generator's list of alice's events, newest first", async () => {
    const out = await ndjson(["--user", "alice"]);
    expect(sortedIds(out)).toEqual([...summary.eventIDs.alice].sort());
    const times = out.map((r) => Date.parse(r["eventTime"]));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
  });

  it("--user matches IAM user names and role session names; a repeated flag ORs", async () => {
    const bob = ids((r) => r["userIdentity"]?.["userName"] === "bob" || sessionOf(r) === "bob");
    expect(sortedIds(await ndjson(["--user", "bob"]))).toEqual(bob);
    const both = sortedIds(await ndjson(["--user", "bob", "--user", "alice"]));
    expect(both).toEqual([...bob, ...summary.eventIDs.alice].sort());
    const root = ids((r) => r["userIdentity"]?.["type"] === "Root");
    expect(root.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--user", "root"]))).toEqual(root);
    const admin = ids((r) => r["userIdentity"]?.["sessionContext"]?.["sessionIssuer"]?.["userName"] === "Admin");
    expect(admin.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--user", "Admin"]))).toEqual(admin);
  });

  it("--event-name, with wildcards and comma lists", async () => {
    expect(sortedIds(await ndjson(["--event-name", "ConsoleLogin"]))).toEqual(ids((r) => r["eventName"] === "ConsoleLogin"));
    expect(sortedIds(await ndjson(["--event-name", "Describe*"]))).toEqual(ids((r) => /^Describe/.test(r["eventName"] ?? "")));
    expect(sortedIds(await ndjson(["--event-name", "GetObject,PutObject"]))).toEqual(
      ids((r) => r["eventName"] === "GetObject" || r["eventName"] === "PutObject"),
    );
  });

  it("--event-source accepts the short and the full service name", async () => {
    const iam = ids((r) => r["eventSource"] === "iam.amazonaws.com");
    expect(iam.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--event-source", "iam"]))).toEqual(iam);
    expect(sortedIds(await ndjson(["--event-source", "iam.amazonaws.com"]))).toEqual(iam);
  });

  it("--event-id finds one event, aggregated events' eventId included", async () => {
    const target = recs.find((r) => r["eventName"] === "CreateUser")!;
    expect(sortedIds(await ndjson(["--event-id", target["eventID"]]))).toEqual([target["eventID"]]);
    const agg = recs.find((r) => r["eventCategory"] === "Aggregated")!;
    expect(agg["eventId"]).toBeDefined();
    expect(sortedIds(await ndjson(["--event-id", agg["eventId"]]))).toEqual([agg["eventId"]]);
  });

  it("--read-only and --write-only split the records that declare readOnly", async () => {
    const ro = await ndjson(["--read-only"]);
    const wo = await ndjson(["--write-only"]);
    for (const r of ro) if ("readOnly" in r) expect(r["readOnly"]).toBe(true);
    for (const r of wo) if ("readOnly" in r) expect(r["readOnly"]).toBe(false);
    expect(ro.filter((r) => "readOnly" in r)).toHaveLength(recs.filter((r) => r["readOnly"] === true).length);
    expect(wo.filter((r) => "readOnly" in r)).toHaveLength(recs.filter((r) => r["readOnly"] === false).length);
    const overlap = sortedIds(ro).filter((id) => sortedIds(wo).includes(id));
    expect(overlap).toEqual([]);
  });

  it("--resource-type and --resource-name look in resources[] and requestParameters", async () => {
    expect(sortedIds(await ndjson(["--resource-type", "AWS::S3::Object"]))).toEqual(
      ids((r) => (r["resources"] ?? []).some((x: Raw) => x["type"] === "AWS::S3::Object")),
    );
    const fn = recs.find((r) => (r["resources"] ?? []).some((x: Raw) => x["type"] === "AWS::Lambda::Function"))!;
    const arn = fn["resources"].find((x: Raw) => x["type"] === "AWS::Lambda::Function")["ARN"] as string;
    const byArn = await ndjson(["--resource-name", arn]);
    expect(byArn.map(idOf)).toContain(fn["eventID"]);
    const bucket = recs.find((r) => r["eventName"] === "CreateBucket")!;
    const name = bucket["requestParameters"]["bucketName"] as string;
    expect((await ndjson(["--resource-name", name])).map(idOf)).toContain(bucket["eventID"]);
  });

  it("--access-key, --account, --region", async () => {
    expect(sortedIds(await ndjson(["--access-key", "AKIAIVJSLASIHLVLHEFU"]))).toEqual(
      ids((r) => r["userIdentity"]?.["accessKeyId"] === "AKIAIVJSLASIHLVLHEFU"),
    );
    const org = ids((r) => (r["recipientAccountId"] ?? r["accountId"]) === "444455556666");
    expect(org.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--account", "444455556666"]))).toEqual(org);
    expect(sortedIds(await ndjson(["--region", "eu-west-1"]))).toEqual(ids((r) => r["awsRegion"] === "eu-west-1"));
    expect(sortedIds(await ndjson(["--region", "eu-west-1,ap-northeast-1"]))).toEqual(
      ids((r) => r["awsRegion"] === "eu-west-1" || r["awsRegion"] === "ap-northeast-1"),
    );
  });

  it("--source-ip takes addresses and IPv4 / IPv6 CIDR blocks", async () => {
    expect(sortedIds(await ndjson(["--source-ip", "198.51.100.0/24"]))).toEqual(
      ids((r) => /^198\.51\.100\./.test(r["sourceIPAddress"] ?? "")),
    );
    const v6 = ids((r) => (r["sourceIPAddress"] ?? "").startsWith("2001:db8:"));
    expect(v6.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--source-ip", "2001:db8::/32"]))).toEqual(v6);
    expect(sortedIds(await ndjson(["--source-ip", "203.0.113.77"]))).toEqual(ids((r) => r["sourceIPAddress"] === "203.0.113.77"));
  });

  it("--error, --error=CODE, --error-code with wildcards, --no-error", async () => {
    const failed = ids((r) => typeof r["errorCode"] === "string");
    expect(failed.length).toBeGreaterThan(0);
    expect(sortedIds(await ndjson(["--error"]))).toEqual(failed);
    expect(sortedIds(await ndjson(["--error=AccessDenied"]))).toEqual(ids((r) => r["errorCode"] === "AccessDenied"));
    expect(sortedIds(await ndjson(["--error-code", "*UnauthorizedOperation"]))).toEqual(
      ids((r) => /UnauthorizedOperation$/.test(r["errorCode"] ?? "")),
    );
    expect(sortedIds(await ndjson(["--no-error"]))).toEqual(ids((r) => typeof r["errorCode"] !== "string"));
  });

  it("--category uses the classifier, so records without eventCategory are found too", async () => {
    const data = await ndjson(["--category", "data"]);
    expect(data).toHaveLength(summary.records.byCategory["Data"]!);
    expect(data.some((r) => !("eventCategory" in r))).toBe(true);
    expect(await ndjson(["--category", "network"])).toHaveLength(summary.records.byCategory["NetworkActivity"]!);
    expect(await ndjson(["--category", "aggregated"])).toHaveLength(summary.records.byCategory["Aggregated"]!);
    const insight = await ndjson(["--category", "insight"]);
    expect(insight).toHaveLength(summary.records.byCategory["Insight"]!);
    expect(sortedIds(insight)).toEqual(
      sortedIds(fixtureRecords().filter((r) => r.folder === "CloudTrail-Insight").map((r) => r.record)),
    );
  });

  it("--since/--until: ISO datetimes, dates and relative times against a pinned clock", async () => {
    const inWindow = (a: string, b: string) =>
      ids((r) => {
        const t = Date.parse(r["eventTime"] ?? r["timeWindow"]?.["windowStart"]);
        return t >= Date.parse(a) && t <= Date.parse(b);
      });
    expect(sortedIds(await ndjson(["--since", "2026-03-02T06:00:00Z", "--until", "2026-03-02T18:00:00Z"]))).toEqual(
      inWindow("2026-03-02T06:00:00Z", "2026-03-02T18:00:00Z"),
    );
    expect(sortedIds(await ndjson(["--since", "2026-03-02", "--until", "2026-03-02"]))).toEqual(
      inWindow("2026-03-02T00:00:00Z", "2026-03-02T23:59:59.999Z"),
    );
    // Pinned now = 2026-03-04T00:00:00Z, so 36h is 2026-03-02T12:00:00Z.
    expect(sortedIds(await ndjson(["--since", "36h"]))).toEqual(inWindow("2026-03-02T12:00:00Z", "2026-03-04T00:00:00Z"));
  });

  it("--limit keeps the newest N; --sort asc the oldest; --sort none streams in file order", async () => {
    const byTime = [...recs]
      .filter((r) => r["eventTime"] || r["timeWindow"])
      .sort((a, b) => Date.parse(b["eventTime"] ?? b["timeWindow"]["windowStart"]) - Date.parse(a["eventTime"] ?? a["timeWindow"]["windowStart"]));
    const newest = await ndjson(["--limit", "5"]);
    expect(newest.map((r) => r["eventTime"])).toEqual(byTime.slice(0, 5).map((r) => r["eventTime"]));
    const oldest = await ndjson(["--limit", "3", "--sort", "asc"]);
    const asc = [...byTime].reverse();
    expect(oldest.map((r) => r["eventTime"] ?? r["timeWindow"]["windowStart"])).toEqual(
      asc.slice(0, 3).map((r) => r["eventTime"] ?? r["timeWindow"]["windowStart"]),
    );
    const streamed = await ndjson(["--sort", "none", "--limit", "4"]);
    expect(streamed.map(idOf)).toEqual(recs.slice(0, 4).map(idOf));
  });

  it("--lookup-attributes as the AWS CLI spells it", async () => {
    expect(
      sortedIds(await ndjson(["--lookup-attributes", "AttributeKey=EventName,AttributeValue=ConsoleLogin"])),
    ).toEqual(ids((r) => r["eventName"] === "ConsoleLogin"));
    expect(
      sortedIds(await ndjson(["--lookup-attributes", '[{"AttributeKey":"Username","AttributeValue":"bob"}]'])),
    ).toEqual(sortedIds(await ndjson(["--user", "bob"])));
  });

  it("--debug names the text a record must hold to be parsed; --check-all parses every record, with the same answer", async () => {
    const base = ["lookup", "-j", "1", "-o", "ndjson", "--debug", "--user", "alice", "--event-name", "Get*,Put*", B];
    const fast = await runCt(base);
    expect(fast.code).toBe(0);
    expect(fast.stderr).toContain(
      'ct: parsing only the records whose text holds "Get" or "Put", and "alice" (--check-all parses every record)\n',
    );
    const all = await runCt([...base, "--check-all"]);
    expect(all.stderr).not.toContain("parsing only");
    expect(all.stdout).toBe(fast.stdout);
    expect(parseNdjson(fast.stdout).length).toBeGreaterThan(0);
    const plain = await runCt(["lookup", "-j", "1", "-o", "ndjson", "--debug", "--since", "2026-03-02", B]);
    expect(plain.stderr).not.toContain("parsing only");
  });

  it("two worker threads give exactly the single-threaded answer", async () => {
    const one = await runCt(["lookup", "-j", "1", "-o", "ndjson", B]);
    const two = await runCt(["lookup", "-j", "2", "-o", "ndjson", B]);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
});

describe("ct lookup output formats", () => {
  it("ndjson prints each raw record unchanged", async () => {
    const out = await ndjson(["--event-name", "CreateUser"]);
    const raw = recs.filter((r) => r["eventName"] === "CreateUser");
    expect(out.map((r) => JSON.stringify(r)).sort()).toEqual(raw.map((r) => JSON.stringify(r)).sort());
  });

  it("json is one array of the raw records", async () => {
    const r = await runCt(["lookup", "-j", "1", "-o", "json", "--event-name", "ConsoleLogin", B]);
    const arr = JSON.parse(r.stdout) as Raw[];
    expect(sortedIds(arr)).toEqual(ids((x) => x["eventName"] === "ConsoleLogin"));
    const none = await runCt(["lookup", "-j", "1", "-o", "json", "--event-name", "NoSuchEvent", B]);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it("text shows time, event, user, source, region, resource, ip, error per line, uncoloured in a pipe", async () => {
    const target = recs.find((r) => r["errorCode"] === "AccessDenied")!;
    const r = await runCt(["lookup", "-j", "1", "-o", "text", "--event-id", target["eventID"], B]);
    const line = r.stdout.trimEnd();
    expect(line.split("\n")).toHaveLength(1);
    expect(line.startsWith(`${target["eventTime"]}  ${target["eventName"]}`)).toBe(true);
    expect(line).toContain(target["awsRegion"]);
    expect(line).toContain(target["sourceIPAddress"]);
    expect(line.endsWith("AccessDenied")).toBe(true);
    expect(line).not.toContain("\x1b[");
  });

  it("text is coloured on a terminal, and never with NO_COLOR", async () => {
    const args = ["lookup", "-j", "1", "-o", "text", "--error", B];
    const tty = await runCt(args, { stdoutTTY: true });
    expect(tty.stdout).toContain("\x1b[31m");
    const noColor = await runCt(args, { stdoutTTY: true, env: { NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\x1b[");
    const forced = await runCt(args, { stdoutTTY: false, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\x1b[");
  });

  it("the default format is text on a terminal and ndjson in a pipe", async () => {
    const piped = await runCt(["lookup", "-j", "1", "--event-name", "CreateUser", B]);
    expect(() => parseNdjson(piped.stdout)).not.toThrow();
    const tty = await runCt(["lookup", "-j", "1", "--event-name", "CreateUser", "--color", "never", B], { stdoutTTY: true });
    expect(tty.stdout.startsWith("2026-")).toBe(true);
  });

  it("table has a header row and one row per event", async () => {
    const r = await runCt(["lookup", "-j", "1", "-o", "table", "--event-name", "ConsoleLogin", "--color", "never", B]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ time\s+│ event\s+│ user\s+│ source\s+│ region\s+│ resource\s+│ ip\s+│ error\s+│/);
    expect(r.stdout.match(/│ ConsoleLogin/g)).toHaveLength(ids((x) => x["eventName"] === "ConsoleLogin").length);
  });

  it("csv has a header and chosen --fields, including record paths", async () => {
    const r = await runCt(["lookup", "-j", "1", "-o", "csv", "--fields", "eventid,event,userIdentity.type", "--event-name", "ConsoleLogin", B]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("eventid,event,userIdentity.type");
    const expected = recs.filter((x) => x["eventName"] === "ConsoleLogin").map((x) => `${x["eventID"]},ConsoleLogin,${x["userIdentity"]["type"]}`);
    expect(lines.slice(1).sort()).toEqual(expected.sort());
  });

  it("ndjson with --fields prints objects of those fields", async () => {
    const out = await ndjson(["--fields", "time,user,userIdentity.arn", "--event-name", "CreateAccessKey"]);
    const raw = recs.filter((x) => x["eventName"] === "CreateAccessKey");
    expect(out).toHaveLength(raw.length);
    expect(Object.keys(out[0]!)).toEqual(["time", "user", "userIdentity.arn"]);
    expect(out[0]!["userIdentity.arn"]).toBe(raw[0]!["userIdentity"]["arn"]);
  });
});

describe("ct lookup usage errors and exit codes", () => {
  const cases: [string[], RegExp][] = [
    [["--since", "yesterdayish"], /^ct: --since: cannot parse "yesterdayish"/],
    [["--since", "2026-03-03", "--until", "2026-03-01"], /^ct: --since: .* is after --until/],
    [["--category", "billing"], /^ct: --category: unknown category "billing"/],
    [["--limit", "ten"], /^ct: --limit: "ten" is not a whole number/],
    [["--source-ip", "300.1.1.1"], /^ct: --source-ip: "300.1.1.1" is not an IP address or CIDR block/],
    [["--read-only", "--write-only"], /^ct: --read-only: --read-only and --write-only exclude each other/],
    [["--output", "xml"], /error: option .*--output|ct: --output: "xml" is not one of/],
    [["--frobnicate"], /unknown option '--frobnicate'/],
    [["--account", "12345"], /^ct: --account: "12345" is not a 12-digit AWS account id/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(" ")} → exit 2 with a message naming the flag`, async () => {
      const r = await runCt(["lookup", ...args, B]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it("no match is success (0); with -e it is 1", async () => {
    expect((await runCt(["lookup", "--user", "nobody", B])).code).toBe(0);
    expect((await runCt(["lookup", "-e", "--user", "nobody", B])).code).toBe(1);
  });

  it("--help shows examples and the exit codes", async () => {
    const r = await runCt(["lookup", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("130  interrupted");
    expect(r.stdout).toContain("--lookup-attributes");
  });

  it("a window outside the data reads no file and says why", async () => {
    const r = await runCt(["lookup", "--since", "2025-01-01", "--until", "2025-01-02", B]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/no log file was read: \d+ files or folders were ruled out by their path/);
  });

  it("reads stdin for -", async () => {
    const file = fixtureRecords().find((r) => r.folder === "CloudTrail")!.file;
    const text = JSON.stringify({ Records: [recs[0]] });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", "-"], { stdin: text });
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout).map(idOf)).toEqual([idOf(recs[0]!)]);
    const gz = await runCt(["lookup", "-j", "1", "-o", "ndjson", "-"], { stdin: readFileSync(file) });
    expect(gz.code).toBe(0);
    expect(parseNdjson(gz.stdout).length).toBeGreaterThan(0);
  });

  it("an explicit file is read whatever its path; the bucket path works from another cwd", async () => {
    const file = fixtureRecords().find((r) => r.folder === "CloudTrail")!.file;
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", file]);
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout).length).toBeGreaterThan(0);
    const abs = await runCt(["lookup", "-j", "1", "-o", "ndjson", "--user", "alice", FIXTURE_BUCKET], { cwd: "/" });
    expect(parseNdjson(abs.stdout)).toHaveLength(summary.eventIDs.alice.length);
  });
});

describe("ct lookup account column", () => {
  it("uses the account in the file's path for records that name none, sorted or streamed", async () => {
    const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const dir = mkdtempSync(path.join(os.tmpdir(), "ct-acct-"));
    const folder = path.join(dir, "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/01");
    mkdirSync(folder, { recursive: true });
    const rec = { eventTime: "2026-03-01T10:00:00Z", eventName: "GetUser", eventSource: "iam.amazonaws.com", eventID: "x1" };
    writeFileSync(path.join(folder, "123456789012_CloudTrail_us-east-1_20260301T1005Z_abc.json"), JSON.stringify({ Records: [rec] }));
    try {
      for (const sort of ["desc", "none"]) {
        const r = await runCt(["lookup", "-j", "1", "-o", "csv", "--sort", sort, "--fields", "eventid,account", dir]);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe("eventid,account\nx1,123456789012\n");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
