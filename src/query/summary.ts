// The `ct summary` aggregate: totals, top-N tables (principals, event names, sources, IPs, user
// agents, regions, accounts, error codes), a time histogram and, with `--by`, one section per
// principal/role/IP/... value. Four steps: new, add per record, merge partials, finish.
// Pure; partials are plain data that survive structured cloning. Memory grows with distinct
// keys, bounded per table (counter.ts) and per section list (see SummaryOptions).
import type { CloudTrailRecord } from "../model/event.js";
import { eventIdOf, eventMillisOf } from "../model/record-fields.js";
import { type IdSeeds, hashEventId } from "./event-id-set.js";
import { type RecordContext, accountOf } from "./compile-filter.js";
import { CATEGORIES, type Category, type Classification } from "../model/classify.js";
import { eventNameOf, eventSourceOf } from "../model/api-of.js";
import { roleOf } from "../model/principal.js";
import { READ_WRITE, type ReadWrite } from "../model/read-write.js";
import { clipValue, joinKey, splitKey } from "./compound-key.js";
import { type Counter, addCount, counterTotal, mergeCounters, newCounter, topEntries } from "./counter.js";
import { timeOrUndefined } from "./columns.js";
import {
  type Histogram,
  type HistogramOptions,
  type HistogramResult,
  addTime,
  finishHistogram,
  mergeHistograms,
  newHistogram,
} from "./histogram.js";

/** What `--by` can split the summary on. */
export const BY_DIMENSIONS = ["user", "role", "ip", "source", "region", "account", "error"] as const;
export type ByDimension = (typeof BY_DIMENSIONS)[number];

/** Placeholder for an absent field in a top table. */
export const ABSENT = "(none)";


export interface SummaryOptions {
  by?: ByDimension;
  /** Distinct keys kept exactly per top table (default 10,000). */
  keyLimit?: number;
  /** Sections kept with --by (default 1,000; the least active are folded away beyond twice that). */
  sectionLimit?: number;
  /** Distinct keys kept per table inside a section (default 100). */
  sectionKeyLimit?: number;
  /** Hash every eventID with these seeds (event-id-set.ts), so the caller can find repeats across files. */
  idSeeds?: IdSeeds;
}

export interface Section {
  events: number;
  errors: number;
  first: number;
  last: number;
  eventSources: Counter;
  eventNames: Counter;
  sourceIPs: Counter;
  errorCodes: Counter;
  principals: Counter;
}

export interface Summary {
  by: ByDimension | undefined;
  events: number;
  files: number;
  errors: number;
  first: number;
  last: number;
  categories: Map<string, number>;
  readWrite: Map<string, number>;
  /** Key: principalType and principal (joinKey). */
  principals: Counter;
  /** Key: eventSource and eventName (joinKey). */
  eventNames: Counter;
  eventSources: Counter;
  sourceIPs: Counter;
  userAgents: Counter;
  regions: Counter;
  accounts: Counter;
  errorCodes: Counter;
  principalTypes: Counter;
  eventTypes: Counter;
  histogram: Histogram;
  sections: Map<string, Section>;
  sectionLimit: number;
  sectionKeyLimit: number;
  /** Events of sections folded away when there were too many. */
  sectionsOther: number;
  /** Events that had no value for the --by dimension (no role, no error ...). */
  sectionsUnassigned: number;
  /** With `idSeeds`: the two hash halves of each record's eventID, in pairs. Not merged. */
  idHashes: number[];
  idSeeds: IdSeeds | undefined;
}

