// The reader-side half of `ct sql` and `ct export`: a processor (see read/processors.ts) that turns
// each matching record of a file into one NDJSON line, in the worker thread, so only text reaches
// the main thread and DuckDB does the typing. Three shapes: `events` (ct's columns + the record,
// or only the record keys a query uses), `ocsf` (the OCSF event + Security Lake partitions) and
// `raw` (records verbatim, grouped by partition folder). Pure and synchronous, as processors must be.
import { categorize } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import type { Processor, ProcessorFactory } from "../read/processors.js";
import { ATHENA_COLUMNS, type FieldType } from "./events-schema.js";
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
}

const ALL_CT: readonly CtColumn[] = ["category", "account", "region", "date"];

/**
 * One file's rows for the events and ocsf shapes: NDJSON, one line per record, as UTF-8 bytes
 * (a copy of bytes crosses threads faster than a string, and is written as is).
 */
export interface RowLines {
  rows: number;
  text: Uint8Array;
}

/** One partition's records for the raw shape. */
export interface PartitionLines {
  /** Partition values in folder order (account, region, date). */
  partition: [string | null, string | null, string | null];
  rows: number;
  text: string;
}

/**
 * A ct column's value as JSON. Every one has a restricted shape (a category name, twelve digits, a
 * region, YYYY-MM-DD; see partition-values.ts), with nothing to escape: JSON.stringify four times
 * a record cost a twentieth of an export's reading.
 */
const q = (v: string | null) => (v === null ? "null" : `"${v}"`);

/**
 * Lines encoded straight into one growing UTF-8 buffer: no joined string, no second copy. Room
 * for three bytes per UTF-16 unit (UTF-8's most) is made first, so a write is never cut short.
 */
class LineBuffer {
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  rows = 0;

  push(line: string): void {
    const need = line.length * 3 + 1;
    if (this.used + need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + need));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(line, this.used);
    this.buf[this.used++] = 0x0a;
    this.rows++;
  }

  /** The lines, in a buffer of their exact size: a message copies a view's whole backing store. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer.slice(this.buf.byteOffset, this.buf.byteOffset + this.used));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether DuckDB can read a value as a type; undefined for a type that accepts anything (a string). */
type Check = ((v: unknown) => boolean) | undefined;

/**
 * The check of a type, built once: strings accept anything, shapes must match, null fits all.
 * Only the parts that can fail are visited: checking every key of every record by walking the
 * types cost more than a tenth of an export's reading.
 */
function checkOf(t: FieldType): Check {
  switch (t.kind) {
    case "string":
      return undefined;
    case "map":
      return (v) => v === null || v === undefined || isObject(v);
    case "array": {
      const each = checkOf(t.of);
      if (!each) return (v) => v === null || v === undefined || Array.isArray(v);
      return (v) => {
        if (v === null || v === undefined) return true;
        if (!Array.isArray(v)) return false;
        for (const e of v) if (!each(e)) return false;
        return true;
      };
    }
    case "struct": {
      const fields = t.fields.flatMap((f) => {
        const c = checkOf(f.type);
        return c ? [[f.source, c] as const] : [];
      });
      return (v) => {
        if (v === null || v === undefined) return true;
        if (!isObject(v)) return false;
        for (const [k, c] of fields) if (!c(v[k])) return false;
        return true;
      };
    }
  }
}

const checkOfType = new WeakMap<FieldType, Check | null>();

/** checkOf, built once per type. */
function cachedCheckOf(t: FieldType): Check {
  let c = checkOfType.get(t);
  if (c === undefined) checkOfType.set(t, (c = checkOf(t) ?? null));
  return c ?? undefined;
}

/** Whether DuckDB can read `v` as `t`. */
function conforms(v: unknown, t: FieldType): boolean {
  return cachedCheckOf(t)?.(v) ?? true;
}

/** `v` with every part of the wrong shape replaced by null (a string where a list belongs ...). */
function conformToType(v: unknown, t: FieldType): unknown {
  if (conforms(v, t)) return v;
  switch (t.kind) {
    case "string":
      return v;
    case "map":
      return null;
    case "array":
      return Array.isArray(v) ? v.map((e) => conformToType(e, t.of)) : null;
    case "struct": {
      if (!isObject(v)) return null;
      const out: Record<string, unknown> = { ...v };
      for (const f of t.fields) if (f.source in v) out[f.source] = conformToType(v[f.source], f.type);
      return out;
    }
  }
}

