// Builds the commander program: global help and version, output bound to the Io, errors turned
// into exceptions (exitOverride) so run() decides the exit code. One line per subcommand.
// Only the command being run is imported (start-up time is part of every scan); help loads all.
import { createRequire } from "node:module";
import { Command } from "commander";
import { sanitizeLines } from "../output/sanitize.js";
import type { CommandContext } from "./context.js";
import { EXIT_CODES_HELP } from "./options.js";

/** Set by the bundler (scripts/build.mjs); undefined when running from the TypeScript sources. */
declare const __CT_VERSION__: string | undefined;

type Register = (program: Command, ctx: CommandContext) => void;

/** Every subcommand, in help order, loaded on demand. */
const COMMANDS: Readonly<Record<string, () => Promise<{ register: Register }>>> = {
  lookup: () => import("./commands/lookup.js"),
  classify: () => import("./commands/classify.js"),
  summary: () => import("./commands/summary.js"),
  "validate-logs": () => import("./commands/validate-logs.js"),
  check: () => import("./commands/check.js"),
  rules: () => import("./commands/rules.js"),
  sql: () => import("./commands/sql.js"),
  export: () => import("./commands/export.js"),
};

function version(): string {
  if (typeof __CT_VERSION__ === "string") return __CT_VERSION__;
  try {
    return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The command tree for these arguments (the named subcommand only, or all of them), writing to the Io. */
export async function buildProgram(ctx: CommandContext, argv: readonly string[] = []): Promise<Command> {
  const { io } = ctx;
  const program = new Command("ct")
    .description("Offline analysis of AWS CloudTrail logs exported to disk (aws s3 sync s3://bucket/AWSLogs ./bucket)")
    .version(version(), "-V, --version")
    .showSuggestionAfterError(true)
    .configureHelp({ helpWidth: Math.min(io.stdout.columns ?? 100, 120) })
    .addHelpText("after", EXIT_CODES_HELP);
  program.configureOutput({
    writeOut: (s) => void io.stdout.write(s),
    writeErr: (s) => void io.stderr.write(s),
    // Commander quotes the arguments it rejects, and arguments can be file names from a glob.
    outputError: (s, write) => write(sanitizeLines(s.replace(/^error: /, "ct: "))),
  });
  program.exitOverride();
  const first = argv.find((a) => !a.startsWith("-"));
  const names = first !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!()).register(program, ctx);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(sanitizeLines(s.replace(/^error: /, `ct ${cmd.name()}: `))),
    });
  }
  return program;
}
