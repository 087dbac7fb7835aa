// workersFor: how many workers a command line will want, read before commander runs. A wrong
// guess only costs speed, so anything unusual must answer 0 rather than start idle threads.
import { describe, expect, it } from "vitest";
import { workersFor } from "../../../src/cli/prewarm.js";

describe("workersFor", () => {
  it.each([
    [["lookup", "./bucket"], 4],
    [["validate-logs", "./bucket"], 4],
    [["summary", "-j", "2", "./bucket"], 2],
    [["check", "--threads", "3", "./bucket"], 3],
    [["classify", "--threads=8", "./bucket"], 8],
    [["export", "-j6", "--to", "out", "./bucket"], 6],
    [["lookup", "-j", "0", "./bucket"], 4], // 0 means all cores, as --threads does
    [["sql", "SELECT 1", "./bucket"], 4],
    [["lookup", "--", "-j", "1"], 4], // after --, a path: the default applies
  ])("%j on 4 cores: %i", (argv, n) => {
    expect(workersFor(argv, 4)).toBe(n);
  });

  it.each([
    [["lookup", "-j", "1", "./bucket"]], // inline
    [["lookup", "-j", "two", "./bucket"]], // the real parser reports it
    [["lookup", "-j", "9999", "./bucket"]], // beyond the limit: a usage error follows
    [["lookup", "--help"]],
    [["lookup", "-h"]],
    [["rules", "list"]],
    [["--version"]],
    [[]],
  ])("%j: none", (argv) => {
    expect(workersFor(argv, 4)).toBe(0);
  });

  it("starts none on one core", () => {
    expect(workersFor(["lookup", "./bucket"], 1)).toBe(0);
  });
});
