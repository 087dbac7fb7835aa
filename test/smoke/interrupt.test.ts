// Every command as a real process (bin/ct.js), interrupted: Ctrl-C exits 130 and SIGTERM 143
// without a stack trace, and a reader that closes the pipe ends the run quietly with 0.
// The process is kept busy on purpose: stdin that never ends, or a stdout nobody reads.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_BUCKET, ROOT } from "../helpers/run-ct.js";

const BIN = path.join(ROOT, "bin/ct.js");

beforeAll(() => {
  if (!existsSync(path.join(ROOT, "dist/main.js"))) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function ended(child: ChildProcess): Promise<Ended> {
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
}

/** Commands that stay busy until interrupted: reading a stdin that never ends, or writing to a full pipe. */
const BUSY: [string, string[], "stdin" | "full-pipe"][] = [
  ["lookup", ["lookup", "-o", "ndjson", "-"], "stdin"],
  ["classify", ["classify", "-"], "stdin"],
  ["summary", ["summary", "-"], "stdin"],
  ["check", ["check", "-"], "stdin"],
  ["rules test", ["rules", "test", '{"detail":{"eventName":["X"]}}', "-"], "stdin"],
  ["validate-logs", ["validate-logs", "--verbose", FIXTURE_BUCKET], "full-pipe"],
];

async function interrupt(args: string[], signal: NodeJS.Signals): Promise<Ended> {
  // stdin stays open and stdout is never read: either way ct is still running when the signal comes.
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  const done = ended(child);
  await new Promise((r) => setTimeout(r, 1200));
  child.kill(signal);
  const result = await done;
  child.stdin!.destroy();
  child.stdout!.destroy();
  return result;
}

describe("signals", () => {
  it.each(BUSY)("%s: Ctrl-C exits 130 and SIGTERM 143, with no stack trace", async (_name, args) => {
    const [int, term] = await Promise.all([interrupt(args, "SIGINT"), interrupt(args, "SIGTERM")]);
    expect(int).toEqual({ code: 130, signal: null, stderr: "" });
    expect(term).toEqual({ code: 143, signal: null, stderr: "" });
  });
});

/** Commands with their whole output; the reader goes away before reading anything. */
const WRITERS: [string, string[]][] = [
  ["lookup", ["lookup", "-o", "ndjson", FIXTURE_BUCKET]],
  ["classify", ["classify", FIXTURE_BUCKET]],
  ["summary", ["summary", "--by", "user", FIXTURE_BUCKET]],
  ["check", ["check", FIXTURE_BUCKET]],
  ["validate-logs", ["validate-logs", "--verbose", FIXTURE_BUCKET]],
  ["rules list", ["rules", "list"]],
];

describe("a reader that closes the pipe", () => {
  it.each(WRITERS)("%s ends quietly with 0", async (_name, args) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.destroy();
    expect(await ended(child)).toEqual({ code: 0, signal: null, stderr: "" });
  });
});
