// The reader-side half of `ct sql` and `ct export`: a processor (see read/processors.ts) that turns
// each matching record of a file into one NDJSON line, in the worker thread, so only text reaches
// the main thread and DuckDB does the typing. Three shapes: `events` (ct's columns + the record,
// or only the record keys a query uses), `ocsf` (the OCSF event + Security Lake partitions) and
// `raw` (records verbatim, grouped by partition folder). Pure and synchronous, as processors must be.
import { categorize } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import type { Processor, ProcessorFactory } from "../read/processors.js";
import { toOcsf } from "./ocsf-map.js";
import { accountOfRow, dayOfRow, partitionOf, regionOfRow } from "./partition-values.js";

export type RowShape = "events" | "ocsf" | "raw";

/** ct's computed columns a line can carry. */
export type CtColumn = "category" | "account" | "region" | "date";

export interface RowParams {
  shape: RowShape;
  /** events: the record keys to keep; null keeps the whole record. */
  keys?: string[] | null;
  /** events: ct's columns to compute (all when absent). */
  ct?: CtColumn[];
  /**
   * events: nothing of the record is needed, only how many rows there are (SELECT count(*)):
   * the processor counts and sends no text.
   */
  countOnly?: boolean;
}

const ALL_CT: readonly CtColumn[] = ["category", "account", "region", "date"];

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

/**
 * The events-shape line of one record: the ct columns asked for, then the record (or the keys
 * asked for). Exported for tests.
 */
export function eventsLine(r: CloudTrailRecord, pathAccount: string | undefined, keys: readonly string[] | null, ct: readonly CtColumn[] = ALL_CT): string {
  let head = "{";
  for (const c of ct) {
    const v =
      c === "category" ? categorize(r).category : c === "account" ? accountOfRow(r, pathAccount) : c === "region" ? regionOfRow(r) : dayOfRow(r);
    head += `"${c}":${q(v)},`;
  }
  return `${head}"record":${JSON.stringify(keys ? pick(r, keys) : r)}}`;
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
  const { shape, keys = null, ct = ALL_CT, countOnly = false } = params as RowParams;
  const account = ctx.accountId;
  if (shape === "events" && countOnly) {
    let rows = 0;
    return {
      add() {
        rows++;
      },
      finish: (): RowLines => ({ rows, text: "" }),
    };
  }
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
  const line = shape === "ocsf" ? (r: CloudTrailRecord) => ocsfLine(r, account) : (r: CloudTrailRecord) => eventsLine(r, account, keys, ct);
  return {
    add(r) {
      lines.push(line(r));
    },
    finish: (): RowLines => ({ rows: lines.length, text: lines.length ? `${lines.join("\n")}\n` : "" }),
  };
};
