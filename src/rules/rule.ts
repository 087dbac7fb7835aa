// The rule model: a detection is plain data (id, title, severity, an EventBridge pattern or a
// CloudWatch Logs filter pattern, an optional alarm threshold) so it can travel to worker threads;
// compileRule turns it into a predicate where it is used. Also the loader for JSON/YAML rule files.
// Does not read files: callers pass the text.
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../model/record-depth.js";
import { PatternError, RuleError } from "./errors.js";
import { normalizeCloudTrailPattern, toEventBridgeEvent } from "./envelope.js";
import { parseEventPattern, compileEventPattern, type PatternObject } from "./event-pattern.js";
import { compileMetricFilter, parseMetricFilter, type FilterExpr } from "./metric-filter.js";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Orders severities for `--fail-on`: a finding fails the run when its rank is at least the threshold's. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** A CloudWatch-alarm style threshold: the rule fires in a period whose match count reaches `count`. */
export const ThresholdSchema = z.strictObject({
  count: z.int().min(1),
  periodMinutes: z.int().min(1).max(1440),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

const PatternSchema = z.union(
  [
    z.strictObject({ eventbridge: z.record(z.string(), z.unknown()) }),
    z.strictObject({ metricFilter: z.string().min(1) }),
  ],
  { error: 'must be {"eventbridge": {...event pattern...}} or {"metricFilter": "{ ...filter pattern... }"}' },
);

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"' }),
  title: z.string().min(1),
  severity: SeveritySchema,
  description: z.string().default(""),
  pattern: PatternSchema,
  threshold: ThresholdSchema.optional(),
  references: z
    .strictObject({ cis: z.array(z.string()).optional(), securityHub: z.array(z.string()).optional() })
    .optional(),
  /** Names the variant when one control has several published forms (e.g. "v1.2" and "v1.4+"). */
  variant: z.string().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** A compiled rule pattern: what it is tested against, the predicate, and its parsed form for the index. */
export type CompiledPattern =
  | { readonly target: "envelope"; readonly test: (envelope: unknown) => boolean; readonly parsed: PatternObject }
  | { readonly target: "record"; readonly test: (record: unknown) => boolean; readonly parsed: FilterExpr };

/**
 * Compiles a rule's pattern. EventBridge patterns are tested against the record's EventBridge
 * envelope (see envelope.ts), with both sign-in detail-type spellings accepted; filter patterns
 * against the record itself, as a CloudWatch Logs metric filter on a trail's log group sees it.
 */
export function compilePattern(rule: Rule): CompiledPattern {
  if ("eventbridge" in rule.pattern) {
    const pattern = normalizeCloudTrailPattern(rule.pattern.eventbridge);
    return { target: "envelope", test: compileEventPattern(pattern), parsed: parseEventPattern(pattern) };
  }
  const text = rule.pattern.metricFilter;
  return { target: "record", test: compileMetricFilter(text), parsed: parseMetricFilter(text) };
}

/** Compiles a rule into a predicate over one CloudTrail record (compile once, call per record). */
export function compileRule(rule: Rule): (record: unknown) => boolean {
  const compiled = compilePattern(rule);
  if (compiled.target === "record") return compiled.test;
  return (record) => compiled.test(toEventBridgeEvent(record));
}

/**
 * Parses a rule file: JSON (`.json`) or YAML (anything else), holding a list of rules or
 * `{"rules": [...]}`. Every rule is validated and its pattern compiled, so a bad rule fails here,
 * with the file, the rule's index and id, and the reason.
 */
export function parseRuleFile(text: string, fileName: string): Rule[] {
  let doc: unknown;
  try {
    doc = /\.json$/i.test(fileName) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const kind = /\.json$/i.test(fileName) ? "JSON" : "YAML";
    throw new RuleError(`${fileName}: not valid ${kind}: ${(e as Error).message.split("\n")[0]!.replace(/:$/, "")}`);
  }
  const list = Array.isArray(doc)
    ? doc
    : typeof doc === "object" && doc !== null && Array.isArray((doc as Record<string, unknown>)["rules"])
      ? ((doc as Record<string, unknown>)["rules"] as unknown[])
      : undefined;
  if (list === undefined) throw new RuleError(`${fileName}: expected a list of rules or {"rules": [...]}`);
  if (list.length === 0) throw new RuleError(`${fileName}: the file holds no rules`);
  const seen = new Map<string, number>();
  return list.map((raw, i) => {
    const rawId = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["id"] : undefined;
    const where = `${fileName}: rules[${i}]${typeof rawId === "string" ? ` "${rawId}"` : ""}`;
    const rule = validateRule(raw, where);
    const previous = seen.get(rule.id);
    if (previous !== undefined) throw new RuleError(`${where}: duplicate id (also rules[${previous}])`);
    seen.set(rule.id, i);
    return rule;
  });
}

/** Validates one rule (shape and pattern); `where` prefixes error messages. */
export function validateRule(raw: unknown, where: string): Rule {
  // Validation and compilation recurse through the pattern: a hostile depth is refused first.
  if (nestsDeeperThan(raw)) throw new RuleError(`${where}: nested more than ${MAX_RECORD_DEPTH} levels deep`);
  const parsed = RuleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
    throw new RuleError(`${where}: ${at}${issue.message}`);
  }
  try {
    compilePattern(parsed.data);
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    const kind = "eventbridge" in parsed.data.pattern ? "pattern.eventbridge" : "pattern.metricFilter";
    throw new RuleError(`${where}: ${kind}: ${e.message}`);
  }
  return parsed.data;
}
