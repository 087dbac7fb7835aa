// The Parquet side of ct export, against DuckDB itself: side-by-side writes give the files one
// write gives, byte for byte (NULL partition values included); files written out of time order
// are found and rewritten sorted, and sorted ones are left alone; Ctrl-C reaches every connection.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as duck from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../../src/sql/duckdb.js";
import { EVENTS_TABLE, createEventsTable } from "../../../src/sql/events-table.js";
import { copyEventsToParquet, sortUnsortedFiles } from "../../../src/sql/parquet-export.js";

let dir: string;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ct-parquet-export-"));
  db = await openDatabase(duck, { tempDirectory: path.join(dir, "duckdb"), memoryLimit: 256 * 1024 ** 2, threads: 2 });
  await createEventsTable(db.connection);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root` with the SHA-256 of its bytes, by relative path. */
function digests(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p).split(path.sep).join("/")] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return out;
}

const rowsOf = async (file: string) =>
  (await db.connection.runAndReadAll(`SELECT eventtime, eventid FROM read_parquet('${file}', hive_partitioning = false)`)).getRowsJS();

/** A row's (eventtime, eventid) as text that sorts as DuckDB orders them, NULLs last. */
const sortKey = (r: unknown[]) => [r[0] ?? "\uffff", r[1] ?? "\uffff"].join("\u0000");

/**
 * `n` events spread over accounts (one of them NULL), regions and days, inserted in a scrambled
 * order so that no write gets them sorted by chance.
 */
async function insertEvents(n: number): Promise<void> {
  await db.connection.run(
    `INSERT INTO ${EVENTS_TABLE} (eventtime, eventid, eventname, account, region, "date", category) ` +
      `SELECT printf('2026-03-%02dT%02d:%02d:%02dZ', d, (i * 7) % 24, (i * 13) % 60, (i * 31) % 60), ` +
      `CASE WHEN i % 97 = 0 THEN NULL ELSE printf('id-%06d', (i * 7919) % ${n}) END, 'GetObject', ` +
      `CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN '444455556666' ELSE '111122223333' END, ` +
      `CASE WHEN i % 3 = 0 THEN 'eu-west-1' ELSE 'us-east-1' END, printf('2026-03-%02d', d), 'Management' ` +
      `FROM (SELECT i, 1 + (i * 11) % 4 AS d FROM range(${n}) t(i)) ORDER BY hash(i)`,
  );
}

describe("copyEventsToParquet", () => {
  it("writes the same files, byte for byte, in one write or shared among two or three side by side", async () => {
    await insertEvents(20_000);
    const outs: Record<string, string>[] = [];
    for (const ways of [1, 2, 3]) {
      const out = path.join(dir, `ways-${ways}`);
      await copyEventsToParquet(db, EVENTS_TABLE, out, ways);
      await sortUnsortedFiles(db.connection, out);
      outs.push(digests(out));
    }
    const names = Object.keys(outs[0]!).sort();
    // 3 accounts (one NULL) x 2 regions x 4 days.
    expect(names).toHaveLength(24);
    expect(names).toContain("account=__HIVE_DEFAULT_PARTITION__/region=eu-west-1/date=2026-03-01/part-0.parquet");
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
    const [n] = (await db.connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${dir}/ways-2/*/*/*/*.parquet')`)).getRowsJS()[0]!;
    expect(Number(n)).toBe(20_000);
  });

  it("sorts each file by eventtime, then eventid, NULLs last", async () => {
    await insertEvents(5_000);
    const out = path.join(dir, "out");
    await copyEventsToParquet(db, EVENTS_TABLE, out, 2);
    await sortUnsortedFiles(db.connection, out);
    for (const f of Object.keys(digests(out))) {
      const rows = await rowsOf(path.join(out, f));
      expect(rows.map(sortKey)).toEqual([...rows.map(sortKey)].sort());
    }
  });
});

describe("sortUnsortedFiles", () => {
  it("rewrites only the files out of time order, sorted, and leaves no temporary file", async () => {
    await insertEvents(3_000);
    const folder = (d: string) => path.join(dir, "out", "account=111122223333", "region=us-east-1", `date=${d}`);
    const part = (d: string) => path.join(folder(d), "part-0.parquet");
    const write = (d: string, order: string) =>
      db.connection.run(
        `COPY (SELECT * EXCLUDE (account, region, "date") FROM ${EVENTS_TABLE} WHERE account = '111122223333' AND region = 'us-east-1' AND "date" = '${d}' ORDER BY ${order}) ` +
          `TO '${part(d)}' (FORMAT parquet)`,
      );
    for (const d of ["2026-03-01", "2026-03-02"]) mkdirSync(folder(d), { recursive: true });
    await write("2026-03-01", "eventid DESC");
    await write("2026-03-02", "eventtime, eventid");
    const sortedBefore = statSync(part("2026-03-02")).mtimeMs;
    const unsortedRows = await rowsOf(part("2026-03-01"));

    expect(await sortUnsortedFiles(db.connection, path.join(dir, "out"))).toEqual([part("2026-03-01")]);

    const rows = await rowsOf(part("2026-03-01"));
    expect(rows).toHaveLength(unsortedRows.length);
    expect(rows.map(sortKey)).toEqual(unsortedRows.map(sortKey).sort());
    expect(statSync(part("2026-03-02")).mtimeMs).toBe(sortedBefore);
    expect(readdirSync(folder("2026-03-01"))).toEqual(["part-0.parquet"]);
    expect(await sortUnsortedFiles(db.connection, path.join(dir, "out"))).toEqual([]);
  });
});

describe("Database", () => {
  it("interrupts the statements of every connection it made", async () => {
    const other = await db.connect();
    const running = other.run("SELECT count(*) FROM range(1000000000000) a WHERE hash(a.range) = 7");
    // Again and again until it ends, in case the first call came before the statement started.
    const timer = setInterval(() => db.interrupt(), 50);
    try {
      await expect(running).rejects.toThrow(/interrupt/i);
    } finally {
      clearInterval(timer);
    }
  });
});
