// Table tests for the shared flags: repeatable and comma-separated values, the time window with
// its errors naming the flag, sizes, counts, and the run settings taken from the environment.
import os from "node:os";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type RawRun,
  collect,
  collectList,
  parseCount,
  parseSize,
  pruneSpecOf,
  resolveRun,
  resolveWindow,
} from "../../../src/cli/options.js";
import { UsageError } from "../../../src/errors.js";
import type { Io, OutStream } from "../../../src/io.js";
import { DEFAULT_MAX_INFLATED_BYTES } from "../../../src/read/decode.js";

const NOW = new Date(Date.UTC(2026, 2, 4, 12));

/** The UsageError a call throws, as `flag: message`. */
function usage(fn: () => unknown): { flag: string | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return { flag: (err as UsageError).flag, message: (err as UsageError).message };
  }
  throw new Error("no UsageError thrown");
}

describe("collect and collectList", () => {
  it("collects every occurrence", () => {
    expect(collect("a,b", undefined)).toEqual(["a,b"]);
    expect(collect("c", ["a,b"])).toEqual(["a,b", "c"]);
  });

  it("splits comma-separated values and drops empty ones", () => {
    expect(collectList("us-east-1, eu-west-1,", undefined)).toEqual(["us-east-1", "eu-west-1"]);
    expect(collectList("ap-south-1", ["us-east-1"])).toEqual(["us-east-1", "ap-south-1"]);
    expect(collectList(",,", undefined)).toEqual([]);
  });
});

describe("resolveWindow", () => {
  it.each<[string, Parameters<typeof resolveWindow>[0], ReturnType<typeof resolveWindow>]>([
    ["nothing", {}, { since: undefined, until: undefined, accounts: undefined, regions: undefined }],
    ["a relative --since", { since: "7d" }, { since: NOW.getTime() - 7 * 86_400_000, until: undefined, accounts: undefined, regions: undefined }],
    [
      "one day: a date alone ends at the end of the day",
      { since: "2026-03-01", until: "2026-03-01" },
      { since: Date.UTC(2026, 2, 1), until: Date.UTC(2026, 2, 1, 23, 59, 59, 999), accounts: undefined, regions: undefined },
    ],
    [
      "the AWS CLI spellings",
      { startTime: "2026-03-01T10:00:00Z", endTime: "1772366400" },
      { since: Date.UTC(2026, 2, 1, 10), until: Date.UTC(2026, 2, 1, 12), accounts: undefined, regions: undefined },
    ],
    ["equal edges", { since: "2026-03-01T10:00Z", until: "2026-03-01T10:00Z" }, { since: Date.UTC(2026, 2, 1, 10), until: Date.UTC(2026, 2, 1, 10), accounts: undefined, regions: undefined }],
    [
      "accounts and regions",
      { account: ["111122223333", "444455556666"], region: ["us-east-1"] },
      { since: undefined, until: undefined, accounts: ["111122223333", "444455556666"], regions: ["us-east-1"] },
    ],
  ])("resolves %s", (_label, raw, expected) => {
    expect(resolveWindow(raw, NOW)).toEqual(expected);
  });

  it.each<[string, Parameters<typeof resolveWindow>[0], string, RegExp]>([
    ["an unreadable --since", { since: "last tuesday" }, "--since", /^--since: cannot parse "last tuesday": use a relative time/],
    ["an unreadable --until", { until: "2026-02-30" }, "--until", /^--until: cannot parse "2026-02-30": use /],
    ["an unreadable --start-time", { startTime: "x" }, "--start-time", /^--start-time: cannot parse "x"/],
    ["an unreadable --end-time", { endTime: "x" }, "--end-time", /^--end-time: cannot parse "x"/],
    ["--since and --start-time together", { since: "1d", startTime: "2d" }, "--since", /^--since: give --since or --start-time, not both$/],
    ["--until and --end-time together", { until: "1d", endTime: "2d" }, "--until", /^--until: give --until or --end-time, not both$/],
    [
      "--since after --until",
      { since: "2026-03-02", until: "2026-03-01T12:00Z" },
      "--since",
      /^--since: 2026-03-02T00:00:00\.000Z is after --until 2026-03-01T12:00:00\.000Z$/,
    ],
    [
      "--start-time after --end-time, named as typed",
      { startTime: "2026-03-02", endTime: "2026-03-01" },
      "--start-time",
      /^--start-time: 2026-03-02T00:00:00\.000Z is after --end-time 2026-03-01T23:59:59\.999Z$/,
    ],
    ["a short account id", { account: ["12345"] }, "--account", /^--account: "12345" is not a 12-digit AWS account id$/],
    ["an account alias", { account: ["111122223333", "prod"] }, "--account", /^--account: "prod" is not a 12-digit AWS account id$/],
  ])("refuses %s, naming the flag", (_label, raw, flag, message) => {
    const e = usage(() => resolveWindow(raw, NOW));
    expect(e.flag).toBe(flag);
    expect(e.message).toMatch(message);
  });
});

describe("pruneSpecOf", () => {
  it("carries only what the window sets", () => {
    expect(pruneSpecOf({ since: undefined, until: undefined, accounts: undefined, regions: undefined }, ["CloudTrail"])).toEqual({
      kinds: new Set(["CloudTrail"]),
    });
    expect(
      pruneSpecOf({ since: 1, until: 2, accounts: ["111122223333"], regions: ["us-east-1"] }, ["CloudTrail", "CloudTrail-Insight"]),
    ).toEqual({
      kinds: new Set(["CloudTrail", "CloudTrail-Insight"]),
      accounts: new Set(["111122223333"]),
      regions: new Set(["us-east-1"]),
      since: 1,
      until: 2,
    });
  });
});

