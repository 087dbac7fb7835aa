// The per-file processors a Job can name: each turns the matching records of ONE file into a
// result that is small and structured-clone safe (matches as JSON text, or partial aggregates).
// This is where read meets query: workers import it, so processors must be pure and synchronous.
import { hashLogFile } from "../digest/log-hash.js";
import { type CloudTrailRecord, eventMillisOf } from "../model/event.js";
import { AGGREGATE_PROCESSORS } from "../query/aggregates.js";
import type { RecordContext } from "../query/compile-filter.js";
import { RULE_PROCESSORS } from "../rules/processor.js";
import { rowProcessor } from "../sql/row-processor.js";

export interface Processor {
  add(record: CloudTrailRecord, index: number): void;
  finish(): unknown;
}

export type ProcessorFactory = (params: unknown, ctx: RecordContext) => Processor;

/** One matching record as it leaves a worker: its time for sorting and its JSON text. */
export interface EventMatch {
  /** Epoch ms; NaN when the record has no valid time. */
  t: number;
  /** The record re-serialised with JSON.stringify: same keys, order and values as in the file. */
  json: string;
  /** The account from the file's path, for records that name none. */
  accountId?: string | undefined;
}

function eventsProcessor(_params: unknown, ctx: RecordContext): Processor {
  const out: EventMatch[] = [];
  const accountId = ctx.accountId;
  return {
    add(r) {
      out.push({ t: eventMillisOf(r), json: JSON.stringify(r), accountId });
    },
    finish: () => out,
  };
}

function countProcessor(): Processor {
  let n = 0;
  return {
    add() {
      n++;
    },
    finish: () => n,
  };
}

export const PROCESSORS: Record<string, ProcessorFactory> = {
  events: eventsProcessor,
  count: countProcessor,
  ...AGGREGATE_PROCESSORS,
  ...RULE_PROCESSORS,
  rows: rowProcessor,
};

/**
 * Processors of a file's raw bytes, for jobs that do not read records (validate-logs hashes log
 * files exactly as stored). A job naming one of these skips decoding entirely.
 */
export type RawProcessor = (raw: Uint8Array, params: unknown) => unknown;

export const RAW_PROCESSORS: Record<string, RawProcessor> = {
  "hash-log": (raw, params) => hashLogFile(raw, { maxOutputLength: (params as { maxOutputLength?: number } | undefined)?.maxOutputLength }),
};
