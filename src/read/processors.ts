// The per-file processors a Job can name: each turns the matching records of ONE file into a
// result that is small and structured-clone safe (matches as JSON text, or partial aggregates).
// This is where read meets query: workers import it, so processors must be pure and synchronous.
// Each is imported only when a job names it: a worker's start-up is on every scan's critical path.
import { type CloudTrailRecord, eventIdOf, eventMillisOf } from "../model/event.js";
import type { RecordContext } from "../query/compile-filter.js";

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
  /** eventID (or eventId), to find the same event delivered twice; absent when the record has none. */
  id?: string;
}

function eventsProcessor(_params: unknown, ctx: RecordContext): Processor {
  const out: EventMatch[] = [];
  const accountId = ctx.accountId;
  return {
    add(r) {
      const id = eventIdOf(r);
      const m: EventMatch = { t: eventMillisOf(r), json: JSON.stringify(r), accountId };
      if (typeof id === "string") m.id = id;
      out.push(m);
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


/**
 * Processors of a file's raw bytes, for jobs that do not read records (validate-logs hashes log
 * files exactly as stored). A job naming one of these skips decoding entirely.
 */
export type RawProcessor = (raw: Uint8Array, params: unknown) => unknown;

export type LoadedProcessor = { kind: "records"; factory: ProcessorFactory } | { kind: "raw"; run: RawProcessor };

const records = (factory: ProcessorFactory): LoadedProcessor => ({ kind: "records", factory });

/** Every processor a Job can name, loaded on demand. */
const LOADERS: Readonly<Record<string, () => Promise<LoadedProcessor>>> = {
  events: async () => records(eventsProcessor),
  count: async () => records(countProcessor),
  classify: async () => records((await import("../query/aggregates.js")).AGGREGATE_PROCESSORS["classify"]!),
  summary: async () => records((await import("../query/aggregates.js")).AGGREGATE_PROCESSORS["summary"]!),
  rules: async () => records((await import("../rules/processor.js")).RULE_PROCESSORS.rules as ProcessorFactory),
  rows: async () => records((await import("../sql/row-processor.js")).rowProcessor),
  "hash-log": async () => {
    const { hashLogFile } = await import("../digest/log-hash.js");
    return {
      kind: "raw",
      run: (raw, params) =>
        hashLogFile(raw, { maxOutputLength: (params as { maxOutputLength?: number } | undefined)?.maxOutputLength }),
    };
  },
};

/** Loads the processor a job names. */
export async function loadProcessor(name: string): Promise<LoadedProcessor> {
  const load = Object.prototype.hasOwnProperty.call(LOADERS, name) ? LOADERS[name] : undefined;
  if (!load) throw new Error(`unknown processor ${name}`);
  return load();
}
