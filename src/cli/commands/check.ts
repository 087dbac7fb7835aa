// `ct check`: runs detection rules (the built-in cis and security packs, or rule files) over
// exported logs and reports, per rule, the matches, first and last time, alarm periods and samples.
// Declares the flags, loads the rules, sends them to the readers as plain data (src/rules/processor.ts
// evaluates them per file) and lays out the merged findings. Matching logic lives in src/rules.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ChalkInstance } from "chalk";
import { type Command, Option } from "commander";
import { InputError } from "../../errors.js";
import type { Io } from "../../io.js";
import { sanitizeTerminal } from "../../output/sanitize.js";
import { Sink } from "../../output/sink.js";
import { makeChalk } from "../../output/style.js";
import type { FilterSpec } from "../../query/filter-spec.js";
import type { Job } from "../../read/job.js";
import type { Finding, MatchSample } from "../../rules/alarm.js";
import { parseRulesOption, resolveRules } from "../../rules/packs/index.js";
import { type RulesParams, type RulesPartial, finishRules, mergeRulesPartial, newRuleTotals } from "../../rules/processor.js";
import { type Rule, SEVERITIES, SEVERITY_RANK, type Severity } from "../../rules/rule.js";
import type { CommandContext } from "../context.js";
import {
  EXIT_CODES_HELP, type RawRun, type RawWindow, addRunOptions, addWindowOptions, parseCount, resolveRun, resolveWindow,
} from "../options.js";
import { type ScanStats, explainEmptyScan, formatStats, startScan } from "../scan.js";

export const CHECK_FORMATS = ["text", "json", "ndjson", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

interface RawCheck extends RawWindow, RawRun {
  rules: string;
  samples: string;
  failOn?: Severity;
  output: CheckFormat;
}

export interface CheckOptions {
  inputs: string[];
  rules: Rule[];
  samples: number;
  /** Findings at or above this severity fail the run; undefined: any finding does. */
  failOn: Severity | undefined;
  format: CheckFormat;
  filter: FilterSpec;
  run: ReturnType<typeof resolveRun>;
  window: ReturnType<typeof resolveWindow>;
}

/** Reads a rule file relative to the working directory; failures are input errors naming the file. */
function ruleFileReader(io: Io): (p: string) => Promise<string> {
  return async (p) => {
    try {
      return await readFile(path.resolve(io.cwd, p), "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "no such rule file" : code === "EISDIR" ? "is a directory, not a rule file" : code === "EACCES" ? "permission denied" : (err as Error).message;
      throw new InputError("E_RULES", reason, p);
    }
  };
}

/** Turns raw flags into typed options and loads the rules; bad flags or rules throw (exit 2). */
export async function resolveCheck(inputs: string[], raw: RawCheck, io: Io): Promise<CheckOptions> {
  const window = resolveWindow(raw, io.now());
  const run = resolveRun(raw, io);
  const rules = await resolveRules(parseRulesOption(raw.rules), ruleFileReader(io));
  const filter: FilterSpec = {};
  if (window.accounts) filter.account = window.accounts;
  if (window.regions) filter.region = window.regions;
  if (window.since !== undefined) filter.since = window.since;
  if (window.until !== undefined) filter.until = window.until;
  return { inputs, rules, samples: parseCount(raw.samples, "--samples", 0), failOn: raw.failOn, format: raw.output, filter, run, window };
}

/** A finding as printed in JSON: the rule's result plus what the rule says about itself. */
function findingJson(f: Finding, rule: Rule): Record<string, unknown> {
  return {
    type: "finding",
    ...f,
    description: rule.description,
    ...(rule.references === undefined ? {} : { references: rule.references }),
  };
}

interface CheckSummary {
  type: "summary";
  rules: number;
  matched: number;
  fired: number;
  failing: number;
  failOn: Severity | "any";
  bySeverity: Record<Severity, number>;
  files: number;
  records: number;
  fileErrors: number;
}

function summarize(findings: readonly Finding[], failing: number, opts: CheckOptions, stats: ScanStats): CheckSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.fired) bySeverity[f.severity]++;
  return {
    type: "summary",
    rules: findings.length,
    matched: findings.filter((f) => f.matches > 0).length,
    fired: findings.filter((f) => f.fired).length,
    failing,
    failOn: opts.failOn ?? "any",
    bySeverity,
    files: stats.filesRead,
    records: stats.records,
    fileErrors: stats.filesErrored,
  };
}

