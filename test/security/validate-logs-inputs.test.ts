// validate-logs over hostile and broken trees: a digest or a log file replaced by a decompression
// bomb, files that are there but cannot be read, and key names with escape sequences. Each is reported naming the file, validation
// goes on with the other files, and the exit code says what happened.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildScenario, type Scenario } from "../../fixtures/lib/scenario.js";
import { runCt } from "../helpers/run-ct.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scenario(): Scenario {
  const root = mkdtempSync(path.join(os.tmpdir(), "ct-validate-hostile-"));
  dirs.push(root);
  return buildScenario(["link", "link", "link"], { root, logsPerDigest: 1 });
}

/** 64 MiB of zeros: about 64 KiB of gzip. */
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024));
const std = (sc: Scenario, i: number) => sc.digests.filter((d) => !d.backfill)[i]!;
const uri = (sc: Scenario, key: string) => `s3://${sc.bucket}/${key}`;
const lines = (text: string) => text.split("\n").filter((l) => l !== "");

describe("decompression bombs in a copied bucket", () => {
  it("a digest that inflates past --max-inflate is INVALID, and is never inflated beyond the limit", async () => {
    const sc = scenario();
    writeFileSync(std(sc, 1).path, BOMB);
    const r = await runCt(["validate-logs", "-j", "1", "--max-inflate", "1MiB", "-o", "ndjson", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(1);
    const digest = lines(r.stdout)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e["type"] === "digest" && e["key"] === std(sc, 1).key);
    expect(digest).toMatchObject({ status: "invalid", message: "invalid format", detail: "gzip: decompressed size exceeds the limit of 1048576 bytes" });
  });

  it("a log file that inflates past --max-inflate is an error naming it (exit 2) and INVALID; the others are checked", async () => {
    const sc = scenario();
    const bombed = std(sc, 1).logKeys[0]!;
    writeFileSync(path.join(sc.root, bombed), BOMB);
    const r = await runCt(["validate-logs", "-j", "1", "--max-inflate", "1MiB", "--verbose", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(2);
    const file = path.join(sc.root, ...bombed.split("/"));
    expect(lines(r.stderr)).toEqual([
      `ct: ${file}: decompressed size exceeds the limit of 1048576 bytes (--max-inflate); not checked`,
      `Log file\t${uri(sc, bombed)}\tINVALID: invalid format`,
    ]);
    for (const i of [0, 2]) expect(r.stdout).toContain(`Log file\t${uri(sc, std(sc, i).logKeys[0]!)}\tvalid\n`);
  });
});

describe("files that are there but cannot be read", () => {
  it("a log file that cannot be read is an error naming it, INVALID in the chain, and the walk goes on", async () => {
    const sc = scenario();
    const key = std(sc, 1).logKeys[0]!;
    const file = path.join(sc.root, ...key.split("/"));
    // A directory where the file should be: unreadable as a file for every user, root included.
    unlinkSync(file);
    mkdirSync(file);
    const r = await runCt(["validate-logs", "-j", "1", "--verbose", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`ct: ${file}: is a directory`, `Log file\t${uri(sc, key)}\tINVALID: cannot read: is a directory`]);
    expect(r.stdout).toContain("3/3 digest files valid\n2/3 log files valid, 1/3 log files INVALID\n");
  });

  it("a digest that cannot be read is an error naming it and INVALID; the older digests are still validated", async () => {
    const sc = scenario();
    const digest = std(sc, 1);
    unlinkSync(digest.path);
    mkdirSync(digest.path);
    const r = await runCt(["validate-logs", "-j", "1", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      `ct: ${digest.path}: cannot read: is a directory`,
      `Digest file\t${uri(sc, digest.key)}\tINVALID: cannot read: is a directory`,
    ]);
    expect(r.stdout).toContain("2/3 digest files valid, 1/3 digest files INVALID\n");
  });
});

describe("key names a digest lists", () => {
  it("are escaped in the text report: a hostile s3Object cannot drive the terminal", async () => {
    const sc = scenario();
    const d = std(sc, 2);
    const doc = JSON.parse(gunzipSync(readFileSync(d.path)).toString("utf8")) as { logFiles: { s3Object: string }[] };
    const original = doc.logFiles[0]!.s3Object;
    doc.logFiles[0]!.s3Object = `${original}\x1b]8;;http://e.x\x07\u202e\r`;
    writeFileSync(d.path, gzipSync(JSON.stringify(doc)));
    const r = await runCt(["validate-logs", "-j", "1", sc.root]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `Log file\t${uri(sc, original)}\\x1b]8;;http://e.x\\x07\\u{202e}\\x0d\tINVALID: not found`,
      `Log file\t${uri(sc, original)}\tINVALID: listed by no digest file (possibly injected)`,
    ]);
    expect(r.stderr + r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
  });
});
