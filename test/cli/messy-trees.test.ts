// Exported trees as they are found in practice, end to end: symbolic-link loops, links that point
// nowhere, folders and files that cannot be read, a file that vanishes between listing and reading,
// names with spaces and non-ASCII letters, and a file named twice. Every event that can be read is
// printed, every problem is one message naming its path, and the exit code is the documented one.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, symlinkSync, unlinkSync } from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import type { Io } from "../../src/io.js";
import { parseNdjson } from "../helpers/fixture-records.js";
import { ROOT, runCt } from "../helpers/run-ct.js";
import { type TempTree, makeTempTree } from "../unit/source/temp-tree.js";

const log = (...ids: string[]) =>
  JSON.stringify({ Records: ids.map((id, i) => ({ eventVersion: "1.08", eventTime: `2026-03-01T10:00:0${i}Z`, eventName: "GetUser", eventSource: "iam.amazonaws.com", eventID: id })) });
const ids = (stdout: string) => parseNdjson(stdout).map((x) => x["eventID"] as string).sort();

let tree: TempTree | undefined;
afterEach(() => {
  if (tree) {
    chmodSync(tree.root, 0o755);
    tree.remove();
  }
  tree = undefined;
});

describe("links", () => {
  it("a link back up the tree is walked once; the events are printed once and nothing is reported", async () => {
    tree = makeTempTree({ "a/one.json": log("e1"), "a/b/two.json": log("e2") });
    symlinkSync(tree.at("a"), tree.at("a/b/up"));
    symlinkSync(".", tree.at("a/self"));
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.root]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(ids(r.stdout)).toEqual(["e1", "e2"]);
  });

  it("a link that points nowhere or at itself is an error naming it (exit 2); the other files are read", async () => {
    tree = makeTempTree({ "d/good.json": log("e1") });
    symlinkSync(tree.at("d/missing.json"), tree.at("d/broken.json"));
    symlinkSync(tree.at("d/loop.json"), tree.at("d/loop.json"));
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.at("d")]);
    expect(r.code).toBe(2);
    expect(ids(r.stdout)).toEqual(["e1"]);
    expect(r.stderr).toBe(
      `ct: ${tree.at("d/broken.json")}: no such file or directory\nct: ${tree.at("d/loop.json")}: too many levels of symbolic links\n`,
    );
  });
});

describe("names", () => {
  it("spaces and non-ASCII letters in folder and file names are read and shown as they are", async () => {
    tree = makeTempTree({ "my logs/日本 ü/é file.json": log("e1"), "my logs/日本 ü/bad ✓.json": "{" });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.at("my logs")]);
    expect(r.code).toBe(2);
    expect(ids(r.stdout)).toEqual(["e1"]);
    expect(r.stderr).toMatch(new RegExp(`^ct: ${escape(tree.at("my logs/日本 ü/bad ✓.json"))}: invalid JSON: `));
  });

  it("a file named directly and through its folder, or twice, is read once", async () => {
    tree = makeTempTree({ "d/one.json": log("e1", "e2"), "d/two.json": log("e3") });
    symlinkSync(tree.at("d/one.json"), tree.at("alias.json"));
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.at("d/one.json"), tree.at("d"), tree.at("d/one.json"), tree.at("alias.json")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(ids(r.stdout)).toEqual(["e1", "e2", "e3"]);
  });
});

describe("a file that vanishes after the folder was listed", () => {
  it("is reported by name as vanished (exit 2); the events of the others are printed", async () => {
    tree = makeTempTree({ "d/a.json": log("e1"), "d/b.json": log("e2"), "d/c.json": log("e3") });
    const victim = tree.at("d/b.json");
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = "";
    let stderr = "";
    // The first printed line comes after the folder was listed and before b.json is opened.
    out.on("data", (c: Buffer) => {
      if (stdout === "") unlinkSync(victim);
      stdout += c.toString();
    });
    err.on("data", (c: Buffer) => (stderr += c.toString()));
    const io: Io = {
      stdout: out,
      stderr: err,
      stdin: Readable.from([]),
      env: {},
      cwd: ROOT,
      now: () => new Date("2026-03-04T00:00:00Z"),
      signal: new AbortController().signal,
    };
    const code = await run(["lookup", "-j", "1", "-o", "ndjson", "--sort", "none", tree.at("d")], io);
    await new Promise((r) => setImmediate(r));
    expect(code).toBe(2);
    expect(ids(stdout)).toEqual(["e1", "e3"]);
    expect(stderr).toBe(`ct: ${victim}: no such file (it vanished during the run?)\n`);
  });
});

describe("folders and files that cannot be read", () => {
  // Root reads everything: the check runs ct as the unprivileged "nobody" user when the tests run as root.
  const asRoot = process.getuid?.() === 0;
  beforeAll(() => {
    if (asRoot && !existsSync(path.join(ROOT, "dist/main.js"))) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  });

  async function ctUnprivileged(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    if (!asRoot) return runCt(args);
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/ct.js"), ...args], { cwd: ROOT, uid: 65534, gid: 65534, encoding: "utf8" });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  it("each is an error naming it (exit 2), and every readable file is still read", async () => {
    tree = makeTempTree({ "t/a.json": log("e1"), "t/locked/b.json": log("e2"), "t/c.json": log("e3"), "t/d.json": log("e4") });
    chmodSync(tree.root, 0o755);
    chmodSync(tree.at("t"), 0o755);
    chmodSync(tree.at("t/locked"), 0o000);
    chmodSync(tree.at("t/c.json"), 0o000);
    for (const f of ["t/a.json", "t/d.json"]) chmodSync(tree.at(f), 0o644);
    const r = await ctUnprivileged(["lookup", "-j", "1", "-o", "ndjson", tree.at("t")]);
    chmodSync(tree.at("t/locked"), 0o755);
    expect(r.code).toBe(2);
    expect(ids(r.stdout)).toEqual(["e1", "e4"]);
    expect(r.stderr).toBe(`ct: ${tree.at("t/c.json")}: permission denied\nct: ${tree.at("t/locked")}: permission denied\n`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
