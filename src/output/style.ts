// The colour decision: --color auto|always|never, NO_COLOR and FORCE_COLOR, and whether stdout
// is a terminal. Produces a Chalk instance that printers use; nothing else in ct colours text.
import { Chalk, type ChalkInstance } from "chalk";

export type ColorMode = "auto" | "always" | "never";

/** Chalk colour level (0 none … 3 truecolor) for a stream. */
export function colorLevel(mode: ColorMode, isTTY: boolean, env: Readonly<Record<string, string | undefined>>): 0 | 1 | 2 | 3 {
  if (mode === "never") return 0;
  const force = env["FORCE_COLOR"];
  const forced = force === undefined ? undefined : force === "" || force === "true" ? 1 : force === "false" ? 0 : Math.min(3, Number(force) || 0);
  if (mode === "always") return (forced && forced > 0 ? forced : 1) as 1 | 2 | 3;
  if (forced !== undefined) return forced as 0 | 1 | 2 | 3;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return 0;
  if (!isTTY || env["TERM"] === "dumb") return 0;
  return env["COLORTERM"] === "truecolor" ? 3 : 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