// ---- text -----------------------------------------------------------------------------------

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
const matchesText = (n: number): string => `${n.toLocaleString("en-US")} ${n === 1 ? "match" : "matches"}`;
const MAX_PERIODS_SHOWN = 3;

function severityLabel(chalk: ChalkInstance, s: Severity): string {
  const label = s.toUpperCase().padEnd(8);
  return s === "critical" ? chalk.bold.red(label) : s === "high" ? chalk.red(label) : s === "medium" ? chalk.yellow(label) : chalk.cyan(label);
}

function sampleLine(s: MatchSample): string {
  const parts = [s.eventTime ?? "(no time)", s.eventName ?? "-", s.principal ?? "-", s.sourceIPAddress ?? "-", s.awsRegion ?? "-", s.eventID ?? "-"];
  return sanitizeTerminal(parts.join("  "));
}

/** Whole-second times without the ".000" CloudTrail never writes. */
const shortTime = (iso: string): string => iso.replace(/\.000Z$/, "Z");

function span(f: Finding): string {
  if (f.firstTime === undefined || f.lastTime === undefined) return "";
  const first = shortTime(f.firstTime);
  return f.firstTime === f.lastTime ? `, at ${first}` : `, ${first} … ${shortTime(f.lastTime)}`;
}

function alarmText(f: Finding): string {
  const t = f.threshold;
  if (t === undefined) return "";
  const rule = `≥${t.count} in ${t.periodMinutes} min`;
  if (!f.fired) return `; peak ${f.peakCount} in ${t.periodMinutes} min, below the alarm threshold (${rule})`;
  const periods = f.alarmPeriods.slice(0, MAX_PERIODS_SHOWN).map((p) => `${shortTime(p.start)} (${p.count})`).join(", ");
  const more = f.alarmPeriods.length > MAX_PERIODS_SHOWN ? `, … ${f.alarmPeriods.length - MAX_PERIODS_SHOWN} more` : "";
  return `; alarm (${rule}) fired in ${plural(f.alarmPeriods.length, "period")}: ${periods}${more}`;
}

