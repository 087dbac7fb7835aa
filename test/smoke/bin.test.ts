// Real subprocess runs of bin/ct.js (after `npm run build`): exit codes as the shell sees them,
// stdin, a reader that closes the pipe early, and Ctrl-C. Few and slow on purpose; everything
// else is tested in-process.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ROOT } from "../helpers/run-ct.js";

const BIN = path.join(ROOT, "bin/ct.js");
const B = path.join(ROOT, "fixtures/bucket");

function ct(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("bin/ct.js as a process", () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, "dist/main.js"))) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  });

  it("exits 0 with results, 2 on a usage error, 0 for --help and --version", () => {
    const ok = ct(["lookup", "--user", "alice", "--limit", "2", B]);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split("\n")).toHaveLength(2);
    const bad = ct(["lookup", "--since", "yesterdayish", B]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ct: --since: cannot parse "yesterdayish"/);
    expect(bad.stdout).toBe("");
    expect(ct(["--help"]).status).toBe(0);
    const v = ct(["--version"]);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(ct([]).status).toBe(2);
  });

  it("exits 2 after printing the good file's events when another file is corrupt", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ct-smoke-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "a-good.json"), JSON.stringify({ Records: [{ eventTime: "2026-03-01T00:00:00Z", eventName: "X", eventSource: "s3.amazonaws.com", eventID: "e1" }] }));
    writeFileSync(path.join(dir, "b-bad.json.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    const r = ct(["lookup", "-o", "ndjson", dir]);
    expect(r.status).toBe(2);
    expect(r.stdout.trim()).toBe('{"eventTime":"2026-03-01T00:00:00Z","eventName":"X","eventSource":"s3.amazonaws.com","eventID":"e1"}');
    expect(r.stderr).toBe(`ct: ${path.join(dir, "b-bad.json.gz")}: truncated gzip: unexpected end of file\n`);
  });

  it("reads stdin for -", () => {
    const r = ct(["lookup", "-o", "ndjson", "-"], JSON.stringify({ Records: [{ eventName: "Y", eventTime: "2026-03-01T00:00:00Z" }] }));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).eventName).toBe("Y");
  });

  it("ends quietly with 0 when the reader closes the pipe (| head -1)", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" lookup --sort none -o ndjson "${B}" "${B}" | head -1; echo "rc=\${PIPESTATUS:-$?}"`], {
      encoding: "utf8",
      cwd: ROOT,
    });
    expect(r.stdout.split("\n")[0]).toMatch(/^\{"eventVersion"/);
    expect(r.stderr).toBe("");
    const bash = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" lookup --sort none -o ndjson "${B}" | head -1 > /dev/null; echo $?`], {
      encoding: "utf8",
      cwd: ROOT,
    });
    expect(bash.stdout.trim()).toBe("0");
    expect(bash.stderr).toBe("");
  });

  it("exits 130 without a stack trace on Ctrl-C", async () => {
    // A slow consumer keeps ct busy: stdin that never ends.
    const child = spawn(process.execPath, [BIN, "lookup", "-o", "ndjson", "-"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 700));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
