// The lookup filter as plain data: what crosses from the CLI to the worker threads, where
// compile-filter.ts turns it into a predicate. Validated with zod at that boundary.
// It holds no functions and no Dates (epoch ms) so it survives structured cloning unchanged.
import { z } from "zod";
import { CATEGORIES } from "../model/classify.js";

const Values = z.array(z.string()).min(1);

export const FilterSpecSchema = z.object({
  eventId: Values.optional(),
  eventName: Values.optional(),
  /** true: read-only events only; false: write events only. */
  readOnly: z.boolean().optional(),
  user: Values.optional(),
  resourceType: Values.optional(),
  resourceName: Values.optional(),
  /** Full service host names (`iam.amazonaws.com`); the CLI expands `iam`. */
  eventSource: Values.optional(),
  accessKey: Values.optional(),
  account: Values.optional(),
  region: Values.optional(),
  /** Addresses or CIDR blocks, IPv4 or IPv6. */
  sourceIp: Values.optional(),
  /** true: any error; false: no error; a list: these error codes (wildcards allowed). */
  error: z.union([z.boolean(), Values]).optional(),
  category: z.array(z.enum(CATEGORIES)).min(1).optional(),
  /**
   * Exact strings at key paths (CloudTrail's keys): a record passes each entry when the value at
   * its path is one of its values. ct sql puts the equalities of its WHERE here (see
   * sql/where-pushdown.ts), so records the statement would drop never leave the readers.
   */
  fieldIn: z.array(z.object({ path: z.array(z.string()).min(1), values: Values })).min(1).optional(),
  /** Epoch ms, inclusive, as LookupEvents' StartTime and EndTime. */
  since: z.number().optional(),
  until: z.number().optional(),
});

export type FilterSpec = z.infer<typeof FilterSpecSchema>;
