// The event filter flags (--user, --event-name, --category ...) as ct lookup defines them, and
// their resolution into the FilterSpec the readers apply: shared by lookup, sql and export so a
// flag means the same everywhere. It does not declare window or run flags (options.ts does).
import { type Command, Option } from "commander";
import ipaddr from "ipaddr.js";
import { UsageError } from "../errors.js";
import { CATEGORIES, type Category, parseCategory } from "../model/classify.js";
import type { FilterSpec } from "../query/filter-spec.js";
import { CHECK_ALL_FLAG, CHECK_ALL_HELP, type Window, collect, collectList } from "./options.js";

const ATTRIBUTE_KEYS: Readonly<Record<string, keyof FilterSpec | "ReadOnly">> = {
  EventId: "eventId",
  EventName: "eventName",
  ReadOnly: "ReadOnly",
  Username: "user",
  ResourceType: "resourceType",
  ResourceName: "resourceName",
  EventSource: "eventSource",
  AccessKeyId: "accessKey",
};

/** The filter flags as commander gives them (lookup declares all; sql and export a subset). */
export interface RawEventFilter {
  eventId?: string[];
  eventName?: string[];
  readOnly?: boolean;
  writeOnly?: boolean;
  user?: string[];
  resourceType?: string[];
  resourceName?: string[];
  eventSource?: string[];
  accessKey?: string[];
  sourceIp?: string[];
  error?: boolean;
  errorCode?: string[];
  category?: string[];
  lookupAttributes?: string[];
}

/** Parses `AttributeKey=EventName,AttributeValue=ConsoleLogin` or its JSON form, as the AWS CLI takes them. */
export function parseLookupAttributes(values: readonly string[]): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const text of values) {
    const trimmed = text.trim();
    let items: unknown[];
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        throw new UsageError(`not valid JSON: ${trimmed}`, "--lookup-attributes");
      }
    } else {
      // Shorthand: AttributeKey=K,AttributeValue=V (the value may itself contain commas).
      const m = /^AttributeKey=([^,]+),AttributeValue=(.*)$/.exec(trimmed);
      if (!m) throw new UsageError(`expected AttributeKey=KEY,AttributeValue=VALUE, got "${trimmed}"`, "--lookup-attributes");
      items = [{ AttributeKey: m[1], AttributeValue: m[2] }];
    }
    for (const item of items) {
      const o = item as Record<string, unknown>;
      const key = o?.["AttributeKey"];
      const value = o?.["AttributeValue"];
      if (typeof key !== "string" || typeof value !== "string")
        throw new UsageError("each attribute needs AttributeKey and AttributeValue strings", "--lookup-attributes");
      if (!Object.hasOwn(ATTRIBUTE_KEYS, key))
        throw new UsageError(`unknown AttributeKey "${key}" (one of ${Object.keys(ATTRIBUTE_KEYS).join(", ")})`, "--lookup-attributes");
      out.push({ key, value });
    }
  }
  return out;
}

function expandSource(s: string): string {
  return s.includes(".") || s.includes("*") ? s : `${s}.amazonaws.com`;
}

function checkIps(values: readonly string[]): void {
  for (const v of values) {
    const ok = v.includes("/") ? ipaddr.isValidCIDR(v) : ipaddr.isValid(v);
    if (!ok) throw new UsageError(`"${v}" is not an IP address or CIDR block`, "--source-ip");
  }
}

/** The filter the flags ask for, with the window's scope; every problem is a UsageError naming its flag. */
export function resolveEventFilter(raw: RawEventFilter, window: Window): FilterSpec {
  if (raw.readOnly && raw.writeOnly) throw new UsageError("--read-only and --write-only exclude each other", "--read-only");
  const add = (list: string[] | undefined, more: string[]) => (more.length ? [...(list ?? []), ...more] : list);
  const filter: FilterSpec = {};
  let readOnly = raw.readOnly ? true : raw.writeOnly ? false : undefined;
  const attrs = parseLookupAttributes(raw.lookupAttributes ?? []);
  const byKey = (k: string) => attrs.filter((a) => a.key === k).map((a) => a.value);
  for (const v of byKey("ReadOnly")) {
    if (v !== "true" && v !== "false") throw new UsageError(`ReadOnly must be "true" or "false", got "${v}"`, "--lookup-attributes");
    readOnly = v === "true";
  }
  const lists: [keyof FilterSpec, string[] | undefined, string][] = [
    ["eventId", raw.eventId, "EventId"],
    ["eventName", raw.eventName, "EventName"],
    ["user", raw.user, "Username"],
    ["resourceType", raw.resourceType, "ResourceType"],
    ["resourceName", raw.resourceName, "ResourceName"],
    ["eventSource", raw.eventSource, "EventSource"],
    ["accessKey", raw.accessKey, "AccessKeyId"],
  ];
  for (const [field, values, attr] of lists) {
    const merged = add(values, byKey(attr));
    if (merged && merged.length > 0) (filter as Record<string, unknown>)[field] = merged;
  }
  if (filter.eventSource) filter.eventSource = filter.eventSource.map(expandSource);
  if (readOnly !== undefined) filter.readOnly = readOnly;
  if (window.accounts) filter.account = window.accounts;
  if (window.regions) filter.region = window.regions;
  if (window.since !== undefined) filter.since = window.since;
  if (window.until !== undefined) filter.until = window.until;
  if (raw.sourceIp) {
    checkIps(raw.sourceIp);
    filter.sourceIp = raw.sourceIp;
  }
  if (raw.errorCode && raw.errorCode.length > 0) {
    if (raw.error === false) throw new UsageError("--no-error and --error-code exclude each other", "--error-code");
    filter.error = raw.errorCode;
  } else if (raw.error !== undefined) filter.error = raw.error;
  if (raw.category) {
    const cats: Category[] = [];
    for (const c of raw.category) {
      const cat = parseCategory(c);
      if (!cat)
        throw new UsageError(`unknown category "${c}" (one of management, data, network, insight, aggregated)`, "--category");
      if (!cats.includes(cat)) cats.push(cat);
    }
    filter.category = cats;
  }

  return filter;
}

/** Declares the reader-side filters (a subset of ct lookup's, same semantics). */
export function addEventFilterOptions(cmd: Command): Command {
  return cmd
    .option("--event-name <NAME>", "only these eventNames (repeatable, comma-separated, * wildcards)", collectList)
    .option("--event-source <SOURCE>", "only these services, e.g. iam or iam.amazonaws.com (repeatable)", collectList)
    .option("--user <NAME>", "only this user, role, role session or service (as ct lookup --user; repeatable)", collect)
    .addOption(
      new Option("--category <NAME>", `only these categories (repeatable): ${CATEGORIES.map((c) => (c === "NetworkActivity" ? "network" : c.toLowerCase())).join(", ")}; insight reads CloudTrail-Insight files too`).argParser(collectList),
    )
    .option("--read-only", "only read-only events")
    .option("--write-only", "only write events")
    .option("--error", "only failed calls; --error=CODE for one code")
    .option("--error-code <CODE>", "only calls that failed with this errorCode (repeatable)", collectList)
    .option("--no-error", "only successful calls")
    .option("--source-ip <IP|CIDR>", "only calls from this address or CIDR block (repeatable)", collect)
    .option(CHECK_ALL_FLAG, CHECK_ALL_HELP);
}
