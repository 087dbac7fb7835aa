// The per-file processors a Job can name: each turns the matching records of ONE file into a
// result that is small and structured-clone safe (matches as JSON text, or partial aggregates).
// This is where read meets query: workers import it, so processors must be pure and synchronous.
// Each is imported only when a job names it: a worker's start-up is on every scan's critical path.
import type { CloudTrailRecord } from "../model/event.js";
import { eventIdOf, eventMillisOf } from "../model/record-fields.js";
import type { RecordContext } from "../query/compile-filter.js";

export interface Processor {
  add(record: CloudTrailRecord, index: number): void;
  finish(): unknown;
}

export type ProcessorFactory = (params: unknown, ctx: RecordContext) => Processor;

/** One matching record: its time for sorting and its JSON text. */
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

/**
 * The matching records of one file as they leave a worker: their JSON as UTF-8 bytes back to
 * back, in buffers that are moved to the main thread, not copied. Strings made on the worker and
 * cloned on the main thread lived there until their turn came, and a sorted lookup of a large tree
 * grew by a hundred megabytes of such garbage; bytes can go to the sort or to stdout as they are.
 */
export interface PackedMatches {
  bytes: Uint8Array;
  /** Where each match's JSON ends in `bytes` (it starts where the previous one ends). */
  ends: Uint32Array;
  times: Float64Array;
  /** eventID (or eventId) of each match, or null. */
  ids: (string | null)[];
  accountId: string | undefined;
}

/** The number of matches in a packed output. */
export function matchCount(p: PackedMatches | undefined): number {
  return p ? p.ends.length : 0;
}

/** Match `i` of a packed output as text. */
export function matchAt(p: PackedMatches, i: number): EventMatch {
  const start = i === 0 ? 0 : p.ends[i - 1]!;
  const bytes = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  const m: EventMatch = { t: p.times[i]!, json: bytes.toString("utf8", start, p.ends[i]!), accountId: p.accountId };
  const id = p.ids[i];
  if (typeof id === "string") m.id = id;
  return m;
}

/** The matches of a packed output, in file order. */
export function* unpackMatches(p: PackedMatches | undefined): Generator<EventMatch> {
  for (let i = 0; i < matchCount(p); i++) yield matchAt(p!, i);
}

/**
 * Bytes on a buffer of their own (Node's small buffers share a pool and cannot be moved), as a
 * plain Uint8Array: what arrives from a worker is one, so results read inline look the same.
 */
function ownBytes(size: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(b.buffer, b.byteOffset, size);
}

function eventsProcessor(_params: unknown, ctx: RecordContext): Processor {
  const jsons: string[] = [];
  const times: number[] = [];
  const ids: (string | null)[] = [];
  const accountId = ctx.accountId;
  return {
    add(r) {
      const id = eventIdOf(r);
      jsons.push(JSON.stringify(r));
      times.push(eventMillisOf(r));
      ids.push(typeof id === "string" ? id : null);
    },
    finish(): PackedMatches {
      const ends = new Uint32Array(jsons.length);
      let size = 0;
      for (let i = 0; i < jsons.length; i++) ends[i] = size += Buffer.byteLength(jsons[i]!);
      const bytes = ownBytes(size);
      const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0, at = 0; i < jsons.length; i++) at += view.write(jsons[i]!, at, "utf8");
      return { bytes, ends, times: Float64Array.from(times), ids, accountId };
    },
  };
}

/** A packed output's buffers, each its own (never one of Node's shared pools). */
function packedBuffers(output: unknown): ArrayBuffer[] {
  const p = output as PackedMatches | undefined;
  if (!p || p.ends.length === 0) return [];
  return [p.bytes.buffer as ArrayBuffer, p.ends.buffer as ArrayBuffer, p.times.buffer as ArrayBuffer];
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

export type LoadedProcessor =
  | { kind: "records"; factory: ProcessorFactory; transferables?: (output: unknown) => ArrayBuffer[] }
  | { kind: "raw"; run: RawProcessor };

const records = (factory: ProcessorFactory): LoadedProcessor => ({ kind: "records", factory });

/** Every processor a Job can name, loaded on demand. */
const LOADERS: Readonly<Record<string, () => Promise<LoadedProcessor>>> = {
  events: async () => ({ kind: "records", factory: eventsProcessor, transferables: packedBuffers }),
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
