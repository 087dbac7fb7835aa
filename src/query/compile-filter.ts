// Compiles a FilterSpec into one predicate over records: flags AND together, a repeated flag ORs
// its values. Runs in the worker threads on every record, so each test is prepared once here and
// the cheap, selective tests run first. Pure: no I/O.
import ipaddr from "ipaddr.js";
import { categorize, isInsightRecord } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import { eventIdOf, eventMillisOf } from "../model/record-fields.js";
import { readWriteOf } from "../model/read-write.js";
import type { FilterSpec } from "./filter-spec.js";
import { compileAny } from "./glob.js";
import { resourceNamesOf, resourceTypesOf } from "./resource.js";
import { someUserName } from "./user.js";

export interface RecordContext {
  /** The account from the file's S3 path, used when the record names none. */
  accountId?: string | undefined;
  /** The region from the file's S3 path (the `region` column of ct sql and ct export). */
  region?: string | undefined;
}

export type RecordPredicate = (r: CloudTrailRecord, ctx: RecordContext) => boolean;

type Test = (r: CloudTrailRecord, ctx: RecordContext) => boolean;

/**
 * The account a record belongs to: the receiving account, else the account whose folder the file
 * is in (the account that logged it, as path pruning judges it), else the caller's as a last guess.
 */
export function accountOf(r: CloudTrailRecord, ctx: RecordContext): string | undefined {
  const acc = r.recipientAccountId ?? (r as Record<string, unknown>)["accountId"];
  if (typeof acc === "string" && acc) return acc;
  if (ctx.accountId) return ctx.accountId;
  const caller = r.userIdentity?.accountId;
  return typeof caller === "string" && caller ? caller : undefined;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An address as compared: an IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address it carries. */
function parseAddress(s: string): Address | undefined {
  return ipaddr.isValid(s) ? ipaddr.process(s) : undefined;
}

/** A CIDR block, with IPv4-mapped IPv6 blocks (::ffff:10.0.0.0/104) turned into IPv4 blocks. */
function parseRange(v: string): [Address, number] {
  const [addr, bits] = ipaddr.parseCIDR(v);
  if (addr.kind() === "ipv6" && bits >= 96 && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [addr, bits];
}

function compileIpMatcher(values: readonly string[]): (ip: string) => boolean {
  // Values that are not addresses match literally (sourceIPAddress may be "AWS Internal" or a service).
  const literal = new Set<string>();
  const exact = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const v of values) {
    if (v.includes("/")) ranges.push(parseRange(v));
    else {
      const addr = parseAddress(v);
      if (addr) exact.add(addr.toNormalizedString());
      else literal.add(v);
    }
  }
  return (ip) => {
    if (literal.has(ip)) return true;
    const addr = parseAddress(ip);
    if (!addr) return false;
    if (exact.has(addr.toNormalizedString())) return true;
    for (const [range, bits] of ranges) if (addr.kind() === range.kind() && addr.match(range, bits)) return true;
    return false;
  };
}

/**
 * The test of FilterSpec.fieldIn, with SQL's `=` and IN in mind: a missing value, or a parent that
 * is not an object, is NULL there and fails; a value that is not a string (a number, a boolean)
 * becomes text in DuckDB's own spelling, so such records pass, for DuckDB to decide.
 */
function compileFieldIn(entries: NonNullable<FilterSpec["fieldIn"]>): Test {
  const tests = entries.map((f) => ({ path: f.path, values: new Set(f.values) }));
  return (r) => {
    for (const t of tests) {
      let v: unknown = r;
      for (const k of t.path) {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        v = (v as Record<string, unknown>)[k];
      }
      if (v === undefined || v === null) return false;
      if (typeof v === "string" && !t.values.has(v)) return false;
    }
    return true;
  };
}

/** Builds the predicate; assumes the spec was validated (FilterSpecSchema). */
export function compileFilter(spec: FilterSpec): RecordPredicate {
  const tests: Test[] = [];
  if (spec.eventName) {
    const m = compileAny(spec.eventName);
    tests.push((r) => typeof r.eventName === "string" && m(r.eventName));
  }
  if (spec.eventSource) {
    const m = compileAny(spec.eventSource);
    tests.push((r) => typeof r.eventSource === "string" && m(r.eventSource));
  }
  if (spec.eventId) {
    const m = compileAny(spec.eventId);
    tests.push((r) => {
      const id = eventIdOf(r);
      return id !== undefined && m(id);
    });
  }
  if (spec.region) {
    const m = compileAny(spec.region);
    tests.push((r) => typeof r.awsRegion === "string" && m(r.awsRegion));
  }
  if (spec.account) {
    const m = compileAny(spec.account);
    tests.push((r, ctx) => {
      const acc = accountOf(r, ctx);
      return acc !== undefined && m(acc);
    });
  }
  if (spec.accessKey) {
    const m = compileAny(spec.accessKey);
    tests.push((r) => typeof r.userIdentity?.accessKeyId === "string" && m(r.userIdentity.accessKeyId));
  }
  if (spec.readOnly !== undefined) {
    // readOnly when the record has it, else the classifier's rule, so old records are found too.
    const want = spec.readOnly ? "read" : "write";
    tests.push((r) => readWriteOf(r).readWrite === want);
  }
  if (spec.error !== undefined) {
    const err = spec.error;
    if (err === true) tests.push((r) => typeof r.errorCode === "string" && r.errorCode.length > 0);
    else if (err === false) tests.push((r) => typeof r.errorCode !== "string" || r.errorCode.length === 0);
    else {
      const m = compileAny(err);
      tests.push((r) => typeof r.errorCode === "string" && m(r.errorCode));
    }
  }
  if (spec.since !== undefined || spec.until !== undefined) {
    const since = spec.since ?? -Infinity;
    const until = spec.until ?? Infinity;
    tests.push((r) => {
      const t = eventMillisOf(r);
      return t >= since && t <= until;
    });
  }
  if (spec.sourceIp) {
    const m = compileIpMatcher(spec.sourceIp);
    tests.push((r) => typeof r.sourceIPAddress === "string" && m(r.sourceIPAddress));
  }
  if (spec.user) {
    const m = compileAny(spec.user);
    tests.push((r) => someUserName(r, m));
  }
  if (spec.fieldIn) tests.push(compileFieldIn(spec.fieldIn));
  if (spec.resourceType) {
    const m = compileAny(spec.resourceType);
    tests.push((r) => resourceTypesOf(r).some(m));
  }
  if (spec.resourceName) {
    const m = compileAny(spec.resourceName);
    tests.push((r) => resourceNamesOf(r).some(m));
  }
  // LookupEvents returns Insights events only when they are asked for; ct does the same.
  const categories = new Set(spec.category ?? []);
  if (spec.category) tests.push((r) => categories.has(categorize(r).category));
  else tests.push((r) => !isInsightRecord(r));

  return (r, ctx) => {
    for (const t of tests) if (!t(r, ctx)) return false;
    return true;
  };
}
