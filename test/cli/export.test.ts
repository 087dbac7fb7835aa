// In-process CLI tests of `ct export`: the fixture bucket is exported to a temporary folder and
// read back with DuckDB here, then compared with the raw records (plain zlib + JSON.parse, not
// ct's reader). Also re-runs (refused, or replaced with --overwrite), NDJSON, OCSF, and the DDL
// golden files, whose DuckDB form is run against the export.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import zlib from "node:zlib";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveExport, runExport } from "../../src/cli/commands/export.js";
import type { Io, OutStream } from "../../src/io.js";
import { MissingDuckDbError } from "../../src/sql/duckdb.js";
import { type Raw, idOf, logRecords } from "../helpers/fixture-records.js";
import { FIXTURE_BUCKET, ROOT, runCt } from "../helpers/run-ct.js";

const recs = logRecords();
const byId = new Map(recs.map((r) => [idOf(r), r]));
const timeOf = (r: Raw) => Date.parse(r["eventTime"] ?? r["timeWindow"]?.["windowStart"]);
const dayOf = (r: Raw) => new Date(timeOf(r)).toISOString().slice(0, 10);
const accountOf = (r: Raw) => (r["recipientAccountId"] ?? r["accountId"]) as string;

let tmp: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "ct-export-test-"));
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(tmp, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

async function exportTo(dir: string, ...args: string[]) {
  return runCt(["export", "--to", dir, "-j", "1", ...args, FIXTURE_BUCKET]);
}

describe("ct export --format parquet (round trip)", () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(tmp, "parquet");
    const r = await exportTo(out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^ct: exported ${recs.length} events to \\d+ files in \\d+ partitions of `));
  });

  it("writes one zstd file per account=/region=/date= partition, date being eventTime's UTC day", async () => {
    const expected = [...new Set(recs.map((r) => `account=${accountOf(r)}/region=${r["awsRegion"]}/date=${dayOf(r)}/part-0.parquet`))].sort();
    expect(files(out)).toEqual(expected);
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${out}/*/*/*/*.parquet')`);
    expect(codecs.map((c) => c["compression"])).toEqual(["ZSTD"]);
  });

  it("has Athena's column names and string types; partitions are folders", async () => {
    const cols = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${out}/*/*/*/*.parquet', hive_partitioning = false))`);
    expect(cols.map((c) => c["column_name"])).toEqual([
      "eventversion", "useridentity", "eventtime", "eventsource", "eventname", "awsregion", "sourceipaddress", "useragent",
      "errorcode", "errormessage", "requestparameters", "responseelements", "additionaleventdata", "requestid", "eventid",
      "readonly", "resources", "eventtype", "apiversion", "recipientaccountid", "serviceeventdetails", "sharedeventid",
      "vpcendpointid", "vpcendpointaccountid", "eventcategory", "addendum", "sessioncredentialfromconsole",
      "edgedevicedetails", "tlsdetails", "category",
    ]);
    const leafTypes = cols.filter((c) => !["useridentity", "resources", "addendum", "tlsdetails"].includes(c["column_name"] as string));
    for (const c of leafTypes) expect(c["column_type"], c["column_name"] as string).toBe("VARCHAR");
  });

  it("reads back every record once, with the same fields", async () => {
    const rows = await query(`
      SELECT eventid, eventname, eventsource, eventtime, awsregion, sourceipaddress, errorcode, readonly, requestparameters,
             useridentity.arn AS arn, useridentity.sessioncontext.sessionissuer.username AS issuer,
             [r.arn FOR r IN coalesce(resources, [])] AS arns, account, region, "date"
      FROM read_parquet('${out}/*/*/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)`);
    expect(rows).toHaveLength(recs.length);
    expect(new Set(rows.map((r) => r["eventid"])).size).toBe(recs.length);
    for (const row of rows) {
      const raw = byId.get(row["eventid"] as string)!;
      expect(raw, String(row["eventid"])).toBeDefined();
      expect(row["eventname"]).toBe(raw["eventName"] ?? null);
      expect(row["eventsource"]).toBe(raw["eventSource"] ?? null);
      expect(row["eventtime"]).toBe(raw["eventTime"] ?? null);
      expect(row["sourceipaddress"]).toBe(raw["sourceIPAddress"] ?? null);
      expect(row["errorcode"]).toBe(raw["errorCode"] ?? null);
      expect(row["readonly"]).toBe(raw["readOnly"] === undefined || raw["readOnly"] === null ? null : String(raw["readOnly"]));
      const rp = raw["requestParameters"];
      expect(row["requestparameters"] === null ? null : JSON.parse(row["requestparameters"] as string)).toEqual(rp ?? null);
      expect(row["arn"]).toBe(raw["userIdentity"]?.["arn"] ?? null);
      expect(row["issuer"]).toBe(raw["userIdentity"]?.["sessionContext"]?.["sessionIssuer"]?.["userName"] ?? null);
      expect(row["arns"]).toEqual(((raw["resources"] ?? []) as Raw[]).map((x) => x["ARN"] ?? null));
      expect(row["account"]).toBe(accountOf(raw));
      expect(row["region"]).toBe(raw["awsRegion"]);
      expect(row["date"]).toBe(dayOf(raw));
    }
  });

  it("sorts each file by eventtime", async () => {
    const unsorted = await query(`
      SELECT filename FROM (
        SELECT filename, eventtime < lag(eventtime) OVER (PARTITION BY filename ORDER BY file_row_number) AS back
        FROM read_parquet('${out}/*/*/*/*.parquet', filename = true, file_row_number = true))
      WHERE back`);
    expect(unsorted).toEqual([]);
  });

  it("a re-run refuses existing partitions and changes nothing; --overwrite replaces them with the same rows", async () => {
    const before = files(out).map((f) => [f, statSync(path.join(out, f)).mtimeMs]);
    const again = await exportTo(out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/partitions already exported .*nothing was written: use --overwrite/);
    expect(files(out).map((f) => [f, statSync(path.join(out, f)).mtimeMs])).toEqual(before);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
    const snapshot = await query(`SELECT eventid, eventname FROM read_parquet('${out}/*/*/*/*.parquet') ORDER BY eventid`);
    const over = await exportTo(out, "--overwrite");
    expect(over.code).toBe(0);
    expect(over.stderr).toMatch(/\((\d+) replaced\)/);
    expect(files(out)).toEqual(before.map((b) => b[0]));
    expect(await query(`SELECT eventid, eventname FROM read_parquet('${out}/*/*/*/*.parquet') ORDER BY eventid`)).toEqual(snapshot);
  });

  it("days exported one run at a time add up to the whole export", async () => {
    const daily = path.join(tmp, "daily");
    for (const day of ["2026-03-01", "2026-03-02", "2026-03-03"]) {
      const r = await exportTo(daily, "--since", day, "--until", day);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(files(daily)).toEqual(files(out));
    const [row] = await query(`SELECT count(*) AS n FROM read_parquet('${daily}/*/*/*/*.parquet')`);
    expect(Number(row!["n"])).toBe(recs.length);
  });

  it("with two threads (two writes side by side) writes the same files, byte for byte", async () => {
    const two = path.join(tmp, "parquet-j2");
    const r = await exportTo(two, "-j", "2");
    expect(r.code, r.stderr).toBe(0);
    expect(files(two)).toEqual(files(out));
    for (const f of files(out)) expect(readFileSync(path.join(two, f)).equals(readFileSync(path.join(out, f))), f).toBe(true);
  });
});

describe("ct export --format ndjson", () => {
  it("writes the raw records in the same partitions, gzip when asked", async () => {
    const dir = path.join(tmp, "ndjson");
    const r = await exportTo(dir, "--format", "ndjson", "--gzip");
    expect(r.code).toBe(0);
    const all = files(dir);
    for (const f of all) expect(f).toMatch(/^account=\d{12}\/region=[a-z0-9-]+\/date=\d{4}-\d{2}-\d{2}\/part-0\.ndjson\.gz$/);
    const seen: Raw[] = [];
    for (const f of all) {
      const [acc, reg, day] = f.split("/").map((p) => p.split("=")[1]);
      for (const line of zlib.gunzipSync(readFileSync(path.join(dir, f))).toString("utf8").split("\n").filter(Boolean)) {
        const rec = JSON.parse(line) as Raw;
        expect(rec).toEqual(byId.get(idOf(rec)));
        expect([accountOf(rec), rec["awsRegion"], dayOf(rec)]).toEqual([acc, reg, day]);
        seen.push(rec);
      }
    }
    expect(seen.map(idOf).sort()).toEqual(recs.map(idOf).sort());
  });

  it("needs no DuckDB", async () => {
    const { io } = memoryIo();
    const opts = resolveExport([FIXTURE_BUCKET], { ...BASE, to: path.join(tmp, "nd2"), format: "ndjson", threads: "1" }, io);
    expect(await runExport(opts, io, { loadDuckDb: () => Promise.reject(new Error("must not load")) })).toBe(0);
  });
});

describe("ct export --format ocsf", () => {
  let dir: string;
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    dir = path.join(tmp, "ocsf");
    const r = await exportTo(dir, "--format", "ocsf");
    expect(r.code).toBe(0);
    rows = await query(`
      SELECT class_uid, activity_id, type_uid, status, time, metadata.uid AS uid, metadata.version AS version, api.operation AS op,
             api.service.name AS service, actor.user.uid AS actor, src_endpoint.ip AS ip, src_endpoint.domain AS domain,
             cloud.region AS cloud_region, is_mfa, unmapped, filename
      FROM read_parquet('${dir}/*/*/*/*/*.parquet', union_by_name = true, filename = true)`);
  });

  it("writes Security Lake's custom-source layout, one folder per class", () => {
    const all = files(dir);
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) expect(f).toMatch(/^(api_activity|authentication|account_change)\/region=[a-z0-9-]+\/accountId=\d{12}\/eventDay=\d{8}\/part-\d+\.parquet$/);
    for (const row of rows) {
      const raw = byId.get(row["uid"] as string)!;
      const rel = path.relative(dir, row["filename"] as string).split(path.sep).join("/");
      expect(rel).toContain(`/region=${raw["awsRegion"]}/accountId=${accountOf(raw)}/eventDay=${dayOf(raw).replaceAll("-", "")}/`);
      const folder = { 6003: "api_activity", 3002: "authentication", 3001: "account_change" }[row["class_uid"] as number];
      expect(rel.startsWith(`${folder}/`)).toBe(true);
    }
  });

  it("maps every record once, with the published field mapping", () => {
    expect(rows.map((r) => r["uid"]).sort()).toEqual(recs.map(idOf).sort());
    const signIn = new Set(["ConsoleLogin", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]);
    for (const row of rows) {
      const raw = byId.get(row["uid"] as string)!;
      expect(row["version"]).toBe("1.1.0");
      expect(row["op"]).toBe(raw["eventName"] ?? null);
      expect(row["service"]).toBe(raw["eventSource"] ?? null);
      expect(row["actor"]).toBe(raw["userIdentity"]?.["arn"] || null);
      expect(row["cloud_region"]).toBe(raw["awsRegion"] ?? null);
      expect(Number(row["time"])).toBe(timeOf(raw));
      expect(Number(row["type_uid"])).toBe((row["class_uid"] as number) * 100 + (row["activity_id"] as number));
      const source = raw["sourceIPAddress"] as string | undefined;
      if (source && /^[\d.]+$|:/.test(source)) expect(row["ip"]).toBe(source);
      else expect(row["domain"]).toBe(source ?? null);
      if (signIn.has(raw["eventName"])) expect(row["class_uid"]).toBe(3002);
      if (["CreateUser", "CreateRole", "CreateAccessKey"].includes(raw["eventName"])) expect(row["class_uid"]).toBe(3001);
      if (["DescribeInstances", "GetObject", "PutObject", "ListBuckets"].includes(raw["eventName"])) expect(row["class_uid"]).toBe(6003);
      const consoleResult = raw["responseElements"]?.["ConsoleLogin"];
      if (raw["eventName"] === "ConsoleLogin") {
        expect(row["status"]).toBe(consoleResult);
        expect(row["is_mfa"]).toBe(raw["additionalEventData"]?.["MFAUsed"] === "Yes");
      } else expect(row["status"]).toBe(raw["errorCode"] ? "Failure" : "Success");
      const unmapped = new Map((row["unmapped"] as { key: string; value: string }[] | null ?? []).map((e) => [e.key, e.value]));
      if (raw["tlsDetails"]) expect(JSON.parse(unmapped.get("tlsDetails")!)).toEqual(raw["tlsDetails"]);
      expect(unmapped.has("eventName")).toBe(false);
      expect(unmapped.has("requestParameters")).toBe(false);
    }
  });
});

describe("ct export --ddl (golden files)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(tmp, "ddl-export");
    expect((await exportTo(dir)).code).toBe(0);
  });

  it("athena: partition projection over the exported accounts, regions and days", async () => {
    const r = await runCt(["export", "--to", "ddl-export", "--ddl", "athena", "--location", "s3://amzn-s3-demo-bucket/cloudtrail-parquet/"], { cwd: tmp });
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/ddl/athena.sql");
  });

  it("athena without a local export projects accounts and regions from the query", async () => {
    const r = await runCt(["export", "--ddl", "athena", "--location", "s3://amzn-s3-demo-bucket/cloudtrail-parquet"], { cwd: tmp });
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/ddl/athena-injected.sql");
  });

  it("trino", async () => {
    const r = await runCt(["export", "--ddl", "trino", "--location", "s3://amzn-s3-demo-bucket/cloudtrail-parquet/", "--table", "hive.security.cloudtrail_logs"], { cwd: tmp });
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/ddl/trino.sql");
  });

  it("duckdb, and the view it creates reads the export", async () => {
    const r = await runCt(["export", "--to", "ddl-export", "--ddl", "duckdb"], { cwd: tmp });
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../golden/ddl/duckdb.sql");
    await conn.run(r.stdout.replace("'ddl-export/", `'${dir}/`));
    const [row] = await query(`SELECT count(*) AS n, count(DISTINCT account) AS a, min("date") AS d, typeof(min("date")) AS t FROM cloudtrail_logs`);
    expect(row).toEqual({ n: BigInt(recs.length), a: 2n, d: "2026-03-01", t: "VARCHAR" });
  });
});

