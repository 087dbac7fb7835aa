// Tests for the colour decision: --color, NO_COLOR, FORCE_COLOR, TERM=dumb and whether stdout is
// a terminal, in the order they take precedence.
import { describe, expect, it } from "vitest";
import { type ColorMode, colorLevel, makeChalk } from "../../../src/output/style.js";

describe("colorLevel", () => {
  it.each<[ColorMode, boolean, Record<string, string>, number]>([
    ["never", true, { FORCE_COLOR: "3", COLORTERM: "truecolor" }, 0],
    ["auto", true, {}, 1],
    ["auto", false, {}, 0],
    ["auto", true, { COLORTERM: "truecolor" }, 3],
    ["auto", true, { TERM: "dumb" }, 0],
    ["auto", true, { NO_COLOR: "1" }, 0],
    ["auto", true, { NO_COLOR: "" }, 1],
    ["auto", false, { FORCE_COLOR: "1" }, 1],
    ["auto", false, { FORCE_COLOR: "" }, 1],
    ["auto", false, { FORCE_COLOR: "true" }, 1],
    ["auto", false, { FORCE_COLOR: "2" }, 2],
    ["auto", false, { FORCE_COLOR: "9" }, 3],
    ["auto", true, { FORCE_COLOR: "0" }, 0],
    ["auto", true, { FORCE_COLOR: "false" }, 0],
    ["auto", true, { FORCE_COLOR: "1", NO_COLOR: "1" }, 1],
    ["always", false, {}, 1],
    ["always", false, { NO_COLOR: "1" }, 1],
    ["always", false, { FORCE_COLOR: "0" }, 1],
    ["always", false, { FORCE_COLOR: "3" }, 3],
  ])("--color %s, terminal %s, env %j → %i", (mode, tty, env, level) => {
    expect(colorLevel(mode, tty, env)).toBe(level);
  });
});

describe("makeChalk", () => {
  it("colours at a level above 0 and not at 0", () => {
    expect(makeChalk(0).red("x")).toBe("x");
    expect(makeChalk(1).red("x")).toBe("\x1b[31mx\x1b[39m");
  });
});