function renderText(findings: readonly Finding[], summary: CheckSummary, chalk: ChalkInstance): string {
  const order = (a: Finding, b: Finding) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  const fired = findings.filter((f) => f.fired).sort(order);
  const below = findings.filter((f) => !f.fired && f.matches > 0);
  const out: string[] = [];
  for (const f of fired) {
    out.push(`${severityLabel(chalk, f.severity)}  ${chalk.bold(f.ruleId)}  ${sanitizeTerminal(f.title)}`);
    const untimed = f.untimed > 0 ? ` (${f.untimed} without a time)` : "";
    out.push(chalk.dim(`          ${matchesText(f.matches)}${untimed}${span(f)}${alarmText(f)}`));
    for (const s of f.samples) out.push(`          ${sampleLine(s)}`);
    if (f.matches > f.samples.length && f.samples.length > 0) out.push(chalk.dim(`          … ${f.matches - f.samples.length} more`));
    out.push("");
  }
  if (below.length > 0) {
    out.push(chalk.bold("Matched, below the alarm threshold:"));
    for (const f of below) out.push(`  ${f.ruleId}  ${matchesText(f.matches)}${alarmText(f)}`);
    out.push("");
  }
  const over = `over ${plural(summary.records, "record")} in ${plural(summary.files, "file")}`;
  if (summary.fired === 0) out.push(chalk.green(`No findings: ${plural(summary.rules, "rule")} checked ${over}.`));
  else {
    const counts = [...SEVERITIES].reverse().filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`).join(", ");
    const failing = summary.failOn === "any" ? "" : `; ${summary.failing} at or above ${summary.failOn}`;
    out.push(`${summary.fired} of ${plural(summary.rules, "rule")} fired ${over}: ${counts}${failing}.`);
  }
  return `${out.join("\n")}\n`;
}

// ---- JUnit XML --------------------------------------------------------------------------------

/** Escapes text for XML and drops the characters XML 1.0 cannot carry at all. */
function xml(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function renderJunit(findings: readonly Finding[], rules: readonly Rule[]): string {
  const failures = findings.filter((f) => f.fired).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ct check" tests="${findings.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="ct check" tests="${findings.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  findings.forEach((f, i) => {
    const name = xml(`${f.ruleId}: ${f.title}`);
    if (!f.fired) {
      lines.push(`    <testcase classname="ct.check" name="${name}"/>`);
      return;
    }
    const message = `${matchesText(f.matches)}${span(f)}${alarmText(f)}`;
    const body = [rules[i]!.description, ...f.samples.map((s) => [s.eventTime, s.eventName, s.principal, s.sourceIPAddress, s.awsRegion, s.eventID].map((v) => v ?? "-").join("  "))];
    lines.push(`    <testcase classname="ct.check" name="${name}">`);
    lines.push(`      <failure type="${f.severity}" message="${xml(message)}">${xml(body.join("\n"))}</failure>`);
    lines.push("    </testcase>");
  });
  lines.push("  </testsuite>", "</testsuites>");
  return `${lines.join("\n")}\n`;
}

// ---- run --------------------------------------------------------------------------------------

/** Runs the rules over the inputs, prints the findings and returns the exit code. */
export async function runCheck(opts: CheckOptions, io: Io): Promise<number> {
  const sink = new Sink(io.stdout);
  const params: RulesParams = { rules: opts.rules, samples: opts.samples };
  const job: Job = { filter: opts.filter, processor: "rules", params, maxInflatedBytes: opts.run.maxInflatedBytes };
  const { reporter, progress, stats, started, results } = startScan(io, opts.run, opts.inputs, opts.window, ["CloudTrail"], job);
  const totals = newRuleTotals(params);
  for await (const r of results) {
    const partial = r.output as RulesPartial | undefined;
    if (partial !== undefined) mergeRulesPartial(totals, partial);
  }
  const findings = finishRules(totals, opts.rules);
  const failOnRank = opts.failOn === undefined ? 0 : SEVERITY_RANK[opts.failOn];
  const failing = findings.filter((f) => f.fired && SEVERITY_RANK[f.severity] >= failOnRank).length;
  const summary = summarize(findings, failing, opts, stats);
  const reported = findings.map((f, i) => [f, opts.rules[i]!] as const).filter(([f]) => f.matches > 0);

  if (opts.format === "json") {
    const doc = { findings: reported.map(([f, rule]) => findingJson(f, rule)), summary };
    await sink.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (opts.format === "ndjson") {
    for (const [f, rule] of reported) await sink.write(`${JSON.stringify(findingJson(f, rule))}\n`);
    await sink.write(`${JSON.stringify(summary)}\n`);
  } else if (opts.format === "junit") {
    await sink.write(renderJunit(findings, opts.rules));
  } else {
    await sink.write(renderText(findings, summary, makeChalk(opts.run.colorLevel)));
  }
  await sink.flush();

  if (opts.run.stats) reporter.note(formatStats(stats, Date.now() - started));
  if (explainEmptyScan(stats, reporter, opts.inputs)) return 2;
  if (reporter.errored) return 2;
  return failing > 0 ? 1 : 0;
}

const EXAMPLES = `
Examples:
  ct check ./bucket                              the cis and security packs
  ct check --rules cis --since 30d ./bucket      CIS monitoring controls over the last 30 days
  ct check --rules security,./my-rules.yaml ./bucket
  ct check --fail-on high --output junit ./bucket > ct-check.xml
  ct check --output ndjson ./bucket | jq 'select(.type == "finding") | .ruleId'

A rule reports a finding when it matched (rules with a threshold: when some period reached it,
like a CloudWatch alarm: Sum over fixed periods aligned to the epoch, >= count). CIS controls use
their benchmark alarm, >= 1 match in 5 minutes. List the rules with 'ct rules list'; try a pattern
with 'ct rules test PATTERN EVENT'. Insights events (CloudTrail-Insight/ files) are not checked,
as ct lookup leaves them out by default. Exit status 1 when a finding is at or above --fail-on (default: any
finding), 0 when there is none.`;

/** Declares `ct check`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("check")
    .description("run detection rules (CIS monitoring controls, security detections, your own) and report findings")
    .argument("[PATH...]", "directories, files or globs of exported CloudTrail logs; - for stdin", ["."])
    .option("--rules <LIST>", "comma-separated packs (cis, security) and rule files (.json, .yaml)", "cis,security")
    .option("--samples <N>", "matching events shown per rule (the earliest)", "3")
    .addOption(new Option("--fail-on <SEVERITY>", "exit 1 only for findings at or above SEVERITY (default: any finding)").choices([...SEVERITIES]))
    .addOption(new Option("-o, --output <FORMAT>", "output format").choices([...CHECK_FORMATS]).default("text"));
  addWindowOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (paths: string[], raw: RawCheck) => {
    const opts = await resolveCheck(paths, raw, ctx.io);
    ctx.setExitCode(await runCheck(opts, ctx.io));
  });
}
