// Tests for discovery over real temporary trees: sorted walking, symlink loops, duplicates,
// missing and unreadable inputs, globs, roles (log, digest, insight, unrelated) and pruning of
// whole folders before they are listed.
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type Discovered, type SourceFile, compareBytes, discoverFiles, roleOf } from "../../../src/source/discover.js";
import type { PruneSpec } from "../../../src/source/prune.js";
import { type LayoutKind, parseS3Location } from "../../../src/source/s3-layout.js";
import { type TempTree, makeTempTree } from "./temp-tree.js";

const ACCT = "111122223333";
const CT = `AWSLogs/${ACCT}/CloudTrail/us-east-1`;
const log = (day: string, hhmm: string) => {
  const [y, m, d] = day.split("/");
  return `${CT}/${day}/${ACCT}_CloudTrail_us-east-1_${y}${m}${d}T${hhmm}Z_abcdEFGH12345678.json.gz`;
};

let trees: TempTree[] = [];
afterEach(() => {
  for (const t of trees) t.remove();
  trees = [];
});
function tree(files: Record<string, string>): TempTree {
  const t = makeTempTree(files, "ct-discover-");
  trees.push(t);
  return t;
}

async function all(inputs: string[], opts: { cwd: string; prune?: PruneSpec; signal?: AbortSignal }): Promise<Discovered[]> {
  const out: Discovered[] = [];
  for await (const d of discoverFiles(inputs, opts)) out.push(d);
  return out;
}

/** A compact view: `file <path> <role>`, `skip <path> <reason>`, `dir <path> <reason>`, `error <path> <message>`. */
function lines(items: Discovered[], root?: string): string[] {
  const rel = (p: string) => (root ? path.relative(root, p) || "." : p).split(path.sep).join("/");
  return items.map((d) =>
    d.type === "file"
      ? `file ${rel(d.file.path)} ${d.file.role}`
      : d.type === "skipped"
        ? `${d.isDir ? "dir" : "skip"} ${rel(d.path)} ${d.reason}`
        : `error ${rel(d.path)} ${d.message}`,
  );
}

const files = (items: Discovered[]): SourceFile[] => items.flatMap((d) => (d.type === "file" ? [d.file] : []));

describe("roleOf", () => {
  it.each([
    [`${CT}/2026/03/01/x.json.gz`, "log"],
    [`AWSLogs/${ACCT}/CloudTrail-Insight/us-east-1/2026/03/01/x.json.gz`, "insight"],
    [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/x.json.gz`, "digest"],
    [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/x.json.gz.metadata.json`, "unrelated"],
    [`AWSLogs/${ACCT}/CloudTrail-Insight/us-east-1/2026/03/01/x.json.gz.metadata.json`, "unrelated"],
    [`${CT}/2026/03/01/x.json.gz.metadata.json`, "unrelated"],
    [`AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/x.json.gz`, "unrelated"],
    ["export/events.json", "log"],
    ["export/events.JSON.GZ", "log"],
    ["export/events.gz", "log"],
    ["export/events.json.metadata.json", "unrelated"],
    ["export/README.md", "unrelated"],
    ["export/events.jsonl", "unrelated"],
  ])("%s → %s", (p, role) => {
    expect(roleOf(p, parseS3Location(p))).toBe(role);
  });
});

describe("compareBytes", () => {
  it("orders strings as their UTF-8 bytes compare", () => {
    const sign = (n: number) => Math.sign(n);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(sign(compareBytes(a, b))).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
    expect(compareBytes("\uFF01", "\u{1F600}")).toBeLessThan(0);
    expect(compareBytes("CloudTrail", "CloudTrail-Digest")).toBeLessThan(0);
    expect(compareBytes("B", "a")).toBeLessThan(0);
    expect(compareBytes("x", "x")).toBe(0);
  });
});

