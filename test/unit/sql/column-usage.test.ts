// columnUsage over real parse trees from DuckDB's json_serialize_sql: the columns a statement
// names, and "every column" for every construct that could read columns without naming them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { columnUsage } from "../../../src/sql/column-usage.js";
import { EVENT_COLUMN_NAMES } from "../../../src/sql/events-schema.js";

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

async function usage(sql: string) {
  const text = (await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql])).getRowsJS()[0]![0] as string;
  const u = columnUsage(JSON.parse(text), EVENT_COLUMN_NAMES, ["events", "cloudtrail_logs"]);
  return { readsEvents: u.readsEvents, all: u.all, columns: u.all ? "all" : [...u.columns].sort() };
}

describe("columnUsage", () => {
  it("names the columns a statement uses, struct access included", async () => {
    expect(await usage("SELECT count(*) FROM events WHERE useridentity.username = 'alice'")).toEqual({
      readsEvents: true, all: false, columns: ["useridentity"],
    });
    expect(await usage("SELECT e.eventname, count(*) AS n FROM cloudtrail_logs e GROUP BY 1 ORDER BY n DESC")).toEqual({
      readsEvents: true, all: false, columns: ["eventname"],
    });
    expect((await usage("SELECT count(*) FROM events")).columns).toEqual([]);
  });

  it("select-list aliases and lambda parameters are not whole rows", async () => {
    expect((await usage("SELECT eventsource AS s, count(*) AS n FROM events GROUP BY s HAVING n > 1 ORDER BY n")).columns).toEqual(["eventsource"]);
    expect((await usage("SELECT list_transform(resources, x -> x.arn) AS arns FROM events")).columns).toEqual(["resources"]);
  });

  it("USING lists and record are columns too", async () => {
    expect((await usage("SELECT record->>'$.x' FROM events a JOIN events b USING (eventid)")).columns).toEqual(["eventid", "record"]);
  });

  it("every construct that reads columns without naming them means every column", async () => {
    for (const sql of [
      "SELECT * FROM events",
      "FROM events",
      "SELECT * EXCLUDE (record) FROM events",
      "SELECT COLUMNS('event.*') FROM events",
      "SELECT e FROM events e",
      "SELECT events FROM events",
      "SELECT 1 FROM events NATURAL JOIN events",
      "WITH c AS (SELECT eventname FROM events) SELECT c FROM c",
      "SELECT #1 FROM events",
      "DESCRIBE events",
      "PIVOT events ON eventname USING count(*)",
      "SELEC broken",
    ]) expect((await usage(sql)).all, sql).toBe(true);
  });

  it("a statement that never names the table reads nothing", async () => {
    expect(await usage("SELECT 42")).toEqual({ readsEvents: false, all: false, columns: [] });
    expect(await usage("SELECT * FROM read_parquet('x.parquet')")).toEqual({ readsEvents: false, all: false, columns: [] });
    expect((await usage("SELECT count(*) FROM query_table('events')")).readsEvents).toBe(true);
  });
});
