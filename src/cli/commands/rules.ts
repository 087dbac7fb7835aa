// `ct rules list` (the rules a --rules value loads) and `ct rules test PATTERN EVENT` (one pattern
// against one event, like the EventBridge sandbox: prints "match" or "no match", exit 0 or 1).
// Reading the arguments is here; compiling and matching are src/rules (sandbox.ts, packs).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Command, Option } from "commander";
import { InputError, UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { sanitizeLines, sanitizeTerminal } from "../../output/sanitize.js";
import { Sink } from "../../output/sink.js";
import { parseRulesOption, resolveRules } from "../../rules/packs/index.js";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../../model/record-depth.js";
import type { Rule } from "../../rules/rule.js";
import { compileSandboxPattern, sandboxMatch } from "../../rules/sandbox.js";
import type { CommandContext } from "../context.js";

async function readArg(io: Io, value: string, what: string): Promise<{ text: string; label: string }> {
  const trimmed = value.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return { text: value, label: what };
  if (value === "-") {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
    return { text: Buffer.concat(chunks).toString("utf8"), label: "<stdin>" };
  }
  try {
    return { text: await readFile(path.resolve(io.cwd, value), "utf8"), label: value };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError("E_READ", code === "ENOENT" ? "no such file (give a path or inline JSON)" : (err as Error).message, value);
  }
}

/** Runs `ct rules test`: returns 0 on a match, 1 otherwise; bad input throws (exit 2). */
export async function runRulesTest(patternArg: string, eventArg: string, io: Io): Promise<number> {
  const pattern = await readArg(io, patternArg, "PATTERN");
  const event = await readArg(io, eventArg, "EVENT");
  const compiled = (() => {
    try {
      return compileSandboxPattern(pattern.text);
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "E_PATTERN") throw new InputError("E_PATTERN", err.message, pattern.label);
      throw err;
    }
  })();
  let record: unknown;
  try {
    record = JSON.parse(event.text);
  } catch (err) {
    throw new InputError("E_JSON", `not valid JSON: ${(err as Error).message}`, event.label);
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new InputError("E_JSON", "the event must be a JSON object (a CloudTrail record or an EventBridge event)", event.label);
  }
  if (nestsDeeperThan(record)) throw new InputError("E_JSON", `the event is nested more than ${MAX_RECORD_DEPTH} levels deep`, event.label);
  const matched = sandboxMatch(compiled, record);
  io.stdout.write(matched ? "match\n" : "no match\n");
  return matched ? 0 : 1;
}

function thresholdText(rule: Rule): string {
  return rule.threshold === undefined ? "any match" : `≥${rule.threshold.count} in ${rule.threshold.periodMinutes} min`;
}

/** Runs `ct rules list`. */
export async function runRulesList(rulesValue: string, format: "text" | "json", io: Io): Promise<number> {
  const rules = await resolveRules(parseRulesOption(rulesValue), async (p) => {
    try {
      return await readFile(path.resolve(io.cwd, p), "utf8");
    } catch (err) {
      throw new InputError("E_RULES", (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such rule file" : (err as Error).message, p);
    }
  });
  const sink = new Sink(io.stdout);
  if (format === "json") {
    await sink.write(`${JSON.stringify(rules, null, 2)}\n`);
  } else {
    const idWidth = Math.max(2, ...rules.map((r) => r.id.length));
    const alarmWidth = Math.max(5, ...rules.map((r) => thresholdText(r).length));
    await sink.write(`${"ID".padEnd(idWidth)}  SEVERITY  ${"ALARM".padEnd(alarmWidth)}  TITLE\n`);
    for (const r of rules) {
      const refs = [...(r.references?.cis ?? []).map((c) => `CIS ${c}`), ...(r.references?.securityHub ?? [])].join(", ");
      const line = `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(8)}  ${thresholdText(r).padEnd(alarmWidth)}  ${r.title}${refs ? ` (${refs})` : ""}`;
      await sink.write(`${sanitizeTerminal(line)}\n`);
    }
  }
  await sink.flush();
  return 0;
}

/** Declares `ct rules list` and `ct rules test`. */
export function register(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const rules = program.command("rules").description("list the detection rules, or try a pattern on an event");
  const list = rules
    .command("list")
    .description("list the rules a --rules value loads: id, severity, alarm threshold, title, CIS and Security Hub ids")
    .option("--rules <LIST>", "comma-separated packs (cis, security) and rule files", "cis,security")
    .addOption(new Option("-o, --output <FORMAT>", "text, or json (the rules as a rule file)").choices(["text", "json"]).default("text"))
    .action(async (raw: { rules: string; output: "text" | "json" }) => {
      ctx.setExitCode(await runRulesList(raw.rules, raw.output, io));
    });
  const test = rules
    .command("test")
    .description('try an event pattern or filter pattern on one event; prints "match" or "no match" (exit 0 or 1)')
    .argument("<PATTERN>", "EventBridge pattern (JSON) or CloudWatch Logs filter pattern: inline, or a file path")
    .argument("<EVENT>", "a CloudTrail record or an EventBridge event (JSON): inline, a file path, or - for stdin")
    .addHelpText(
      "after",
      `
Examples:
  ct rules test '{"detail":{"eventName":["StopLogging"]}}' event.json
  ct rules test '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes" }' login.json
  ct lookup --event-name ConsoleLogin -o ndjson --limit 1 ./bucket | ct rules test pattern.json -

EventBridge patterns are matched against the record's EventBridge envelope (source aws.<service>,
detail-type, account, region, time, detail = the record), as a rule on the default bus sees it;
filter patterns against the record itself, as a metric filter on the trail's log group sees it.`,
    )
    .action(async (patternArg: string, eventArg: string) => {
      if (patternArg === "-" && eventArg === "-") throw new UsageError("only one of PATTERN and EVENT can be read from stdin");
      ctx.setExitCode(await runRulesTest(patternArg, eventArg, io));
    });
  for (const sub of [list, test]) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(sanitizeLines(s.replace(/^error: /, `ct rules ${sub.name()}: `))),
    });
  }
}