const TYPE_OF_KEY = new Map<string, FieldType>(ATHENA_COLUMNS.filter((c) => !c.jsonText).map((c) => [c.source, c.type]));

type KeyCheck = [key: string, check: (v: unknown) => boolean];

/** The checks of a key list, for the keys whose values can fail one (the others are strings). */
const checksOfKeys = new WeakMap<readonly string[], KeyCheck[]>();
function checksOf(keys: readonly string[]): KeyCheck[] {
  let found = checksOfKeys.get(keys);
  if (!found) {
    found = keys.flatMap((k): KeyCheck[] => {
      const t = TYPE_OF_KEY.get(k);
      const c = t && cachedCheckOf(t);
      return c ? [[k, c]] : [];
    });
    checksOfKeys.set(keys, found);
  }
  return found;
}

/** From this many keys on, a conforming record is sent whole: copying would cost more than the extra keys. */
const WHOLE_RECORD_FROM = 12;

/**
 * The chosen keys of a record, shaped for a typed read: values of the wrong shape become null,
 * and aggregated events' eventId is carried as eventID (a DuckDB struct cannot hold both). A typed
 * read ignores keys it was not asked for, so a record that already conforms is used as it is.
 */
function pick(r: CloudTrailRecord, keys: readonly string[]): Record<string, unknown> {
  const rec = r as Record<string, unknown>;
  if (keys.length >= WHOLE_RECORD_FROM && !(Object.hasOwn(rec, "eventId") && (rec["eventID"] === undefined || rec["eventID"] === null))) {
    let ok = true;
    for (const [k, check] of checksOf(keys)) {
      if (!check(rec[k])) {
        ok = false;
        break;
      }
    }
    if (ok) return rec;
  }
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    if (!Object.hasOwn(rec, k)) continue;
    const t = TYPE_OF_KEY.get(k);
    o[k] = t ? conformToType(rec[k], t) : rec[k];
  }
  if (Object.hasOwn(o, "eventId")) {
    if (o["eventID"] === undefined || o["eventID"] === null) o["eventID"] = o["eventId"];
    delete o["eventId"];
  }
  return o;
}

/**
 * The events-shape line of one record: the ct columns asked for, then the record (or the keys
 * asked for). Exported for tests.
 */
export function eventsLine(
  r: CloudTrailRecord,
  pathAccount: string | undefined,
  keys: readonly string[] | null,
  ct: readonly CtColumn[] = ALL_CT,
  pathRegion?: string,
): string {
  let head = "{";
  for (const c of ct) {
    const v =
      c === "category"
        ? categorize(r).category
        : c === "account"
          ? accountOfRow(r, pathAccount)
          : c === "region"
            ? regionOfRow(r, pathRegion)
            : dayOfRow(r);
    head += `"${c}":${q(v)},`;
  }
  return `${head}"record":${JSON.stringify(keys ? pick(r, keys) : r)}}`;
}

/** The ocsf-shape line of one record: the OCSF event plus Security Lake's partition values. */
export function ocsfLine(r: CloudTrailRecord, pathAccount: string | undefined, pathRegion?: string): string {
  const p = partitionOf(r, pathAccount, pathRegion);
  const event = toOcsf(r);
  event["region"] = p.region;
  event["accountId"] = p.account;
  event["eventDay"] = p.date === null ? null : p.date.replaceAll("-", "");
  return JSON.stringify(event);
}

export const rowProcessor: ProcessorFactory = (params, ctx): Processor => {
  const { shape, keys = null, ct = ALL_CT } = params as RowParams;
  const account = ctx.accountId;
  const region = ctx.region;
  if (shape === "raw") {
    const groups = new Map<string, PartitionLines>();
    return {
      add(r) {
        const p = partitionOf(r, account, region);
        const key = `${p.account}/${p.region}/${p.date}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { partition: [p.account, p.region, p.date], rows: 0, text: "" }));
        g.text += `${JSON.stringify(r)}\n`;
        g.rows++;
      },
      finish: () => [...groups.values()],
    };
  }
  const lines = new LineBuffer();
  const line =
    shape === "ocsf" ? (r: CloudTrailRecord) => ocsfLine(r, account, region) : (r: CloudTrailRecord) => eventsLine(r, account, keys, ct, region);
  return {
    add(r) {
      lines.push(line(r));
    },
    finish: (): RowLines => ({ rows: lines.rows, text: lines.bytes() }),
  };
};
