// The reader-side half of `ct sql` and `ct export`: a processor (see read/processors.ts) that turns
// each matching record of a file into one NDJSON line, in the worker thread, so only text reaches
// the main thread and DuckDB does the typing. Three shapes: `events` (ct's columns + the record,
// or only the record keys a query uses), `ocsf` (the OCSF event + Security Lake partitions) and
// `raw` (records verbatim, grouped by partition folder). Pure and synchronous, as processors must be.
import { categorize } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import type { Processor, ProcessorFactory } from "../read/processors.js";
import { toOcsf } from "./ocsf-map.js";
import { partitionOf } from "./partition-values.js";

export type RowShape = "events" | "ocsf" | "raw";

export interface RowParams {
  shape: RowShape;
  /** events: the record keys to keep; null keeps the whole record. */
  keys?: string[] | null;
}

/** One file's rows for the events and ocsf shapes: NDJSON text, one line per record. */
export interface RowLines {
  rows: number;
  text: string;
}

/** One partition's records for the raw shape. */
export interface PartitionLines {
  /** Partition values in folder order (account, region, date). */
  partition: [string | null, string | null, string | null];
  rows: number;
  text: string;
}

const q = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

function pick(r: CloudTrailRecord, keys: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const rec = r as Record<string, unknown>;
  for (const k of keys) if (Object.hasOwn(rec, k)) o[k] = rec[k];
  return o;
}

/** The events-shape line of one record (exported for tests). */
export function eventsLine(r: CloudTrailRecord, pathAccount: string | undefined, keys: readonly string[] | null): string {
  const p = partitionOf(r, pathAccount);
  const record = JSON.stringify(keys ? pick(r, keys) : r);
  return `{"category":${q(categorize(r).category)},"account":${q(p.account)},"region":${q(p.region)},"date":${q(p.date)},"record":${record}}`;
}

/** The ocsf-shape line of one record: the OCSF event plus Security Lake's partition values. */
export function ocsfLine(r: CloudTrailRecord, pathAccount: string | undefined): string {
  const p = partitionOf(r, pathAccount);
  const event = toOcsf(r);
  event["region"] = p.region;
  event["accountId"] = p.account;
  event["eventDay"] = p.date === null ? null : p.date.replaceAll("-", "");
  return JSON.stringify(event);
}

export const rowProcessor: ProcessorFactory = (params, ctx): Processor => {
  const { shape, keys = null } = params as RowParams;
  const account = ctx.accountId;
  if (shape === "raw") {
    const groups = new Map<string, PartitionLines>();
    return {
      add(r) {
        const p = partitionOf(r, account);
        const key = `${p.account}/${p.region}/${p.date}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { partition: [p.account, p.region, p.date], rows: 0, text: "" }));
        g.text += `${JSON.stringify(r)}\n`;
        g.rows++;
      },
      finish: () => [...groups.values()],
    };
  }
  const lines: string[] = [];
  const line = shape === "ocsf" ? (r: CloudTrailRecord) => ocsfLine(r, account) : (r: CloudTrailRecord) => eventsLine(r, account, keys);
  return {
    add(r) {
      lines.push(line(r));
    },
    finish: (): RowLines => ({ rows: lines.length, text: lines.length ? `${lines.join("\n")}\n` : "" }),
  };
};