const BASE = { format: "parquet", table: "cloudtrail_logs", maxFileSize: "256MiB", color: "never", progress: false, maxInflate: "2GiB", memoryLimit: "1GiB" };

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

describe("ct export usage", () => {
  it("Parquet and OCSF need DuckDB and say how to add it", async () => {
    for (const format of ["parquet", "ocsf"]) {
      const { io } = memoryIo();
      const opts = resolveExport([FIXTURE_BUCKET], { ...BASE, to: path.join(tmp, `none-${format}`), format }, io);
      const err = await runExport(opts, io, { loadDuckDb: () => Promise.reject(Object.assign(new Error("not found"), { code: "ERR_MODULE_NOT_FOUND" })) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingDuckDbError);
      expect((err as Error).message).toContain(`ct export --format ${format} needs DuckDB`);
      expect((err as Error).message).toContain("npm install @duckdb/node-api");
    }
  });

  it("flags that cannot work are usage errors naming the flag", async () => {
    const cases: [string[], string][] = [
      [["export", FIXTURE_BUCKET], "--to: give --to DIR"],
      [["export", "--to", "x", "--gzip"], "--gzip: --gzip is for --format ndjson"],
      [["export", "--to", "x", "--format", "csv"], '--format: "csv" is not one of parquet, ndjson, ocsf'],
      [["export", "--to", "x", "--ddl", "athena"], "--location: athena reads the export from S3"],
      [["export", "--to", "x", "--ddl", "hive"], '--ddl: "hive" is not one of athena, trino, duckdb'],
      [["export", "--to", "x", "--ddl", "duckdb", "--format", "ocsf"], "--ddl: the DDL describes the --format parquet layout"],
      [["export", "--to", "x", "--overwrite", "--event-name", "ConsoleLogin"], "--overwrite: --overwrite replaces whole partitions, so it cannot take --event-name"],
      [["export", "--to", "x", "--overwrite", "--since", "2026-03-01T12:00:00Z"], "--overwrite: --overwrite replaces whole days"],
    ];
    for (const [args, message] of cases) {
      const r = await runCt(args, { cwd: tmp });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`ct: ${message}`);
    }
  });
});