/** A new empty summary; `by` must be known now because sections are built while reading. */
export function newSummary(options: SummaryOptions = {}): Summary {
  const keys = options.keyLimit;
  return {
    by: options.by,
    events: 0,
    files: 0,
    errors: 0,
    first: Infinity,
    last: -Infinity,
    categories: new Map(),
    readWrite: new Map(),
    principals: newCounter(keys),
    eventNames: newCounter(keys),
    eventSources: newCounter(keys),
    sourceIPs: newCounter(keys),
    userAgents: newCounter(keys),
    regions: newCounter(keys),
    accounts: newCounter(keys),
    errorCodes: newCounter(keys),
    principalTypes: newCounter(keys),
    eventTypes: newCounter(keys),
    histogram: newHistogram(),
    sections: new Map(),
    sectionLimit: options.sectionLimit ?? 1000,
    sectionKeyLimit: options.sectionKeyLimit ?? 100,
    sectionsOther: 0,
    sectionsUnassigned: 0,
    idHashes: [],
    idSeeds: options.idSeeds,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function clipOptional(v: string | undefined): string | undefined {
  return v === undefined ? undefined : clipValue(v);
}

function sectionKey(by: ByDimension, r: CloudTrailRecord, c: Classification, ctx: RecordContext): string | undefined {
  switch (by) {
    case "user":
      return c.principal;
    case "role":
      return roleOf(r);
    case "ip":
      return str(r.sourceIPAddress);
    case "source":
      return eventSourceOf(r);
    case "region":
      return str(r.awsRegion);
    case "account":
      return accountOf(r, ctx);
    case "error":
      return str(r.errorCode);
  }
}

function newSection(keyLimit: number): Section {
  return {
    events: 0,
    errors: 0,
    first: Infinity,
    last: -Infinity,
    eventSources: newCounter(keyLimit),
    eventNames: newCounter(keyLimit),
    sourceIPs: newCounter(keyLimit),
    errorCodes: newCounter(keyLimit),
    principals: newCounter(keyLimit),
  };
}

function mergeSection(into: Section, from: Section): Section {
  into.events += from.events;
  into.errors += from.errors;
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  mergeCounters(into.eventSources, from.eventSources);
  mergeCounters(into.eventNames, from.eventNames);
  mergeCounters(into.sourceIPs, from.sourceIPs);
  mergeCounters(into.errorCodes, from.errorCodes);
  mergeCounters(into.principals, from.principals);
  return into;
}

function pruneSections(s: Summary): void {
  if (s.sections.size <= 2 * s.sectionLimit) return;
  const ranked = [...s.sections].sort(([ka, a], [kb, b]) => b.events - a.events || (ka < kb ? -1 : ka > kb ? 1 : 0));
  for (const [key, section] of ranked.slice(s.sectionLimit)) {
    s.sectionsOther += section.events;
    s.sections.delete(key);
  }
}

function bump(m: Map<string, number>, key: string, n = 1): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

/** Counts one more file read into the summary. */
export function countFile(s: Summary): void {
  s.files++;
}

/** Counts one record with its classification; `ctx` gives the file's account for records naming none. */
export function addToSummary(s: Summary, r: CloudTrailRecord, c: Classification, ctx: RecordContext = {}): void {
  s.events++;
  const t = eventMillisOf(r);
  if (t < s.first) s.first = t;
  if (t > s.last) s.last = t;
  addTime(s.histogram, t);
  bump(s.categories, c.category);
  bump(s.readWrite, c.readWrite);
  // Insights events name the API they watched in insightDetails.
  // Values become table keys: clipped, so a megabyte-long user agent costs kilobytes.
  const eventSource = clipValue(eventSourceOf(r) ?? ABSENT);
  const eventName = eventNameOf(r) ?? ABSENT;
  const ip = clipValue(str(r.sourceIPAddress) ?? ABSENT);
  const errorCode = clipOptional(str(r.errorCode));
  const principalKey = joinKey(c.principalType, c.principal);
  addCount(s.principals, principalKey);
  addCount(s.eventNames, joinKey(eventSource, eventName));
  addCount(s.eventSources, eventSource);
  addCount(s.sourceIPs, ip);
  addCount(s.userAgents, clipValue(str(r.userAgent) ?? ABSENT));
  addCount(s.regions, clipValue(str(r.awsRegion) ?? ABSENT));
  const account = clipOptional(accountOf(r, ctx));
  addCount(s.accounts, account ?? ABSENT);
  addCount(s.principalTypes, clipValue(c.principalType));
  addCount(s.eventTypes, clipValue(c.eventType));
  if (errorCode) {
    s.errors++;
    addCount(s.errorCodes, errorCode);
  }
  if (s.idSeeds) {
    const id = eventIdOf(r);
    if (typeof id === "string") s.idHashes.push(...hashEventId(id, s.idSeeds));
  }
  if (!s.by) return;
  const key = s.by === "account" ? account : clipOptional(sectionKey(s.by, r, c, ctx));
  if (key === undefined) {
    s.sectionsUnassigned++;
    return;
  }
  let section = s.sections.get(key);
  if (!section) {
    section = newSection(s.sectionKeyLimit);
    s.sections.set(key, section);
  }
  section.events++;
  if (t < section.first) section.first = t;
  if (t > section.last) section.last = t;
  addCount(section.eventSources, eventSource);
  addCount(section.eventNames, joinKey(eventSource, eventName));
  addCount(section.sourceIPs, ip);
  addCount(section.principals, principalKey);
  if (errorCode) {
    section.errors++;
    addCount(section.errorCodes, errorCode);
  }
  pruneSections(s);
}

/** Folds `from` into `into` and returns `into`; `from` is left untouched. */
export function mergeSummaries(into: Summary, from: Summary): Summary {
  into.events += from.events;
  into.files += from.files;
  into.errors += from.errors;
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  for (const [k, n] of from.categories) bump(into.categories, k, n);
  for (const [k, n] of from.readWrite) bump(into.readWrite, k, n);
  mergeCounters(into.principals, from.principals);
  mergeCounters(into.eventNames, from.eventNames);
  mergeCounters(into.eventSources, from.eventSources);
  mergeCounters(into.sourceIPs, from.sourceIPs);
  mergeCounters(into.userAgents, from.userAgents);
  mergeCounters(into.regions, from.regions);
  mergeCounters(into.accounts, from.accounts);
  mergeCounters(into.errorCodes, from.errorCodes);
  mergeCounters(into.principalTypes, from.principalTypes);
  mergeCounters(into.eventTypes, from.eventTypes);
  mergeHistograms(into.histogram, from.histogram);
  for (const [key, section] of from.sections) {
    const mine = into.sections.get(key);
    if (mine) mergeSection(mine, section);
    else into.sections.set(key, mergeSection(newSection(into.sectionKeyLimit), section));
  }
  into.sectionsOther += from.sectionsOther;
  into.sectionsUnassigned += from.sectionsUnassigned;
  pruneSections(into);
  return into;
}

// ---- finished shape -------------------------------------------------------------------------

export interface TopEntry {
  value: string;
  count: number;
  /** count / all events counted by the table, 0..1. */
  share: number;
}

export interface TopPrincipal {
  principalType: string;
  principal: string;
  count: number;
  share: number;
}

export interface TopEventName {
  eventSource: string;
  eventName: string;
  count: number;
  share: number;
}

export interface SectionResult {
  value: string;
  events: number;
  errors: number;
  firstEventTime: string | undefined;
  lastEventTime: string | undefined;
  eventSources: TopEntry[];
  eventNames: TopEventName[];
  sourceIPs: TopEntry[];
  errorCodes: TopEntry[];
  principals: TopPrincipal[];
}

export interface SummaryResult {
  totals: {
    events: number;
    files: number;
    errors: number;
    /** Distinct values seen (lower bounds when `approximate`). */
    accounts: number;
    regions: number;
    principals: number;
    eventSources: number;
    firstEventTime: string | undefined;
    lastEventTime: string | undefined;
    /** Events without a usable time. */
    untimed: number;
    /** Events whose eventID an earlier event had (the same event delivered twice); counted in every total. */
    duplicateEventIds: number;
  };
  categories: Record<Category, number>;
  readWrite: Record<ReadWrite, number>;
  top: {
    principals: TopPrincipal[];
    eventNames: TopEventName[];
    eventSources: TopEntry[];
    sourceIPs: TopEntry[];
    userAgents: TopEntry[];
    regions: TopEntry[];
    accounts: TopEntry[];
    errorCodes: TopEntry[];
    principalTypes: TopEntry[];
    eventTypes: TopEntry[];
  };
  histogram: HistogramResult;
  sections?: {
    by: ByDimension;
    items: SectionResult[];
    /** Sections beyond `maxSections`. */
    omittedSections: number;
    /** Events in sections not listed: beyond `maxSections`, or folded away while reading. */
    omittedEvents: number;
    /** Events with no value for the dimension. */
    unassigned: number;
  };
  /** True when some table was pruned: its counts may be lower bounds. */
  approximate: boolean;
}

export interface FinishSummaryOptions {
  /** Rows per top table (default 10). */
  top?: number;
  /** Rows per table inside a section (default 5). */
  sectionTop?: number;
  /** Sections listed (default all kept). */
  maxSections?: number;
  histogram?: HistogramOptions;
  /** Repeated eventIDs, counted by the caller across files (see idSeeds). */
  duplicateEventIds?: number;
}


function topOf(c: Counter, n: number): TopEntry[] {
  const total = counterTotal(c);
  return topEntries(c, n).map(([value, count]) => ({ value, count, share: total === 0 ? 0 : count / total }));
}

function topPrincipals(c: Counter, n: number): TopPrincipal[] {
  return topOf(c, n).map(({ value, count, share }) => {
    const [principalType, principal] = splitKey(value) as [string, string];
    return { principalType, principal, count, share };
  });
}

function topEventNames(c: Counter, n: number): TopEventName[] {
  return topOf(c, n).map(({ value, count, share }) => {
    const [eventSource, eventName] = splitKey(value) as [string, string];
    return { eventSource, eventName, count, share };
  });
}

function distinct(c: Counter): number {
  return c.counts.size - (c.counts.has(ABSENT) ? 1 : 0);
}

/** Ranks and shapes the summary for printing. */
export function finishSummary(s: Summary, options: FinishSummaryOptions = {}): SummaryResult {
  const top = options.top ?? 10;
  const sectionTop = options.sectionTop ?? 5;
  const tables = [
    s.principals,
    s.eventNames,
    s.eventSources,
    s.sourceIPs,
    s.userAgents,
    s.regions,
    s.accounts,
    s.errorCodes,
    s.principalTypes,
    s.eventTypes,
  ];
  let approximate = tables.some((c) => c.approximate) || s.sectionsOther > 0;
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, s.categories.get(c) ?? 0])) as Record<Category, number>;
  const readWrite = Object.fromEntries(READ_WRITE.map((rw) => [rw, s.readWrite.get(rw) ?? 0])) as Record<ReadWrite, number>;
  const result: SummaryResult = {
    totals: {
      events: s.events,
      files: s.files,
      errors: s.errors,
      accounts: distinct(s.accounts),
      regions: distinct(s.regions),
      principals: s.principals.counts.size,
      eventSources: distinct(s.eventSources),
      firstEventTime: timeOrUndefined(s.first),
      lastEventTime: timeOrUndefined(s.last),
      untimed: s.histogram.untimed,
      duplicateEventIds: options.duplicateEventIds ?? 0,
    },
    categories,
    readWrite,
    top: {
      principals: topPrincipals(s.principals, top),
      eventNames: topEventNames(s.eventNames, top),
      eventSources: topOf(s.eventSources, top),
      sourceIPs: topOf(s.sourceIPs, top),
      userAgents: topOf(s.userAgents, top),
      regions: topOf(s.regions, top),
      accounts: topOf(s.accounts, top),
      errorCodes: topOf(s.errorCodes, top),
      principalTypes: topOf(s.principalTypes, top),
      eventTypes: topOf(s.eventTypes, top),
    },
    histogram: finishHistogram(s.histogram, options.histogram),
    approximate: false,
  };
  if (s.by) {
    const ranked = [...s.sections].sort(([ka, a], [kb, b]) => b.events - a.events || (ka < kb ? -1 : ka > kb ? 1 : 0));
    const listed = ranked.slice(0, options.maxSections ?? ranked.length);
    const notListed = ranked.slice(listed.length);
    result.sections = {
      by: s.by,
      items: listed.map(([value, sec]) => {
        approximate ||= [sec.eventSources, sec.eventNames, sec.sourceIPs, sec.errorCodes, sec.principals].some((c) => c.approximate);
        return {
          value,
          events: sec.events,
          errors: sec.errors,
          firstEventTime: timeOrUndefined(sec.first),
          lastEventTime: timeOrUndefined(sec.last),
          eventSources: topOf(sec.eventSources, sectionTop),
          eventNames: topEventNames(sec.eventNames, sectionTop),
          sourceIPs: topOf(sec.sourceIPs, sectionTop),
          errorCodes: topOf(sec.errorCodes, sectionTop),
          principals: topPrincipals(sec.principals, sectionTop),
        };
      }),
      omittedSections: notListed.length,
      omittedEvents: s.sectionsOther + notListed.reduce((sum, [, sec]) => sum + sec.events, 0),
      unassigned: s.sectionsUnassigned,
    };
  }
  result.approximate = approximate;
  return result;
}
