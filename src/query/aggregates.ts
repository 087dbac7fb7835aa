// The per-file aggregate processors behind `ct classify` and `ct summary`: run by the reader (in
// worker threads or inline) on the matching records of ONE file, they return partial aggregates
// that the main thread merges in input order. Plain data in and out; nothing here prints.
// They have the shape of read/processors.ts' ProcessorFactory so read/processors.ts can load them by name.
import { type Classification, classify } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import { type Breakdown, addToBreakdown, mergeBreakdowns, newBreakdown } from "./breakdown.js";
import type { RecordContext } from "./compile-filter.js";
import { type DataResources, addToDataResources, mergeDataResources, newDataResources } from "./data-resources.js";
import { type SummaryOptions, addToSummary, countFile, newSummary } from "./summary.js";

/** The key, kept apart from CloudTrail's own fields, under which `--output ndjson` adds the classification. */
export const ANNOTATION_KEY = "_ct";

export interface ClassifyParams {
  /** Also return each record as a JSON line carrying its classification under ANNOTATION_KEY. */
  annotate?: boolean;
}

/** One file's share of `ct classify`. */
export interface ClassifyPartial {
  breakdown: Breakdown;
  resources: DataResources;
  /** Annotated records in file order, when asked for. */
  lines: string[];
}

/** The record as read, with its classification appended under ANNOTATION_KEY. */
export function annotate(r: CloudTrailRecord, c: Classification): string {
  return JSON.stringify({ ...r, [ANNOTATION_KEY]: c });
}

interface AggregateProcessor {
  add(record: CloudTrailRecord, index: number): void;
  finish(): unknown;
}

function classifyProcessor(params: unknown): AggregateProcessor {
  const annotated = (params as ClassifyParams | undefined)?.annotate === true;
  const partial: ClassifyPartial = { breakdown: newBreakdown(), resources: newDataResources(), lines: [] };
  return {
    add(r) {
      const c = classify(r);
      addToBreakdown(partial.breakdown, r, c);
      addToDataResources(partial.resources, r, c);
      if (annotated) partial.lines.push(annotate(r, c));
    },
    finish: () => partial,
  };
}

function summaryProcessor(params: unknown, ctx: RecordContext): AggregateProcessor {
  const summary = newSummary((params as SummaryOptions | undefined) ?? {});
  countFile(summary);
  return {
    add(r) {
      addToSummary(summary, r, classify(r), ctx);
    },
    finish: () => summary,
  };
}

/** Processor factories by name, loaded by name in read/processors.ts. */
export const AGGREGATE_PROCESSORS: Record<string, (params: unknown, ctx: RecordContext) => AggregateProcessor> = {
  classify: classifyProcessor,
  summary: summaryProcessor,
};

/** Folds one file's classify partial into the running one (annotated lines are not kept). */
export function mergeClassifyPartials(into: ClassifyPartial, from: ClassifyPartial): ClassifyPartial {
  mergeBreakdowns(into.breakdown, from.breakdown);
  mergeDataResources(into.resources, from.resources);
  return into;
}

/** An empty classify partial, the start of a merge. */
export function newClassifyPartial(): ClassifyPartial {
  return { breakdown: newBreakdown(), resources: newDataResources(), lines: [] };
}
