// The API a record is about: eventSource and eventName, or for Insights events (which carry
// neither at the top level) the API their insightDetails describe. Pure accessors; no I/O.
import type { CloudTrailRecord } from "./event.js";

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function insightDetail(r: CloudTrailRecord, key: "eventSource" | "eventName"): string | undefined {
  const details = (r as Record<string, unknown>)["insightDetails"];
  return details && typeof details === "object" ? str((details as Record<string, unknown>)[key]) : undefined;
}

/** `eventSource`, else `insightDetails.eventSource`; undefined when neither is a string. */
export function eventSourceOf(r: CloudTrailRecord): string | undefined {
  return str(r.eventSource) ?? insightDetail(r, "eventSource");
}

/** `eventName`, else `insightDetails.eventName`; undefined when neither is a string. */
export function eventNameOf(r: CloudTrailRecord): string | undefined {
  return str(r.eventName) ?? insightDetail(r, "eventName");
}
