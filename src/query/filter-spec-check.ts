// Checks that plain data is a FilterSpec without loading zod: the readers check every job where
// it is made, and compiling zod cost a lookup's start-up 60 ms when nothing else needed it.
// FilterSpecSchema (filter-spec.ts) stays the definition; a test holds this check equal to it.
import { CATEGORIES } from "../model/classify.js";

const LISTS = [
  "eventId", "eventName", "user", "resourceType", "resourceName", "eventSource", "accessKey", "account", "region", "sourceIp",
] as const;

function isList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string");
}

const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** Why `v` is not a FilterSpec, naming the field; undefined when it is one. */
export function filterSpecProblem(v: unknown): string | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not an object";
  const spec = v as Record<string, unknown>;
  const has = (k: string) => spec[k] !== undefined;
  for (const k of LISTS) if (has(k) && !isList(spec[k])) return `${k}: expected a non-empty list of strings`;
  if (has("readOnly") && typeof spec["readOnly"] !== "boolean") return "readOnly: expected a boolean";
  if (has("error") && typeof spec["error"] !== "boolean" && !isList(spec["error"]))
    return "error: expected a boolean or a non-empty list of strings";
  const category = spec["category"];
  if (has("category") && !(Array.isArray(category) && category.length > 0 && category.every((c) => (CATEGORIES as readonly unknown[]).includes(c))))
    return `category: expected a non-empty list of ${CATEGORIES.join(", ")}`;
  const fieldIn = spec["fieldIn"];
  if (
    has("fieldIn") &&
    !(
      Array.isArray(fieldIn) &&
      fieldIn.length > 0 &&
      fieldIn.every((f) => typeof f === "object" && f !== null && isList((f as Record<string, unknown>)["path"]) && isList((f as Record<string, unknown>)["values"]))
    )
  )
    return "fieldIn: expected a non-empty list of { path, values }, both non-empty lists of strings";
  for (const k of ["since", "until"] as const) if (has(k) && !isNumber(spec[k])) return `${k}: expected a number (epoch ms)`;
  return undefined;
}
