// Evaluation of a whole rule set against records, with an index so a record is tested only against
// the rules that can match it (the index is described on compileRules). Returns rule indexes;
// accumulating findings is alarm.ts's job.
import { toEventBridgeEvent } from "./envelope.js";
import { isIpLiteral, type PatternObject } from "./event-pattern.js";
import type { FilterExpr } from "./metric-filter.js";
import { compilePattern, type CompiledPattern, type Rule } from "./rule.js";

type Keys = ReadonlySet<string> | undefined;

/**
 * Compiles a rule set into one function returning, in ascending order, the indexes of the rules a record matches.
 *
 * The index. From each rule's parsed pattern we derive a necessary condition on one cheap field:
 *  * eventName: the set of exact names the pattern requires (EventBridge `detail.eventName` lists of
 *    plain strings; filter-pattern `$.eventName = Name` terms, intersected under &&, united under ||
 *    when every branch names some);
 *  * otherwise the service: EventBridge `source` lists of "aws.<service>", or filter-pattern
 *    `$.eventSource = <service>.amazonaws.com` terms, keyed by eventSource without ".amazonaws.com".
 * A rule with a name set sits in one bucket per name, a rule with only a service set in one bucket per
 * service, and a rule with neither is always tested. A record with a string eventName is tested against
 * its eventName bucket, its service bucket and the always-tested rules; a record whose eventName or
 * eventSource is not a string (which an array could still satisfy) is tested against every rule of that
 * dimension. Only conditions every match must satisfy are derived, so the answer is the same as testing
 * every rule (a property test checks this).
 */
export function compileRules(rules: readonly Rule[]): (record: unknown) => number[] {
  const compiled = rules.map(compilePattern);
  const byName = new Map<string, number[]>();
  const byService = new Map<string, number[]>();
  const nameIndexed: number[] = [];
  const serviceIndexed: number[] = [];
  const always: number[] = [];
  const add = (map: Map<string, number[]>, key: string, i: number): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [i]);
    else list.push(i);
  };
  compiled.forEach((c, i) => {
    const names = requiredKeys(c, "eventName");
    if (names !== undefined) {
      nameIndexed.push(i);
      for (const n of names) add(byName, n, i);
      return;
    }
    const services = requiredKeys(c, "service");
    if (services !== undefined) {
      serviceIndexed.push(i);
      for (const s of services) add(byService, s, i);
      return;
    }
    always.push(i);
  });

  return (record) => {
    const eventName = field(record, "eventName");
    const eventSource = field(record, "eventSource");
    const fromName = typeof eventName === "string" ? byName.get(eventName) : nameIndexed;
    const fromService = typeof eventSource === "string" ? byService.get(serviceOf(eventSource)) : serviceIndexed;
    const matched: number[] = [];
    let envelope: unknown;
    const test = (i: number): void => {
      const c = compiled[i]!;
      if (c.target === "record") {
        if (c.test(record)) matched.push(i);
      } else {
        envelope ??= toEventBridgeEvent(record);
        if (c.test(envelope)) matched.push(i);
      }
    };
    if (fromName !== undefined) fromName.forEach(test);
    if (fromService !== undefined) fromService.forEach(test);
    always.forEach(test);
    return matched.length > 1 ? matched.sort((a, b) => a - b) : matched;
  };
}

function field(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null ? (record as Record<string, unknown>)[key] : undefined;
}

/** The service key of an eventSource: "iam.amazonaws.com" → "iam" (the envelope's source minus "aws."). */
function serviceOf(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/, "");
}

/** The values of `dimension` every record matching the pattern must have, or undefined when none can be derived. */
export function requiredKeys(c: CompiledPattern, dimension: "eventName" | "service"): Keys {
  if (c.target === "envelope") {
    if (dimension === "eventName") return objectRequires(c.parsed, ["detail", "eventName"]);
    const sources = objectRequires(c.parsed, ["source"]);
    if (sources === undefined) return undefined;
    // A source that does not start with "aws." cannot come from a CloudTrail record: it keys nothing.
    return new Set([...sources].filter((s) => s.startsWith("aws.")).map((s) => s.slice(4)));
  }
  if (dimension === "eventName") return filterRequires(c.parsed, "eventName", (v) => v);
  return filterRequires(c.parsed, "eventSource", serviceOf);
}

function intersect(a: Keys, b: Keys): Keys {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

/** Exact string values an EventBridge pattern requires at `path` (fields are ANDed, `$or` branches united). */
function objectRequires(obj: PatternObject, path: readonly string[]): Keys {
  let result: Keys;
  const [head, ...rest] = path;
  for (const f of obj.fields) {
    if (f.key !== head) continue;
    if (rest.length === 0 && f.kind === "values") {
      const strings: string[] = [];
      const plain = f.values.every((m) => {
        if (m.type !== "exact" || typeof m.value !== "string" || isIpLiteral(m.value)) return false;
        strings.push(m.value);
        return true;
      });
      if (plain) result = intersect(result, new Set(strings));
    } else if (rest.length > 0 && f.kind === "object") {
      result = intersect(result, objectRequires(f.object, rest));
    }
  }
  if (obj.or !== undefined) {
    const branches = obj.or.map((b) => objectRequires(b, path));
    if (branches.every((b) => b !== undefined)) {
      result = intersect(result, new Set(branches.flatMap((b) => [...b!])));
    }
  }
  return result;
}

/** Exact values a filter pattern requires of `$.<key>` (plain `=` strings without wildcards), mapped by `key`. */
function filterRequires(expr: FilterExpr, key: string, map: (s: string) => string): Keys {
  switch (expr.kind) {
    case "compare": {
      const v = expr.value;
      const plain = expr.op === "=" && v.kind === "string" && !v.text.startsWith("*") && !v.text.endsWith("*");
      return plain && expr.selector.length === 1 && expr.selector[0] === key ? new Set([map(v.text)]) : undefined;
    }
    case "and":
      return expr.terms.reduce<Keys>((acc, t) => intersect(acc, filterRequires(t, key, map)), undefined);
    case "or": {
      const branches = expr.terms.map((t) => filterRequires(t, key, map));
      return branches.every((b) => b !== undefined) ? new Set(branches.flatMap((b) => [...b!])) : undefined;
    }
    default:
      return undefined;
  }
}
