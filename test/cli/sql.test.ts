// In-process CLI tests of `ct sql` against the committed fixture bucket. Every expected answer is
// computed here from the raw fixture records (plain zlib + JSON.parse) or taken from the
// generator's summary, never from ct's code. The missing-DuckDB case injects a failing loader.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { resolveSql, runSql } from "../../src/cli/commands/sql.js";
import type { Io, OutStream } from "../../src/io.js";
import { CtError, InternalError } from "../../src/errors.js";
import { MissingDuckDbError } from "../../src/sql/duckdb.js";
import { NAMED_QUERIES } from "../../src/sql/named-queries.js";
import { type Raw, idOf, logRecords, parseNdjson } from "../helpers/fixture-records.js";
import { ROOT, runCt } from "../helpers/run-ct.js";

const B = "fixtures/bucket";
const summary = JSON.parse(readFileSync(path.join(ROOT, "fixtures/expected/summary.json"), "utf8")) as {
  records: { byCategory: Record<string, number> };
};
const recs = logRecords();

async function sql(statement: string, ...flags: string[]): Promise<Raw[]> {
  const r = await runCt(["sql", statement, "-j", "1", "-o", "ndjson", ...flags, B]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return parseNdjson(r.stdout);
}

const countBy = (values: readonly string[]) => {
  const m: Record<string, number> = {};
  for (const v of values) m[v] = (m[v] ?? 0) + 1;
  return m;
};

describe("ct sql on the fixture bucket", () => {
  it("counts alice's calls as IAM user alice (the benchmark question)", async () => {
    const [row] = await sql("SELECT count(*) AS n FROM events WHERE useridentity.username = 'alice'");
    const expected = recs.filter((r) => r["userIdentity"]?.["userName"] === "alice").length;
    expect(expected).toBeGreaterThan(0);
    expect(row).toEqual({ n: expected });
  });

  it("loads every CloudTrail record once, and the cloudtrail_logs view sees the same rows", async () => {
    const [row] = await sql("SELECT count(*) AS n, count(DISTINCT eventid) AS ids, (SELECT count(*) FROM cloudtrail_logs) AS athena FROM events");
    const insights = summary.records.byCategory["Insight"]!;
    expect(recs).toHaveLength(321 - insights);
    // Aggregated events spell it eventId; the eventid column takes either.
    expect(recs.every((r) => typeof idOf(r) === "string")).toBe(true);
    expect(row).toEqual({ n: recs.length, ids: new Set(recs.map(idOf)).size, athena: recs.length });
  });

  it("has Athena's CloudTrail columns in the DDL's order, then ct's columns", async () => {
    const rows = await sql("SELECT column_name, column_type FROM (DESCRIBE events)");
    expect(rows.map((r) => r["column_name"])).toEqual([
      "eventversion", "useridentity", "eventtime", "eventsource", "eventname", "awsregion", "sourceipaddress", "useragent",
      "errorcode", "errormessage", "requestparameters", "responseelements", "additionaleventdata", "requestid", "eventid",
      "readonly", "resources", "eventtype", "apiversion", "recipientaccountid", "serviceeventdetails", "sharedeventid",
      "vpcendpointid", "vpcendpointaccountid", "eventcategory", "addendum", "sessioncredentialfromconsole",
      "edgedevicedetails", "tlsdetails", "category", "account", "region", "date", "record",
    ]);
    const types = Object.fromEntries(rows.map((r) => [r["column_name"], r["column_type"]]));
    expect(types["eventtime"]).toBe("VARCHAR");
    expect(types["readonly"]).toBe("VARCHAR");
    expect(types["resources"]).toBe('STRUCT(arn VARCHAR, accountid VARCHAR, "type" VARCHAR)[]');
    expect(types["useridentity"]).toMatch(/^STRUCT\("type" VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR, accesskeyid VARCHAR, username VARCHAR, onbehalfof STRUCT/);
    expect(types["record"]).toBe("JSON");
  });

  it("fills nested fields, JSON-text fields and Athena's string booleans from the records", async () => {
    const rows = await sql(
      "SELECT eventid, useridentity.sessioncontext.sessionissuer.username AS issuer, useridentity.sessioncontext.attributes.mfaauthenticated AS mfa, readonly, requestparameters, additionaleventdata, resources, tlsdetails.tlsversion AS tls, eventtime FROM events",
    );
    expect(rows).toHaveLength(recs.length);
    const byId = new Map(recs.map((r) => [idOf(r), r]));
    let withResources = 0;
    for (const row of rows) {
      const raw = byId.get(row["eventid"])!;
      expect(raw).toBeDefined();
      expect(row["issuer"]).toBe(raw["userIdentity"]?.["sessionContext"]?.["sessionIssuer"]?.["userName"] ?? null);
      const mfa = raw["userIdentity"]?.["sessionContext"]?.["attributes"]?.["mfaAuthenticated"];
      expect(row["mfa"]).toBe(mfa === undefined || mfa === null ? null : String(mfa));
      expect(row["readonly"]).toBe(raw["readOnly"] === undefined || raw["readOnly"] === null ? null : String(raw["readOnly"]));
      const rp = raw["requestParameters"];
      if (rp === undefined || rp === null) expect(row["requestparameters"]).toBeNull();
      else expect(JSON.parse(row["requestparameters"])).toEqual(rp);
      const aed = raw["additionalEventData"];
      if (typeof aed === "string") expect(row["additionaleventdata"]).toBe(aed);
      else if (aed !== undefined && aed !== null) expect(JSON.parse(row["additionaleventdata"])).toEqual(aed);
      expect(row["tls"]).toBe(raw["tlsDetails"]?.["tlsVersion"] ?? null);
      expect(row["eventtime"]).toBe(raw["eventTime"] ?? null);
      const res = (raw["resources"] ?? []) as Raw[];
      if (res.length > 0) {
        withResources++;
        expect(row["resources"]).toEqual(res.map((x) => ({ arn: x["ARN"] ?? null, accountid: x["accountId"] ?? null, type: x["type"] ?? null })));
      }
    }
    expect(withResources).toBeGreaterThan(0);
  });

  it("record holds the raw record; account, region, date and category are ct's", async () => {
    const rows = await sql("SELECT record, account, region, date, category FROM events");
    const byId = new Map(recs.map((r) => [idOf(r), r]));
    for (const row of rows) {
      const raw = byId.get(idOf(row["record"]))!;
      expect(row["record"]).toEqual(raw);
      const t = raw["eventTime"] ?? raw["timeWindow"]?.["windowStart"];
      expect(row["date"]).toBe(new Date(Date.parse(t)).toISOString().slice(0, 10));
      expect(row["region"]).toBe(raw["awsRegion"]);
      expect(row["account"]).toMatch(/^\d{12}$/);
    }
    const cats = countBy(rows.map((r) => r["category"]));
    const { Insight: _, ...expected } = summary.records.byCategory;
    expect(cats).toEqual(expected);
    const accounts = countBy(rows.map((r) => r["account"]));
    expect(accounts["444455556666"]).toBe(recs.filter((r) => (r["recipientAccountId"] ?? r["accountId"]) === "444455556666").length);
  });

  it("groups and orders like any SQL engine", async () => {
    const rows = await sql("SELECT eventname, count(*) AS n FROM events WHERE eventname IS NOT NULL GROUP BY eventname ORDER BY n DESC, eventname");
    const expected = countBy(recs.map((r) => r["eventName"]).filter((n): n is string => typeof n === "string"));
    expect(Object.fromEntries(rows.map((r) => [r["eventname"], r["n"]]))).toEqual(expected);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!["n"]).toBeLessThanOrEqual(rows[i - 1]!["n"]);
  });

  it("applies --since/--until and --account in the readers, before SQL", async () => {
    const [row] = await sql("SELECT count(*) AS n FROM events", "--since", "2026-03-02", "--until", "2026-03-02");
    const inDay = recs.filter((r) => {
      const t = Date.parse(r["eventTime"] ?? r["timeWindow"]?.["windowStart"]);
      return t >= Date.parse("2026-03-02T00:00:00Z") && t <= Date.parse("2026-03-02T23:59:59.999Z");
    });
    expect(row).toEqual({ n: inDay.length });
    const [org] = await sql("SELECT count(*) AS n, min(account) AS a, max(account) AS b FROM events", "--account", "444455556666");
    expect(org).toEqual({ n: recs.filter((r) => (r["recipientAccountId"] ?? r["accountId"]) === "444455556666").length, a: "444455556666", b: "444455556666" });
    const [iam] = await sql("SELECT count(*) AS n FROM events", "--event-source", "iam");
    expect(iam).toEqual({ n: recs.filter((r) => r["eventSource"] === "iam.amazonaws.com").length });
  });

  it("reads with worker threads the same as inline", async () => {
    const r = await runCt(["sql", "SELECT eventid FROM events ORDER BY eventid", "-j", "2", "-o", "csv", B]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["eventid", ...recs.map(idOf).sort()]);
  });

  it("csv quotes and neutralises formulas; json is one array; table on a terminal", async () => {
    const csv = await runCt(["sql", "SELECT '=1+1' AS f, 'a,b' AS g, 3 AS n", "-o", "csv", B]);
    expect(csv.stdout).toBe("f,g,n\n'=1+1,\"a,b\",3\n");
    const json = await runCt(["sql", "SELECT 1 AS a UNION ALL SELECT 2 ORDER BY a", "-o", "json", B]);
    expect(JSON.parse(json.stdout)).toEqual([{ a: 1 }, { a: 2 }]);
    const table = await runCt(["sql", "SELECT 'x\u001b[31m' AS s", B], { stdoutTTY: true });
    expect(table.stdout).toContain("x\\x1b[31m");
    expect(table.stdout).toContain("┌");
  });

  it("a table on a terminal is capped at --max-rows, with a note", async () => {
    const r = await runCt(["sql", "SELECT eventid FROM events", "-j", "1", "--max-rows", "3", B], { stdoutTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`the table shows 3 of ${recs.length} rows`);
  });

  it("an SQL error shows DuckDB's message and exits 2 before reading", async () => {
    const syntax = await runCt(["sql", "SELEC count(*) FROM events", B]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe('ct: sql: Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC count(*) FROM events\n        ^\n');
    const column = await runCt(["sql", "SELECT no_such_column FROM events", B]);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/^ct: sql: Binder Error: Referenced column "no_such_column" not found/);
    const two = await runCt(["sql", "SELECT 1; SELECT 2", B]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("one statement");
  });

  it("-e exits 1 when the result is empty", async () => {
    const r = await runCt(["sql", "SELECT eventid FROM events WHERE eventname = 'NoSuchCall'", "-j", "1", "-e", B]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
  });

  it("a statement that does not read events needs no logs", async () => {
    const r = await runCt(["sql", "SELECT 40 + 2 AS answer", "-o", "csv", "no-such-dir"]);
    expect(r).toEqual({ code: 0, stdout: "answer\n42\n", stderr: "" });
  });

  it("no statement is a usage error", async () => {
    const r = await runCt(["sql"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give a statement");
  });
});

describe("ct sql named queries", () => {
  it("--list names every query", async () => {
    const r = await runCt(["sql", "--list"]);
    expect(r.code).toBe(0);
    for (const q of NAMED_QUERIES) expect(r.stdout).toContain(q.name);
    expect(r.stdout).toContain("regions=...");
  });

  it("console-login-without-mfa finds successful IAM user and root sign-ins without MFA", async () => {
    const r = await runCt(["sql", "--query", "console-login-without-mfa", "-j", "1", "-o", "ndjson", B]);
    expect(r.code).toBe(0);
    const expected = recs.filter(
      (x) =>
        x["eventName"] === "ConsoleLogin" &&
        ["IAMUser", "Root"].includes(x["userIdentity"]?.["type"]) &&
        x["responseElements"]?.["ConsoleLogin"] === "Success" &&
        x["additionalEventData"]?.["MFAUsed"] !== "Yes",
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(parseNdjson(r.stdout).map((x) => x["eventid"]).sort()).toEqual(expected.map(idOf).sort());
  });

  it("events-outside-regions needs its parameter and binds a list", async () => {
    const missing = await runCt(["sql", "--query", "events-outside-regions", B]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--param: query events-outside-regions needs regions=");
    const r = await runCt(["sql", "--query", "events-outside-regions", "--param", "regions=us-east-1, eu-west-1", "--param", "top=1000", "-j", "1", "-o", "ndjson", B]);
    expect(r.code).toBe(0);
    const total = parseNdjson(r.stdout).reduce((n, x) => n + (x["events"] as number), 0);
    expect(total).toBe(recs.filter((x) => typeof x["awsRegion"] === "string" && !["us-east-1", "eu-west-1"].includes(x["awsRegion"])).length);
    const bad = await runCt(["sql", "--query", "top-errors", "--param", "nope=1", B]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has no parameter "nope"');
  });

  it("cross-account-access and top-errors agree with the records", async () => {
    const cross = parseNdjson((await runCt(["sql", "--query", "cross-account-access", "-j", "1", "-o", "ndjson", B])).stdout);
    const expectedCross = recs.filter((x) => {
      const caller = x["userIdentity"]?.["accountId"];
      const target = x["recipientAccountId"];
      return caller && target && caller !== target && x["userIdentity"]?.["type"] !== "AWSService";
    });
    expect(cross.reduce((n, x) => n + (x["events"] as number), 0)).toBe(expectedCross.length);
    const errors = parseNdjson((await runCt(["sql", "--query", "top-errors", "-j", "1", "-o", "ndjson", B])).stdout);
    expect(errors.reduce((n, x) => n + (x["events"] as number), 0)).toBe(recs.filter((x) => typeof x["errorCode"] === "string" && x["errorCode"] !== "").length);
  });

  it("top-api-calls-per-principal keeps top= rows per principal", async () => {
    const rows = parseNdjson((await runCt(["sql", "--query", "top-api-calls-per-principal", "--param", "top=2", "-j", "1", "-o", "ndjson", B])).stdout);
    const perPrincipal = countBy(rows.map((x) => x["principal"]));
    for (const n of Object.values(perPrincipal)) expect(n).toBeLessThanOrEqual(2);
    const alice = rows.filter((x) => x["principal"] === "arn:aws:iam::111122223333:user/alice");
    const aliceCounts = countBy(recs.filter((x) => x["userIdentity"]?.["arn"] === "arn:aws:iam::111122223333:user/alice").map((x) => x["eventName"]));
    const top = Math.max(...Object.values(aliceCounts));
    expect(alice[0]).toMatchObject({ rank: 1, calls: top });
  });

  it("--print-sql prints the statement", async () => {
    const r = await runCt(["sql", "--query", "top-errors", "--print-sql"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("FROM events");
  });
});

function memoryIo(): { io: Io; stderr: () => string } {
  const out = new PassThrough() as PassThrough & OutStream;
  const err = new PassThrough() as PassThrough & OutStream;
  const chunks: Buffer[] = [];
  err.on("data", (c: Buffer) => chunks.push(c));
  out.resume();
  const io: Io = {
    stdout: out,
    stderr: err,
    stdin: Readable.from([]) as NodeJS.ReadableStream,
    env: {},
    cwd: ROOT,
    now: () => new Date("2026-03-04T00:00:00Z"),
    signal: new AbortController().signal,
  };
  return { io, stderr: () => Buffer.concat(chunks).toString("utf8") };
}

describe("ct sql without DuckDB installed", () => {
  it("says how to add the optional dependency; the error is an input error (exit 2), not a bug", async () => {
    const { io } = memoryIo();
    const opts = resolveSql(["SELECT 1", B], { color: "never", progress: false, maxInflate: "2GiB", maxRows: "1000", memoryLimit: "1GiB" }, io);
    const notFound = Object.assign(new Error("Cannot find package '@duckdb/node-api' imported from ct"), { code: "ERR_MODULE_NOT_FOUND" });
    const err = await runSql(opts, io, { loadDuckDb: () => Promise.reject(notFound) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingDuckDbError);
    expect(err).toBeInstanceOf(CtError);
    expect(err).not.toBeInstanceOf(InternalError);
    expect((err as Error).message).toBe(
      "ct sql needs DuckDB, an optional dependency that is not installed or cannot load here (package @duckdb/node-api not found). " +
        "Add it with: npm install @duckdb/node-api (next to ct; with a global install: npm install -g @duckdb/node-api)",
    );
  });

  it("a native binding that fails to load gives the same advice with its reason", async () => {
    const { io } = memoryIo();
    const opts = resolveSql(["SELECT 1", B], { color: "never", progress: false, maxInflate: "2GiB", maxRows: "1000", memoryLimit: "1GiB" }, io);
    const err = await runSql(opts, io, { loadDuckDb: () => Promise.reject(new Error("libduckdb.so: cannot open shared object file")) }).catch((e: unknown) => e);
    expect((err as Error).message).toContain("(libduckdb.so: cannot open shared object file)");
    expect((err as Error).message).toContain("npm install @duckdb/node-api");
  });

  it("--list works without DuckDB", async () => {
    const { io } = memoryIo();
    const opts = resolveSql([], { list: true, color: "never", progress: false, maxInflate: "2GiB", maxRows: "1000", memoryLimit: "1GiB" }, io);
    const failing = () => Promise.reject(new Error("must not be called"));
    expect(await runSql(opts, io, { loadDuckDb: failing })).toBe(0);
  });
});
