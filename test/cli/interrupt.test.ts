// Cancellation in-process, with worker threads: when the run's signal is aborted mid-scan (Ctrl-C
// or SIGTERM in bin/ct.js), every command returns 130 and prints nothing about the files that were
// in flight: an interrupted file is not an error to report.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import type { Io } from "../../src/io.js";
import { FIXTURE_BUCKET, ROOT } from "../helpers/run-ct.js";

/** Runs ct with a stdin that never ends; aborts once `ready` says the run is under way. */
async function runAborted(
  args: string[],
  ready: (stdout: string) => boolean,
  afterMs = 1500,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const controller = new AbortController();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => {
    out += c.toString();
    if (!controller.signal.aborted && ready(out)) controller.abort();
  });
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const io: Io = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {},
    cwd: ROOT,
    now: () => new Date("2026-03-04T00:00:00Z"),
    signal: controller.signal,
  };
  // Commands that print only at the end are aborted while they wait for stdin.
  const timer = setTimeout(() => controller.abort(), afterMs);
  const code = await run(args, io);
  clearTimeout(timer);
  return { code, stdout: out, stderr: err };
}

describe("an aborted run", () => {
  it.each([
    ["lookup", ["lookup", "-j", "2", "-o", "ndjson", "--sort", "none", FIXTURE_BUCKET, "-"]],
    ["classify", ["classify", "-j", "2", FIXTURE_BUCKET, "-"]],
    ["summary", ["summary", "-j", "2", FIXTURE_BUCKET, "-"]],
    ["check", ["check", "-j", "2", FIXTURE_BUCKET, "-"]],
  ])("%s returns 130 and reports nothing", async (_name, args) => {
    const r = await runAborted(args, (out) => out.length > 0);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe("");
  });

  it.each([["classify"], ["summary"], ["check"], ["validate-logs"]])(
    "%s aborted while it lists the folders prints no partial report and no error about files it did not reach",
    async (command) => {
      const r = await runAborted([command, "-j", "2", FIXTURE_BUCKET], () => false, 0);
      expect(r).toEqual({ code: 130, stdout: "", stderr: "" });
    },
  );

  it("validate-logs stops its chain walk and worker pool: 130, and no file in flight is reported", async () => {
    const r = await runAborted(["validate-logs", "-j", "2", "--verbose", FIXTURE_BUCKET], (out) => out.includes("Log file"));
    expect(r.code).toBe(130);
    expect(r.stderr).toBe("");
  });
});
