// Builds the commander program: global help and version, output bound to the Io, errors turned
// into exceptions (exitOverride) so run() decides the exit code. One line per subcommand.
import { createRequire } from "node:module";
import { Command } from "commander";
import type { Io } from "../io.js";
import { register as registerCheck } from "./commands/check.js";
import { register as registerClassify } from "./commands/classify.js";
import { register as registerExport } from "./commands/export.js";
import { register as registerLookup } from "./commands/lookup.js";
import { register as registerRules } from "./commands/rules.js";
import { register as registerSql } from "./commands/sql.js";
import { register as registerSummary } from "./commands/summary.js";
import { register as registerValidateLogs } from "./commands/validate-logs.js";
import type { CommandContext } from "./context.js";
import { EXIT_CODES_HELP } from "./options.js";

const require = createRequire(import.meta.url);

function version(): string {
  try {
    return (require("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The whole command tree, writing to the given Io. */
export function buildProgram(ctx: CommandContext): Command {
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
    outputError: (s, write) => write(s.replace(/^error: /, "ct: ")),
  });
  program.exitOverride();
  registerLookup(program, ctx);
  registerClassify(program, ctx);
  registerSummary(program, ctx);
  registerValidateLogs(program, ctx);
  registerCheck(program, ctx);
  registerRules(program, ctx);
  registerSql(program, ctx);
  registerExport(program, ctx);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, `ct ${cmd.name()}: `)),
    });
  }
  return program;
}
