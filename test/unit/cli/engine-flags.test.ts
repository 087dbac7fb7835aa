// The engine flags ct sets at start: which commands get them, and that each one is known to the V8
// of the Node running the tests. V8 does not fail on an unknown flag: it prints "Error:
// unrecognized flag" on stderr, which would then appear on every run after a Node upgrade.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { engineFlagsFor, tuneEngine } from "../../../src/cli/engine-flags.js";

const runNode = (script: string) => spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });

describe("engineFlagsFor", () => {
  it.each([
    [["lookup", "--user", "alice", "./bucket"], ["--interrupt-budget=1000000"]],
    [["validate-logs", "./bucket"], ["--interrupt-budget=1000000"]],
    [["sql", "SELECT 1"], ["--interrupt-budget=1000000"]],
    [["summary", "./bucket"], []],
    [["check", "./bucket"], []],
    [["export", "--to", "out"], []],
    [["--help"], []],
    [[], []],
  ])("%j → %j", (argv, flags) => {
    expect(engineFlagsFor(argv)).toEqual(flags);
  });

  it("tuneEngine sets exactly those flags", () => {
    const set: string[] = [];
    tuneEngine(["lookup", "./bucket"], (f) => set.push(f));
    expect(set).toEqual(["--interrupt-budget=1000000"]);
    tuneEngine(["summary", "./bucket"], (f) => set.push(f));
    expect(set).toHaveLength(1);
  });

  it.each(engineFlagsFor(["lookup"]))("%s is accepted silently by this Node's V8", (flag) => {
    const r = runNode(`require("node:v8").setFlagsFromString(${JSON.stringify(flag)}); process.stdout.write("ok")`);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: "ok", stderr: "" });
  });

  it("an unknown flag is reported on stderr, so the check above can fail", () => {
    const r = runNode('require("node:v8").setFlagsFromString("--no-such-engine-flag-for-ct")');
    expect(r.stderr).toMatch(/unrecognized flag/);
  });
});
