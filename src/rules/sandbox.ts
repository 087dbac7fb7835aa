// `ct rules test` logic, like the EventBridge console's sandbox: one pattern (an EventBridge event
// pattern, or a CloudWatch Logs filter pattern) tried against one event (a CloudTrail record, or an
// EventBridge event that already carries one in `detail`). Pure: the CLI reads the texts.
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../model/record-depth.js";
import { PatternError } from "./errors.js";
import { normalizeCloudTrailPattern, toEventBridgeEvent } from "./envelope.js";
import { compileEventPattern } from "./event-pattern.js";
import { compileMetricFilter } from "./metric-filter.js";

export type SandboxPattern =
  | { readonly kind: "eventbridge"; readonly test: (event: unknown) => boolean }
  | { readonly kind: "metricFilter"; readonly test: (record: unknown) => boolean };

/**
 * Compiles pattern text: JSON is an EventBridge event pattern; text starting with "{" that is not
 * JSON is taken as a filter pattern (`{ $.eventName = ... }`). Throws PatternError otherwise.
 */
export function compileSandboxPattern(text: string): SandboxPattern {
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson) {
    if (nestsDeeperThan(json)) throw new PatternError(`the pattern is nested more than ${MAX_RECORD_DEPTH} levels deep`);
    return { kind: "eventbridge", test: compileEventPattern(normalizeCloudTrailPattern(json)) };
  }
  if (text.trimStart().startsWith("{")) return { kind: "metricFilter", test: compileMetricFilter(text) };
  throw new PatternError("the pattern is neither JSON (an EventBridge event pattern) nor a filter pattern ({ $.field = value })");
}

/** True when `event` already is an EventBridge event rather than a bare CloudTrail record. */
function isEnvelope(event: unknown): event is { detail: unknown } {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  const e = event as Record<string, unknown>;
  return "detail" in e && ("detail-type" in e || "source" in e);
}

/** Tries the pattern on the event: EventBridge patterns see the envelope, filter patterns the record. */
export function sandboxMatch(pattern: SandboxPattern, event: unknown): boolean {
  if (pattern.kind === "eventbridge") return pattern.test(isEnvelope(event) ? event : toEventBridgeEvent(event));
  return pattern.test(isEnvelope(event) ? event.detail : event);
}
