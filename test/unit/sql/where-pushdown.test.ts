// Pre-filters from real DuckDB parse trees: which WHERE conjuncts reach the readers, and how a
// record is judged (only rows DuckDB would reject are dropped).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { compileFilter } from "../../../src/query/compile-filter.js";
import { pushdownFilters, sourcePathOf } from "../../../src/sql/where-pushdown.js";

let conn: DuckDBConnection;
let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

async function pushed(sql: string) {
  const text = (await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql])).getRowsJS()[0]![0] as string;
  return pushdownFilters(JSON.parse(text), ["events", "cloudtrail_logs"]);
}

describe("pushdownFilters", () => {
  it("takes = and IN on string columns, nested or qualified, from AND-ed conditions", async () => {
    expect(await pushed("SELECT count(*) FROM events WHERE useridentity.username = 'alice'")).toEqual([{ path: ["userIdentity", "userName"], values: ["alice"] }]);
    expect(await pushed("SELECT e.eventid FROM cloudtrail_logs e WHERE 'iam.amazonaws.com' = e.eventsource AND e.eventname IN ('CreateUser', 'DeleteUser') AND errorcode IS NOT NULL")).toEqual([
      { path: ["eventSource"], values: ["iam.amazonaws.com"] },
      { path: ["eventName"], values: ["CreateUser", "DeleteUser"] },
    ]);
    expect(await pushed("SELECT n FROM (SELECT count(*) AS n FROM events WHERE awsregion = 'eu-west-1' GROUP BY eventname)")).toEqual([{ path: ["awsRegion"], values: ["eu-west-1"] }]);
  });

  it("pushes nothing it cannot prove", async () => {
    for (const sql of [
      "SELECT count(*) FROM events WHERE eventname = 'A' OR eventname = 'B'",
      "SELECT count(*) FROM events a JOIN events b USING (eventid) WHERE a.eventname = 'A'",
      "SELECT count(*) FROM events LEFT JOIN (SELECT 1 AS x) t ON true WHERE eventname = 'A'",
      "SELECT count(*) FROM events WHERE eventid = 'x'",
      "SELECT count(*) FROM events WHERE requestparameters = '{}'",
      "SELECT count(*) FROM events WHERE resources = []",
      "SELECT count(*) FROM events WHERE eventname = 5",
      "SELECT count(*) FROM events WHERE eventname = lower('A')",
      "SELECT count(*) FROM events WHERE eventsource = 'events'",
      "SELECT count(*) FROM events WHERE eventname = 'A' AND (SELECT count(*) FROM events) > 0",
      "SELEC broken",
    ]) expect(await pushed(sql), sql).toEqual([]);
  });
});

describe("the pushed filter in the readers (FilterSpec.fieldIn)", () => {
  const predicate = compileFilter({ fieldIn: [{ path: ["userIdentity", "userName"], values: ["alice", "bob"] }] });
  const pass = (r: Record<string, unknown>) => predicate({ eventTime: "2026-03-01T10:00:00Z", ...r } as CloudTrailRecord, {});
  it("drops what = would reject: other strings, missing values, non-object parents", () => {
    expect(pass({ userIdentity: { userName: "alice" } })).toBe(true);
    expect(pass({ userIdentity: { userName: "bob" } })).toBe(true);
    expect(pass({ userIdentity: { userName: "Alice" } })).toBe(false);
    expect(pass({ userIdentity: {} })).toBe(false);
    expect(pass({ userIdentity: "alice" })).toBe(false);
    expect(pass({})).toBe(false);
  });
  it("keeps values DuckDB would turn into text, for DuckDB to judge", () => {
    expect(pass({ userIdentity: { userName: 42 } })).toBe(true);
    expect(pass({ userIdentity: { userName: { x: 1 } } })).toBe(true);
  });
  it("sourcePathOf maps Athena's names to CloudTrail's keys, for string leaves only", () => {
    expect(sourcePathOf(["useridentity", "sessioncontext", "sessionissuer", "username"])).toEqual(["userIdentity", "sessionContext", "sessionIssuer", "userName"]);
    expect(sourcePathOf(["sourceipaddress"])).toEqual(["sourceIPAddress"]);
    expect(sourcePathOf(["useridentity"])).toBeUndefined();
    expect(sourcePathOf(["resources", "arn"])).toBeUndefined();
    expect(sourcePathOf(["category"])).toBeUndefined();
  });
});
