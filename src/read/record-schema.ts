// Loads the zod record schema (model/event.ts) the first time a thread needs it: only a record that
// fails the hand-written fast check does, to learn why. A worker that meets only good records never
// pays for zod's start-up, a large module compiled once per thread.
// It does not check records itself (see process-file.ts).
type SchemaModule = typeof import("../model/event.js");

let loaded: SchemaModule | undefined;

/** The schema module if this thread has loaded it, else undefined. */
export function loadedRecordSchema(): SchemaModule | undefined {
  return loaded;
}

/** Loads the schema module into this thread (once). */
export async function loadRecordSchema(): Promise<SchemaModule> {
  loaded ??= await import("../model/event.js");
  return loaded;
}
