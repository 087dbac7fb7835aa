// The file-side pieces of export and sql: the partitioned NDJSON writer (LRU, parts, gzip),
// the partition commit (refuse or replace, never mix) and the row spool (batches, cleanup).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartitionedNdjsonWriter } from "../../../src/sql/ndjson-writer.js";
import { PartitionConflict, commitPartitions, listPartitions } from "../../../src/sql/partition-commit.js";
import { RowSpool } from "../../../src/sql/row-spool.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ct-sql-writers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const group = (a: string | null, r: string, d: string, lines: string[]) => ({
  partition: [a, r, d] as [string | null, string | null, string | null],
  rows: lines.length,
  text: lines.map((l) => `${l}\n`).join(""),
});

describe("PartitionedNdjsonWriter", () => {
  it("writes each partition's lines; a partition reopened after eviction continues in a new gzip part", async () => {
    const w = new PartitionedNdjsonWriter(dir, { gzip: true, maxFileBytes: 1 << 20, maxOpen: 1 });
    await w.write([group("111122223333", "us-east-1", "2026-03-01", ["a", "b"])]);
    await w.write([group(null, "us-east-1", "2026-03-01", ["c"])]);
    await w.write([group("111122223333", "us-east-1", "2026-03-01", ["d"])]);
    await w.finish();
    const p = path.join(dir, "account=111122223333/region=us-east-1/date=2026-03-01");
    expect(readdirSync(p).sort()).toEqual(["part-0.ndjson.gz", "part-1.ndjson.gz"]);
    expect(zlib.gunzipSync(readFileSync(path.join(p, "part-0.ndjson.gz"))).toString()).toBe("a\nb\n");
    expect(zlib.gunzipSync(readFileSync(path.join(p, "part-1.ndjson.gz"))).toString()).toBe("d\n");
    expect(readFileSync(path.join(dir, "account=__HIVE_DEFAULT_PARTITION__/region=us-east-1/date=2026-03-01/part-0.ndjson.gz")).length).toBeGreaterThan(0);
    expect(w.rows).toBe(4);
    expect(w.partitions).toEqual(["account=111122223333/region=us-east-1/date=2026-03-01", "account=__HIVE_DEFAULT_PARTITION__/region=us-east-1/date=2026-03-01"]);
  });

  it("starts a new part when a file reaches the size limit", async () => {
    const w = new PartitionedNdjsonWriter(dir, { gzip: false, maxFileBytes: 4 });
    for (const l of ["aaaa", "bbbb", "cc"]) await w.write([group("111122223333", "eu-west-1", "2026-03-02", [l])]);
    await w.finish();
    const p = path.join(dir, "account=111122223333/region=eu-west-1/date=2026-03-02");
    expect(readdirSync(p).sort().map((f) => readFileSync(path.join(p, f), "utf8"))).toEqual(["aaaa\n", "bbbb\n", "cc\n"]);
  });
});

describe("commitPartitions", () => {
  const make = (root: string, key: string, file: string, text: string) => {
    mkdirSync(path.join(root, key), { recursive: true });
    writeFileSync(path.join(root, key, file), text);
  };

  it("moves new partitions, refuses existing ones without moving anything, replaces them on overwrite", async () => {
    const staging = path.join(dir, ".staging");
    const target = path.join(dir, "out");
    make(target, "a=1/b=x/c=old", "part-0", "old");
    make(target, "a=1/b=x/c=old", "part-9", "stale");
    make(staging, "a=1/b=x/c=new", "part-0", "new");
    make(staging, "a=1/b=x/c=old", "part-0", "fresh");
    const keys = (await listPartitions(staging, ["a", "b", "c"])).map((p) => p.key);
    expect(keys).toEqual(["a=1/b=x/c=new", "a=1/b=x/c=old"]);
    await expect(commitPartitions(staging, target, keys, false)).rejects.toEqual(new PartitionConflict(["a=1/b=x/c=old"]));
    expect(readdirSync(path.join(target, "a=1/b=x"))).toEqual(["c=old"]);
    expect(await commitPartitions(staging, target, keys, true)).toEqual({ partitions: 2, replaced: 1, files: 2 });
    expect(readdirSync(path.join(target, "a=1/b=x/c=old"))).toEqual(["part-0"]);
    expect(readFileSync(path.join(target, "a=1/b=x/c=old/part-0"), "utf8")).toBe("fresh");
    expect(readFileSync(path.join(target, "a=1/b=x/c=new/part-0"), "utf8")).toBe("new");
  });

  it("listPartitions reads values in folder order and ignores other folders", async () => {
    make(dir, "x/region=eu-west-1/accountId=111122223333/eventDay=20260301", "p", "");
    make(dir, "x/other/y", "p", "");
    expect(await listPartitions(dir, ["region", "accountId", "eventDay"], "x")).toEqual([
      { key: "x/region=eu-west-1/accountId=111122223333/eventDay=20260301", values: ["eu-west-1", "111122223333", "20260301"] },
    ]);
  });
});

describe("RowSpool", () => {
  it("hands full batches to the loader, one at a time, and deletes them", async () => {
    const loaded: string[] = [];
    let active = 0;
    const spool = new RowSpool(dir, "rows", async (file) => {
      active++;
      expect(active).toBe(1);
      loaded.push(readFileSync(file, "utf8"));
      await new Promise((r) => setTimeout(r, 5));
      active--;
    }, 6);
    for (const l of ["aaa\n", "bbb\n", "ccc\n", "d\n"]) await spool.add(l, 1);
    await spool.finish();
    expect(loaded).toEqual(["aaa\nbbb\n", "ccc\nd\n"]);
    expect(spool.rows).toBe(4);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("writes lines a megabyte at a time, not once per file read", async () => {
    const loaded: string[] = [];
    const spool = new RowSpool(dir, "rows", async (file) => void loaded.push(readFileSync(file, "utf8")));
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < 1000; i++) await spool.add(line, 1);
    expect(readdirSync(dir)).toEqual([]);
    for (let i = 0; i < 100; i++) await spool.add(line, 1);
    const [file] = readdirSync(dir);
    expect(readFileSync(path.join(dir, file!), "utf8").length).toBe(1024 * 1024);
    await spool.add("last\n", 1);
    await spool.finish();
    expect(loaded).toEqual([`${line.repeat(1100)}last\n`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a failed load surfaces at finish", async () => {
    const spool = new RowSpool(dir, "rows", () => Promise.reject(new Error("boom")), 1);
    await spool.add("x\n", 1);
    await expect(spool.finish()).rejects.toThrow("boom");
    await spool.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });
});