describe("parseCount", () => {
  it.each<[string, number, number]>([
    ["1", 1, 1],
    ["20", 1, 20],
    [" 7 ", 1, 7],
    ["007", 1, 7],
    ["0", 0, 0],
  ])("%j (min %i) → %i", (text, min, expected) => {
    expect(parseCount(text, "--limit", min)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ["0", 1, "--limit: must be at least 1"],
    ["-1", 1, '--limit: "-1" is not a whole number'],
    ["1.5", 1, '--limit: "1.5" is not a whole number'],
    ["ten", 1, '--limit: "ten" is not a whole number'],
    ["", 1, '--limit: "" is not a whole number'],
    ["1e3", 1, '--limit: "1e3" is not a whole number'],
  ])("refuses %j (min %i)", (text, min, message) => {
    expect(usage(() => parseCount(text, "--limit", min))).toEqual({ flag: "--limit", message });
  });
});

describe("parseSize", () => {
  it.each<[string, number]>([
    ["1048576", 1_048_576],
    ["512MiB", 512 * 1024 ** 2],
    ["2GiB", 2 * 1024 ** 3],
    ["2gib", 2 * 1024 ** 3],
    ["100MB", 100_000_000],
    ["1GB", 1_000_000_000],
    ["64k", 65_536],
    ["64KiB", 65_536],
    ["64kB", 64_000],
    ["1.5G", 1.5 * 1024 ** 3],
    ["10 M", 10 * 1024 ** 2],
    ["3b", 3],
    [" 1m ", 1024 ** 2],
  ])("%j → %i", (text, expected) => {
    expect(parseSize(text, "--max-inflate")).toBe(expected);
  });

  it.each<[string, string]>([
    ["0", "--max-inflate: must be positive"],
    ["0.1", "--max-inflate: must be positive"],
    ["-1MiB", '--max-inflate: "-1MiB" is not a size (e.g. 512MiB, 2GiB)'],
    ["1TB", '--max-inflate: "1TB" is not a size (e.g. 512MiB, 2GiB)'],
    ["lots", '--max-inflate: "lots" is not a size (e.g. 512MiB, 2GiB)'],
    ["", '--max-inflate: "" is not a size (e.g. 512MiB, 2GiB)'],
  ])("refuses %j", (text, message) => {
    expect(usage(() => parseSize(text, "--max-inflate"))).toEqual({ flag: "--max-inflate", message });
  });
});

describe("resolveRun", () => {
  function io(opts: { stdoutTTY?: boolean; stderrTTY?: boolean; env?: Record<string, string> } = {}): Io {
    const out = (tty: boolean) => Object.assign(new PassThrough(), { isTTY: tty }) as unknown as OutStream;
    return {
      stdout: out(opts.stdoutTTY ?? false),
      stderr: out(opts.stderrTTY ?? false),
      stdin: new PassThrough(),
      env: opts.env ?? {},
      cwd: "/",
      now: () => NOW,
      signal: new AbortController().signal,
    };
  }
  const base: RawRun = { color: "auto", progress: true, maxInflate: "2GiB" };
  const cores = Math.max(1, os.availableParallelism());

  it("defaults to every core, reads -j, and takes -j 0 as auto", () => {
    expect(resolveRun(base, io()).threads).toBe(cores);
    expect(resolveRun({ ...base, threads: "3" }, io()).threads).toBe(3);
    expect(resolveRun({ ...base, threads: "0" }, io()).threads).toBe(cores);
    expect(usage(() => resolveRun({ ...base, threads: "two" }, io()))).toEqual({
      flag: "--threads",
      message: '--threads: "two" is not a whole number',
    });
  });

  it("resolves every setting", () => {
    expect(resolveRun({ ...base, threads: "1", quiet: true, debug: true, stats: true, maxInflate: "1MiB", checkAll: true }, io())).toEqual({
      threads: 1,
      color: "auto",
      quiet: true,
      debug: true,
      stats: true,
      progress: false,
      maxInflatedBytes: 1024 ** 2,
      checkAll: true,
      colorLevel: 0,
    });
    expect(resolveRun(base, io()).checkAll).toBe(false);
    expect(resolveRun({ ...base, maxInflate: "" }, io()).maxInflatedBytes).toBe(DEFAULT_MAX_INFLATED_BYTES);
  });

  it("shows progress only on a terminal and never with --no-progress", () => {
    expect(resolveRun(base, io({ stderrTTY: true })).progress).toBe(true);
    expect(resolveRun(base, io({ stderrTTY: false })).progress).toBe(false);
    expect(resolveRun({ ...base, progress: false }, io({ stderrTTY: true })).progress).toBe(false);
  });

  it("decides colour from --color, the terminal and the environment", () => {
    expect(resolveRun(base, io({ stdoutTTY: true })).colorLevel).toBe(1);
    expect(resolveRun(base, io({ stdoutTTY: true, env: { NO_COLOR: "1" } })).colorLevel).toBe(0);
    expect(resolveRun({ ...base, color: "always" }, io()).colorLevel).toBe(1);
    expect(resolveRun({ ...base, color: "never" }, io({ stdoutTTY: true, env: { FORCE_COLOR: "3" } })).colorLevel).toBe(0);
  });

  it("refuses a bad --max-inflate", () => {
    expect(usage(() => resolveRun({ ...base, maxInflate: "huge" }, io())).flag).toBe("--max-inflate");
  });
});
