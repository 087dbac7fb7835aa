// Loading reader lines into `events` with DuckDB: typed lines (some keys) and JSON lines (whole
// records) give the same rows, and values of the wrong shape become NULL instead of failing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { ATHENA_COLUMNS } from "../../../src/sql/events-schema.js";
import { createEventsTable, loadEventsFile, planLoad } from "../../../src/sql/events-table.js";
import { eventsLine } from "../../../src/sql/row-processor.js";

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ct-events-table-"));
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  await createEventsTable(conn);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const records = [
  {
    eventVersion: 1.08,
    eventTime: "2026-03-01T10:00:00Z",
    eventID: "good",
    readOnly: true,
    userIdentity: { type: "IAMUser", userName: "alice", sessionContext: { attributes: { mfaAuthenticated: true } }, extra: { x: 1 } },
    resources: [{ ARN: "arn:a", type: "T" }, "not an object"],
    requestParameters: { a: [1, 2] },
    additionalEventData: "plain text",
  },
  { eventTime: "2026-03-01T11:00:00Z", eventID: "odd", userIdentity: { sessionContext: "not an object" }, resources: "not a list", tlsDetails: [1] },
  { eventId: "aggregated", eventCategory: "Aggregated", timeWindow: { windowStart: "2026-03-01T12:00:00Z" } },
] as unknown as CloudTrailRecord[];

async function load(used: Set<string> | "all") {
  await conn.run("DELETE FROM events");
  const plan = planLoad(used);
  const file = path.join(dir, "lines.ndjson");
  writeFileSync(file, records.map((r) => eventsLine(r, "111122223333", plan.keys, plan.ct)).join("\n") + "\n");
  await loadEventsFile(conn, file, plan);
  const cols = ATHENA_COLUMNS.map((c) => c.name).filter((n) => used === "all" || used.has(n));
  return (await conn.runAndReadAll(`SELECT ${cols.join(", ")} FROM events ORDER BY eventtime NULLS LAST`)).getRowObjectsJson();
}

describe("loading events", () => {
  it("typed and JSON loads give the same rows, wrong shapes as NULL", async () => {
    const all = new Set(ATHENA_COLUMNS.map((c) => c.name));
    const typed = await load(all);
    const json = await load("all");
    // The JSON path's lenient json_transform gives a struct of NULLs where the typed path gives
    // NULL, for a value of the wrong shape; CloudTrail never writes one.
    const nullish = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(nullish);
      if (v && typeof v === "object") {
        const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullish(x)]));
        return Object.values(o).every((x) => x === null) ? null : o;
      }
      return v;
    };
    expect(nullish(typed)).toEqual(nullish(json));
    expect(typed.map((r) => r["eventid"])).toEqual(["good", "odd", "aggregated"]);
    const [good, odd] = typed;
    expect(good).toMatchObject({
      eventversion: "1.08",
      readonly: "true",
      requestparameters: '{"a":[1,2]}',
      additionaleventdata: "plain text",
      resources: [{ arn: "arn:a", accountid: null, type: "T" }, null],
      useridentity: { type: "IAMUser", username: "alice", sessioncontext: { attributes: { mfaauthenticated: "true" } } },
    });
    expect(odd).toMatchObject({ resources: null, tlsdetails: null, useridentity: { sessioncontext: null } });
  });

  it("a query's own columns load alone", async () => {
    const rows = await load(new Set(["useridentity", "eventid"]));
    expect(rows.map((r) => [r["eventid"], (r["useridentity"] as { username: string } | null)?.username ?? null])).toEqual([
      ["good", "alice"], ["odd", null], ["aggregated", null],
    ]);
  });
});
