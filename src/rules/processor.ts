// Rule evaluation as a reader processor: given the rules as plain data (RulesParams), it evaluates
// the records of ONE file (in a worker thread or inline) and returns one finding accumulator per
// rule that matched. The main thread merges those partials across files and finishes the findings.
// Has the shape of read/processors.ts' ProcessorFactory so read/processors.ts can load it; prints nothing.
import { z } from "zod";
import type { CloudTrailRecord } from "../model/event.js";
import { eventMillisOf } from "../model/record-fields.js";
import { type FindingAcc, type Finding, addMatch, finishFinding, foldFindingAcc, newFindingAcc, sampleOf } from "./alarm.js";
import { compileRules } from "./evaluate.js";
import { type Rule, RuleSchema } from "./rule.js";

/** What `ct check` sends to the readers: the rules and how many samples to keep per rule. */
export const RulesParamsSchema = z.object({
  rules: z.array(RuleSchema),
  samples: z.int().min(0),
});
export type RulesParams = z.infer<typeof RulesParamsSchema>;

/** One file's result: `[rule index, accumulator]` for each rule with at least one match. */
export type RulesPartial = [number, FindingAcc][];

interface Prepared {
  params: RulesParams;
  match: (record: unknown) => number[];
}

/** The job's params object is the same for every file of a run: validate and compile it once. */
const prepared = new WeakMap<object, Prepared>();

function prepare(raw: unknown): Prepared {
  if (typeof raw === "object" && raw !== null) {
    const hit = prepared.get(raw);
    if (hit !== undefined) return hit;
  }
  const params = RulesParamsSchema.parse(raw);
  const p = { params, match: compileRules(params.rules) };
  if (typeof raw === "object" && raw !== null) prepared.set(raw, p);
  return p;
}

/** The per-file processor: evaluates every record handed to it against all rules. */
export function rulesProcessor(rawParams: unknown): { add(record: CloudTrailRecord, index: number): void; finish(): RulesPartial } {
  const { params, match } = prepare(rawParams);
  const accs = new Map<number, FindingAcc>();
  return {
    add(record) {
      const hits = match(record);
      if (hits.length === 0) return;
      const millis = eventMillisOf(record);
      const sample = sampleOf(record);
      for (const i of hits) {
        let acc = accs.get(i);
        if (acc === undefined) {
          acc = newFindingAcc(params.rules[i]!.threshold, params.samples);
          accs.set(i, acc);
        }
        addMatch(acc, millis, sample);
      }
    },
    finish: () => [...accs.entries()].sort((a, b) => a[0] - b[0]),
  };
}

/** Processor factories by name, loaded by name in read/processors.ts. */
export const RULE_PROCESSORS = { rules: rulesProcessor } as const;

/** Running totals for a run: one empty accumulator per rule. */
export function newRuleTotals(params: RulesParams): FindingAcc[] {
  return params.rules.map((r) => newFindingAcc(r.threshold, params.samples));
}

/** Folds one file's partial into the running totals. */
export function mergeRulesPartial(totals: FindingAcc[], partial: RulesPartial): void {
  for (const [i, acc] of partial) {
    const current = totals[i];
    if (current === undefined) throw new Error(`rule index ${i} out of range`);
    foldFindingAcc(current, acc);
  }
}

/** The finding of every rule, in rule order. */
export function finishRules(totals: readonly FindingAcc[], rules: readonly Rule[]): Finding[] {
  return rules.map((rule, i) => finishFinding(totals[i]!, rule));
}
