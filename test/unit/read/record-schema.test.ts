// Tests that a thread loads the zod record schema only when a record fails the fast check, and
// that a file met before it was loaded is read again with the same result as a thread that had it.
// Module state is per test file (vitest isolates files), so this file starts without the schema.
import { describe, expect, it } from "vitest";
import type { FileTask, Job } from "../../../src/read/job.js";
import { compileJob, processFile, processFileSync } from "../../../src/read/process-file.js";
import { loadedRecordSchema } from "../../../src/read/record-schema.js";

const T = "2026-03-01T10:00:00Z";
const job: Job = { filter: {}, processor: "count", maxInflatedBytes: 1024 * 1024 };
const task = (records: unknown[]): FileTask => ({
  seq: 0,
  openPath: undefined,
  bytes: new Uint8Array(Buffer.from(JSON.stringify({ Records: records }))),
  path: "in.json",
  role: "log",
  explicit: false,
  accountId: undefined,
  region: undefined,
});

describe("the record schema, loaded on demand", () => {
  it("is not loaded for good records, and is loaded (then the file read again) for a bad one", async () => {
    const compiled = await compileJob(job);
    const good = processFileSync(task([{ eventTime: T, eventName: "A" }]), compiled);
    expect(good).toMatchObject({ status: "read", records: 1, matched: 1, problemCount: 0, output: 1 });
    expect(loadedRecordSchema()).toBeUndefined();

    const bad = task([{ eventTime: T, eventName: "A" }, { eventTime: T, eventName: 5 }, { eventTime: T }]);
    expect(processFileSync(bad, compiled)).toBeUndefined();
    expect(loadedRecordSchema()).toBeUndefined();
    const first = await processFile(bad, compiled);
    expect(loadedRecordSchema()).toBeDefined();
    expect(first).toMatchObject({
      status: "read",
      records: 3,
      matched: 2,
      problemCount: 1,
      problems: [{ index: 1, message: "eventName: expected string, got number" }],
      output: 2,
    });
    // Once loaded, the same file takes one pass and gives the same result.
    expect(processFileSync(bad, compiled)).toEqual(first);
  });
});
