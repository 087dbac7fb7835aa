// What ct itself writes to a terminal in colour: every escape sequence it emits is complete (SGR
// `ESC [ digits m`), so no layout step (table wrapping, cutting long cells) leaves a broken one.
import { describe, expect, it } from "vitest";
import { FIXTURE_BUCKET, runCt } from "../helpers/run-ct.js";

/** Every ESC must start a complete SGR sequence; returns the lines where one does not. */
function brokenEscapes(text: string): string[] {
  return text.split("\n").filter((line) => line.replace(/\x1b\[[0-9;]*m/g, "").includes("\x1b"));
}

describe("colour output on a terminal", () => {
  it.each([
    ["classify", "text"],
    ["classify", "table"],
    ["summary", "text"],
    ["summary", "table"],
    ["lookup", "table"],
    ["lookup", "text"],
    ["check", "text"],
  ])("%s -o %s writes only complete escape sequences", async (command, format) => {
    const args = [command, "-j", "1", "--color", "always", "-o", format, ...(command === "lookup" ? ["--limit", "50"] : []), FIXTURE_BUCKET];
    const r = await runCt(args, { stdoutTTY: true });
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toContain("\x1b[");
    expect(brokenEscapes(r.stdout)).toEqual([]);
  });
});
