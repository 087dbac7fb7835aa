// Classification of a record: category (management, data, network activity, insight,
// aggregated) and read/write, each with the rule that decided it so `--explain` can say why,
// plus the event type and principal facets. Pure and cheap: it runs on every record of a scan.
// The tables live in data-apis.ts and read-write.ts; this file only orders the rules.
import type { CloudTrailRecord } from "./event.js";
import { toBool } from "./record-fields.js";
import { isDataApi } from "./data-apis.js";
import { principalOf, principalTypeOf } from "./principal.js";
import { type ReadWrite, type ReadWriteRule, readWriteOf } from "./read-write.js";

export const CATEGORIES = ["Management", "Data", "NetworkActivity", "Insight", "Aggregated"] as const;
export type Category = (typeof CATEGORIES)[number];

/** How the category was decided, most authoritative first. */
export type CategoryRule = "eventCategory" | "eventType" | "managementEvent" | "data-api-table" | "default";

export interface CategoryDecision {
  category: Category;
  rule: CategoryRule;
}

// Maps, not object literals: eventType and eventCategory are log text, and a value such as
// "constructor" or "__proto__" must not find Object.prototype's members.
const BY_EVENT_TYPE: ReadonlyMap<string, Category> = new Map<string, Category>([
  ["AwsCloudTrailInsight", "Insight"],
  ["AwsVpceEvent", "NetworkActivity"],
  ["AwsAggregatedEvent", "Aggregated"],
]);

const CATEGORY_BY_LOWER: ReadonlyMap<string, Category> = new Map(CATEGORIES.map((c) => [c.toLowerCase(), c]));

/** Decides the category of a record; see CategoryRule for the order of the rules. */
export function categorize(r: CloudTrailRecord): CategoryDecision {
  const declared = typeof r.eventCategory === "string" ? CATEGORY_BY_LOWER.get(r.eventCategory.toLowerCase()) : undefined;
  if (declared) return { category: declared, rule: "eventCategory" };
  const byType = typeof r.eventType === "string" ? BY_EVENT_TYPE.get(r.eventType) : undefined;
  if (byType) return { category: byType, rule: "eventType" };
  const management = toBool(r.managementEvent);
  if (management !== undefined) return { category: management ? "Management" : "Data", rule: "managementEvent" };
  if (typeof r.eventSource === "string" && typeof r.eventName === "string" && isDataApi(r.eventSource, r.eventName)) {
    return { category: "Data", rule: "data-api-table" };
  }
  return { category: "Management", rule: "default" };
}

/**
 * `categorize(r).category === "Insight"`, without building the decision: lookup asks this of every
 * record to leave Insights events out, so the common cases are answered by exact comparisons.
 */
export function isInsightRecord(r: CloudTrailRecord): boolean {
  const declared = r.eventCategory;
  if (declared === "Management" || declared === "Data") return false;
  if (declared === "Insight") return true;
  return categorize(r).category === "Insight";
}

/** Parses a user-facing category name (`management`, `data`, `network`, `insight`, `aggregated`). */
export function parseCategory(name: string): Category | undefined {
  const n = name.toLowerCase();
  if (n === "network" || n === "networkactivity" || n === "network-activity") return "NetworkActivity";
  return CATEGORY_BY_LOWER.get(n);
}

/** Placeholder for a record without an eventType. */
export const NO_EVENT_TYPE = "(none)";

/** Everything ct derives about one record; plain data, so it survives structured cloning. */
export interface Classification {
  category: Category;
  categoryRule: CategoryRule;
  readWrite: ReadWrite;
  readWriteRule: ReadWriteRule;
  /** `eventType` verbatim, `(none)` when absent. */
  eventType: string;
  /** `userIdentity.type` verbatim, `(none)` when absent. */
  principalType: string;
  /** A readable principal name (see principalOf). */
  principal: string;
}

/** Classifies one record: category and read/write with their deciding rules, and the facets. */
export function classify(r: CloudTrailRecord): Classification {
  const { category, rule: categoryRule } = categorize(r);
  const { readWrite, rule: readWriteRule } = readWriteOf(r);
  return {
    category,
    categoryRule,
    readWrite,
    readWriteRule,
    eventType: typeof r.eventType === "string" && r.eventType !== "" ? r.eventType : NO_EVENT_TYPE,
    principalType: principalTypeOf(r),
    principal: principalOf(r),
  };
}

const CATEGORY_RULE_TEXT: Readonly<Record<CategoryRule, string>> = {
  eventCategory: "the record's eventCategory field",
  eventType: "its eventType (AwsCloudTrailInsight, AwsVpceEvent or AwsAggregatedEvent)",
  managementEvent: "its managementEvent field",
  "data-api-table": "its eventSource and eventName are in the table of documented data-event APIs",
  default: "no field decides it and the API is not a documented data event, so it is assumed to be a management event",
};

const READ_WRITE_RULE_TEXT: Readonly<Record<ReadWriteRule, string>> = {
  readOnly: "the record's readOnly field",
  "not-applicable": "Insights and aggregated records summarise many calls",
  "no-eventName": "the record has no eventName",
  "exception-table": "CloudTrail records this API the other way round from its name (exception table)",
  "console-sign-in": "console sign-in events change session state (CloudTrail records readOnly false)",
  "service-event": "service events are AWS acting on the account's resources",
  "name-prefix": "its eventName starts with a read verb (Get, Describe, List ...)",
  default: "its eventName does not start with a read verb, so it is counted as a write",
};

/** What a category rule means, in words. */
export function describeCategoryRule(rule: CategoryRule): string {
  return CATEGORY_RULE_TEXT[rule];
}

/** What a read/write rule means, in words. */
export function describeReadWriteRule(rule: ReadWriteRule): string {
  return READ_WRITE_RULE_TEXT[rule];
}

/** One sentence per decision, for `--explain`. */
export function explainClassification(c: Classification): { category: string; readWrite: string } {
  return {
    category: `${c.category}: ${CATEGORY_RULE_TEXT[c.categoryRule]}`,
    readWrite: `${c.readWrite}: ${READ_WRITE_RULE_TEXT[c.readWriteRule]}`,
  };
}