describe("discoverFiles", () => {
  it("walks directories in byte order, as S3 lists keys", async () => {
    const t = tree({
      "b/2.json": "{}",
      "B/1.json": "{}",
      "a/10.json": "{}",
      "a/9.json": "{}",
      "a/_x.json": "{}",
      // U+FF01 is EF BC 81 in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although its UTF-16
      // code unit (FF01) sorts after the emoji's high surrogate (D83D).
      "c/\u{1F600}.json": "{}",
      "c/\uFF01.json": "{}",
      "top.json": "{}",
    });
    const got = lines(await all(["."], { cwd: t.root }));
    expect(got).toEqual([
      "file B/1.json log",
      "file a/10.json log",
      "file a/9.json log",
      "file a/_x.json log",
      "file b/2.json log",
      "file c/\uFF01.json log",
      "file c/\u{1F600}.json log",
      "file top.json log",
    ]);
  });

  it("shows paths as the input joined with the path below it", async () => {
    const t = tree({ "data/x/1.json": "{}" });
    const [first] = files(await all(["data"], { cwd: t.root }));
    expect(first).toEqual({ path: path.join("data", "x", "1.json"), explicit: false, stdin: false, role: "log", location: undefined });
    const [abs] = files(await all([t.at("data")], { cwd: "/" }));
    expect(abs?.path).toBe(t.at("data/x/1.json"));
  });

  it("survives a symlink loop and lists each file once", async () => {
    const t = tree({ "a/1.json": "{}", "a/b/2.json": "{}" });
    symlinkSync(t.at("a"), t.at("a/b/up"));
    symlinkSync(".", t.at("a/self"));
    const got = lines(await all(["a"], { cwd: t.root }));
    expect(got).toEqual(["file a/1.json log", "file a/b/2.json log"]);
  });

  it("reports a symlink that points nowhere or at itself", async () => {
    const t = tree({ "d/ok.json": "{}" });
    symlinkSync(t.at("d/missing"), t.at("d/broken.json"));
    symlinkSync(t.at("d/loop.json"), t.at("d/loop.json"), "file");
    expect(lines(await all(["d"], { cwd: t.root }))).toEqual([
      "error d/broken.json no such file or directory",
      "error d/loop.json too many levels of symbolic links",
      "file d/ok.json log",
    ]);
  });

  it("reads a file once when inputs name it twice, directly or through a directory or a link", async () => {
    const t = tree({ "d/1.json": "{}", "d/2.json": "{}" });
    symlinkSync(t.at("d/1.json"), t.at("alias.json"));
    expect(lines(await all(["d/1.json", "d/1.json"], { cwd: t.root }))).toEqual(["file d/1.json log"]);
    expect(lines(await all(["d", "d/2.json", "./d/1.json", "alias.json"], { cwd: t.root }))).toEqual([
      "file d/1.json log",
      "file d/2.json log",
    ]);
  });

  it("marks files named by the user as explicit, and reads them as logs whatever their name", async () => {
    const t = tree({ "notes.txt": "{}", [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/d.json.gz`]: "{}" });
    const found = files(await all(["notes.txt", `AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/d.json.gz`], { cwd: t.root }));
    expect(found.map((f) => [f.path, f.role, f.explicit])).toEqual([
      ["notes.txt", "log", true],
      [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/d.json.gz`, "digest", true],
    ]);
  });

  it("reports a missing input and goes on with the others", async () => {
    const t = tree({ "1.json": "{}" });
    expect(lines(await all(["nope", "1.json", "nope/deeper.json"], { cwd: t.root }))).toEqual([
      "error nope no such file or directory",
      "file 1.json log",
      "error nope/deeper.json no such file or directory",
    ]);
  });

  it("yields stdin for -", async () => {
    const t = tree({});
    expect(files(await all(["-"], { cwd: t.root }))).toEqual([
      { path: "-", explicit: true, stdin: true, role: "log", location: undefined },
    ]);
  });

  it("reports an unreadable directory and walks its siblings", async () => {
    const t = tree({ "a/1.json": "{}", "locked/2.json": "{}", "z/3.json": "{}" });
    chmodSync(t.at("locked"), 0o000);
    try {
      const got = lines(await all(["."], { cwd: t.root }));
      if (process.getuid?.() === 0) {
        // root reads through the missing permissions.
        expect(got).toEqual(["file a/1.json log", "file locked/2.json log", "file z/3.json log"]);
      } else {
        expect(got).toEqual(["file a/1.json log", "error locked permission denied", "file z/3.json log"]);
      }
    } finally {
      chmodSync(t.at("locked"), 0o755);
    }
  });

  it("expands a glob relative to the working directory, sorted, and drops unrelated matches", async () => {
    const t = tree({
      [log("2026/03/02", "0005")]: "{}",
      [log("2026/03/01", "2355")]: "{}",
      [`${log("2026/03/01", "2355")}.metadata.json`]: "{}",
      "other/x.json": "{}",
    });
    const got = lines(await all([`AWSLogs/**/*.json*`], { cwd: t.root }));
    expect(got).toEqual([
      `file ${log("2026/03/01", "2355")} log`,
      `skip ${log("2026/03/01", "2355")}.metadata.json not a CloudTrail file`,
      `file ${log("2026/03/02", "0005")} log`,
    ]);
    expect(files(await all([`AWSLogs/**/*.json*`], { cwd: t.root }))[0]?.explicit).toBe(false);
  });

  it("reports a glob that matches nothing", async () => {
    const t = tree({ "a.json": "{}" });
    expect(lines(await all(["*.json.gz"], { cwd: t.root }))).toEqual(["error *.json.gz no files match this pattern"]);
  });

  it("tags digests, Insights, sidecars and other services' files", async () => {
    const t = tree({
      [log("2026/03/01", "1005")]: "{}",
      [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz`]: "{}",
      [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz.metadata.json`]: "{}",
      [`AWSLogs/${ACCT}/CloudTrail-Insight/us-east-1/2026/03/01/${ACCT}_CloudTrail-Insight_us-east-1_20260301T1010Z_x.json.gz`]: "{}",
      [`AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/${ACCT}_Config_us-east-1_ConfigSnapshot_20260301T100504Z_x.json.gz`]: "{}",
    });
    const got = lines(await all(["AWSLogs"], { cwd: t.root }));
    expect(got).toEqual([
      `file ${log("2026/03/01", "1005")} log`,
      `file AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz digest`,
      `skip AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz.metadata.json not a CloudTrail file`,
      `file AWSLogs/${ACCT}/CloudTrail-Insight/us-east-1/2026/03/01/${ACCT}_CloudTrail-Insight_us-east-1_20260301T1010Z_x.json.gz insight`,
      `skip AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/${ACCT}_Config_us-east-1_ConfigSnapshot_20260301T100504Z_x.json.gz not a CloudTrail file`,
    ]);
    const [first] = files(await all(["AWSLogs"], { cwd: t.root }));
    expect(first?.location).toMatchObject({ accountId: ACCT, region: "us-east-1", fileTime: Date.UTC(2026, 2, 1, 10, 5) });
  });

  it("recognises the layout when walking from inside it", async () => {
    const t = tree({
      [log("2026/03/01", "1005")]: "{}",
      [`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz`]: "{}",
      [`AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/${ACCT}_Config_us-east-1_ConfigSnapshot_20260301T100504Z_x.json.gz`]: "{}",
    });
    const inside = t.at(`AWSLogs/${ACCT}`);
    const found = await all(["."], { cwd: inside });
    expect(lines(found)).toEqual([
      `file CloudTrail/us-east-1/2026/03/01/${ACCT}_CloudTrail_us-east-1_20260301T1005Z_abcdEFGH12345678.json.gz log`,
      `file CloudTrail-Digest/us-east-1/2026/03/01/${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T105959Z.json.gz digest`,
      `skip Config/us-east-1/2026/3/1/ConfigSnapshot/${ACCT}_Config_us-east-1_ConfigSnapshot_20260301T100504Z_x.json.gz not a CloudTrail file`,
    ]);
    expect(files(found)[0]?.location).toMatchObject({ accountId: ACCT, region: "us-east-1" });
    // Pruning works from inside too: the digest and Config folders are never listed.
    const pruned = await all(["."], { cwd: inside, prune: { kinds: new Set<LayoutKind>(["CloudTrail"]) } });
    expect(lines(pruned)).toEqual([
      `file CloudTrail/us-east-1/2026/03/01/${ACCT}_CloudTrail_us-east-1_20260301T1005Z_abcdEFGH12345678.json.gz log`,
      "dir CloudTrail-Digest CloudTrail-Digest folder not requested",
      "dir Config Config folder: not CloudTrail",
    ]);
  });

  it("prunes whole date folders before listing them, and files by their name's time", async () => {
    const t = tree({
      [log("2026/02/28", "2355")]: "{}",
      [log("2026/03/01", "0005")]: "{}",
      [log("2026/03/01", "2350")]: "{}",
      [log("2026/03/02", "0040")]: "{}",
      [log("2026/03/02", "0120")]: "{}",
      [log("2026/03/03", "0005")]: "{}",
      [log("2026/04/01", "0005")]: "{}",
      [log("2025/12/31", "2355")]: "{}",
      [`AWSLogs/${ACCT}/CloudTrail/eu-west-1/2026/03/01/${ACCT}_CloudTrail_eu-west-1_20260301T1000Z_x.json.gz`]: "{}",
      [`AWSLogs/444455556666/CloudTrail/us-east-1/2026/03/01/444455556666_CloudTrail_us-east-1_20260301T1000Z_x.json.gz`]: "{}",
    });
    // From 00:05 to the end of 2026-03-01 (a date alone as --until means the end of that day).
    const prune: PruneSpec = {
      kinds: new Set<LayoutKind>(["CloudTrail"]),
      accounts: new Set([ACCT]),
      regions: new Set(["us-east-1"]),
      since: Date.UTC(2026, 2, 1, 0, 5),
      until: Date.UTC(2026, 2, 1, 23, 59, 59, 999),
    };
    expect(lines(await all(["AWSLogs"], { cwd: t.root, prune }))).toEqual([
      `dir AWSLogs/${ACCT}/CloudTrail/eu-west-1 region eu-west-1`,
      `dir AWSLogs/${ACCT}/CloudTrail/us-east-1/2025 dates before --since`,
      `dir AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/02 dates before --since`,
      `file ${log("2026/03/01", "0005")} log`,
      `file ${log("2026/03/01", "2350")} log`,
      `file ${log("2026/03/02", "0040")} log`,
      `skip ${log("2026/03/02", "0120")} delivered more than 1h after --until`,
      `dir AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/03/03 dates after --until`,
      `dir AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/04 dates after --until`,
      "dir AWSLogs/444455556666 account 444455556666",
    ]);
  });

  it("applies pruning to explicit files that sit in the layout", async () => {
    const t = tree({ [log("2026/03/01", "0005")]: "{}" });
    const prune: PruneSpec = { kinds: new Set<LayoutKind>(["CloudTrail"]), since: Date.UTC(2026, 2, 2) };
    expect(lines(await all([log("2026/03/01", "0005")], { cwd: t.root, prune }))).toEqual([
      `skip ${log("2026/03/01", "0005")} delivered before --since`,
    ]);
  });

  it("stops when the signal is aborted", async () => {
    const t = tree(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d/${String(i).padStart(2, "0")}.json`, "{}"])));
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const d of discoverFiles(["d", "d2"], { cwd: t.root, signal: controller.signal })) {
      if (d.type === "file") seen.push(path.basename(d.file.path));
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual(["00.json", "01.json", "02.json"]);
  });

  it("walks an empty directory to nothing", async () => {
    const t = tree({});
    mkdirSync(t.at("empty"));
    expect(await all(["empty"], { cwd: t.root })).toEqual([]);
  });
});
