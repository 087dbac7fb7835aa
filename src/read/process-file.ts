// Reads and processes ONE file: open, decode (parsing, under a value filter, only the records whose
// text can match), check each record against the schema, filter, and hand matches to the job's
// processor. The same code runs in a worker thread and inline (--threads 1). Every failure becomes
// part of the FileResult; nothing here throws for bad input.
import fs from "node:fs";
import { CtError } from "../errors.js";
import { recordTimeProblem } from "../model/record-fields.js";
import { isValidRecord } from "../model/record-check.js";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../model/record-depth.js";
import { type RecordContext, type RecordPredicate, compileFilter } from "../query/compile-filter.js";
import { requiredTextOf } from "../query/required-text.js";
import {
  type Decoded,
  E_ONE_DOCUMENT,
  type Inflated,
  ONE_DOCUMENT_BYTES,
  ONE_DOCUMENT_MESSAGE,
  fileSizeProblem,
  inflateFile,
  inflatedText,
  parseInflated,
} from "./decode.js";
import { type FileResult, type FileTask, type Job, MAX_PROBLEMS_KEPT, emptyResult } from "./job.js";
import { type LoadedProcessor, type ProcessorFactory, type RawProcessor, loadProcessor } from "./processors.js";
import { loadRecordSchema, loadedRecordSchema } from "./record-schema.js";
import { USE_TEXT } from "./record-scan.js";
import { type RecordPicker, compilePicker } from "./text-prefilter.js";

export interface CompiledJob {
  job: Job;
  predicate: RecordPredicate;
  factory: ProcessorFactory | undefined;
  raw: RawProcessor | undefined;
  /** Picks the records whose text can match, when the filter names values (none with checkAll). */
  pick: RecordPicker | undefined;
  /** The buffers of an output that a worker moves to the main thread instead of copying. */
  transferables: ((output: unknown) => ArrayBuffer[]) | undefined;
}

/** Compiles a job once per thread, loading its processor. The job was checked where it was made (checkJob). */
export async function compileJob(job: Job): Promise<CompiledJob> {
  return compileLoadedJob(job, await loadProcessor(job.processor));
}

/** Compiles a job whose processor is already loaded. */
export function compileLoadedJob(job: Job, loaded: LoadedProcessor): CompiledJob {
  return {
    job,
    predicate: compileFilter(job.filter),
    pick: pickerOf(job),
    factory: loaded.kind === "records" ? loaded.factory : undefined,
    raw: loaded.kind === "raw" ? loaded.run : undefined,
    transferables: loaded.kind === "records" ? loaded.transferables : undefined,
  };
}

function pickerOf(job: Job): RecordPicker | undefined {
  const required = job.checkAll ? undefined : requiredTextOf(job.filter);
  return required ? compilePicker(required) : undefined;
}

function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file (it vanished during the run?)";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return `cannot read: ${(err as Error).message}`;
}

/** Thrown by readBounded for a file refused on its size alone. */
class TooLarge extends Error {}

/** Thrown by readBounded for a file too large to parse as one document: it is streamed instead. */
class StreamInstead extends Error {}

/** The result that asks the reader to stream the file (stream-file.ts); an error to anyone else. */
function streamMarker(result: FileResult): FileResult {
  return { ...result, status: "error", message: ONE_DOCUMENT_MESSAGE, stream: true };
}

/**
 * Reads a file whole, unless its size alone says it cannot be processed: a multi-gigabyte file is
 * refused without being loaded. The size is taken from the open file, so a file replaced between
 * discovery and reading is judged as it is now.
 */
function readBounded(file: string, maxInflatedBytes: number, parsed: boolean): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    if (parsed && size > ONE_DOCUMENT_BYTES && size <= maxInflatedBytes) throw new StreamInstead();
    const problem = fileSizeProblem(size, maxInflatedBytes, parsed);
    if (problem !== undefined) throw new TooLarge(problem);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Thrown by the record step when a record fails the fast check and this thread has not loaded the
 * schema that says why: the file is processed again once it has (see processFile).
 */
const SCHEMA_NEEDED = new Error("the record schema is not loaded");

/** Processes one file, loading the record schema first if one of its records needs it. */
export async function processFile(task: FileTask, compiled: CompiledJob): Promise<FileResult> {
  const result = processFileSync(task, compiled);
  if (result !== undefined) return result;
  await loadRecordSchema();
  return processFileSync(task, compiled)!;
}

/**
 * Processes one file; never throws for bad input. Undefined when a record needs the record schema
 * and this thread has not loaded it: processFile loads it and calls again (a file is read twice
 * at most once per thread).
 */
export function processFileSync(task: FileTask, compiled: CompiledJob): FileResult | undefined {
  const result: FileResult = emptyResult(task);
  let raw: Uint8Array;
  try {
    raw = task.bytes ?? readBounded(task.openPath!, compiled.job.maxInflatedBytes, !compiled.raw);
  } catch (err) {
    if (err instanceof TooLarge) return { ...result, status: "error", message: err.message };
    if (err instanceof StreamInstead) return streamMarker(result);
    const errno = (err as NodeJS.ErrnoException).code;
    return { ...result, status: "error", message: readError(err), ...(errno ? { errno } : {}) };
  }
  result.bytesRead = raw.length;
  if (compiled.raw) return { ...result, output: compiled.raw(raw, compiled.job.params) };
  // A gzip whose trailer announces more than one document can hold is streamed without inflating it here.
  if (task.openPath !== undefined && raw.length >= 18 && raw[0] === 0x1f && raw[1] === 0x8b) {
    const isize = Buffer.from(raw.buffer, raw.byteOffset, raw.length).readUInt32LE(raw.length - 4);
    if (isize > ONE_DOCUMENT_BYTES && isize <= compiled.job.maxInflatedBytes) return streamMarker(result);
  }
  let decoded: Decoded;
  try {
    const inflated = inflateFile(raw, compiled.job.maxInflatedBytes);
    let text: string | undefined;
    if (compiled.pick) {
      let picked = inflated.utf8 ? compiled.pick.bytes(inflated.bytes, inflated.start) : USE_TEXT;
      if (picked === USE_TEXT) picked = compiled.pick.text((text = inflatedText(inflated)));
      const records = picked && parsePicked(text ?? inflated, picked.bounds, picked.picked);
      if (picked && records) {
        result.bytesInflated = inflated.bytes.length;
        result.warnings = inflated.warnings;
        result.records = picked.bounds.length / 2;
        result.parsed = records.length;
        return processRecords(result, compiled, task, records, picked.picked);
      }
    }
    decoded = parseInflated(inflated, text);
  } catch (err) {
    if (err instanceof CtError && err.code === E_ONE_DOCUMENT && task.openPath !== undefined) return streamMarker(result);
    if (err instanceof CtError) return { ...result, status: "error", message: err.message };
    return { ...result, status: "error", message: `cannot decode: ${(err as Error).message}` };
  }
  result.bytesInflated = decoded.inflatedBytes;
  if (decoded.kind === "digest") return { ...result, status: "skipped", message: "a digest file, not a log file" };
  result.warnings = decoded.warnings;
  if (decoded.errors) result.errors = decoded.errors;

  result.records = decoded.records.length;
  return processRecords(result, compiled, task, decoded.records, undefined);
}

/**
 * The picked records parsed, from the text or from the bytes the bounds were found in; undefined
 * when one does not parse: the whole text is then parsed as if nothing had been picked, so that
 * the error is reported as it always is.
 */
function parsePicked(from: string | Inflated, bounds: ArrayLike<number>, picked: readonly number[]): unknown[] | undefined {
  const out: unknown[] = [];
  try {
    if (typeof from === "string") for (const r of picked) out.push(JSON.parse(from.slice(bounds[2 * r], bounds[2 * r + 1])));
    else for (const r of picked) out.push(JSON.parse(from.bytes.toString("utf8", from.start + bounds[2 * r]!, from.start + bounds[2 * r + 1]!)));
  } catch {
    return undefined;
  }
  return out;
}

/** Runs the record step over a file's records; `indexes` gives their places in the file when only some were parsed. */
function processRecords(
  result: FileResult,
  compiled: CompiledJob,
  task: FileTask,
  records: readonly unknown[],
  indexes: readonly number[] | undefined,
): FileResult | undefined {
  const step = recordStep(result, compiled, { accountId: task.accountId, region: task.region });
  try {
    for (let i = 0; i < records.length; i++) step.add(records[i], indexes ? indexes[i]! : i);
  } catch (err) {
    if (err === SCHEMA_NEEDED) return undefined;
    throw err;
  }
  result.output = step.finish();
  return result;
}

/**
 * Checks, filters and processes records one at a time into `result`; shared by whole and streamed
 * files. Throws SCHEMA_NEEDED when a record fails the fast check before the thread has loaded the
 * record schema (streamFile loads it first).
 */
export function recordStep(
  result: FileResult,
  compiled: CompiledJob,
  ctx: RecordContext,
): { add(r: unknown, i: number): void; skip(i: number, message: string): void; finish(): unknown } {
  const proc = compiled.factory!(compiled.job.params, ctx);
  const predicate = compiled.predicate;
  const problem = (index: number, message: string) => {
    if (result.problemCount++ < MAX_PROBLEMS_KEPT) result.problems.push({ index, message });
  };
  return {
    add(r: unknown, i: number): void {
      try {
        // The check, the time and the filter read fixed fields only, so they are safe on a record of
        // any depth; everything after them (zod, processors, JSON.stringify) walks it, so a record
        // nested too deep is refused before those. Records the filter rules out are never walked.
        if (!isValidRecord(r)) {
          if (nestsDeeperThan(r)) {
            problem(i, `nested more than ${MAX_RECORD_DEPTH} levels deep; record skipped`);
            return;
          }
          // The fast check only says no; zod, the definition, says why (or overrules it).
          const schema = loadedRecordSchema();
          if (schema === undefined) throw SCHEMA_NEEDED;
          const parsed = schema.RecordSchema.safeParse(r);
          if (!parsed.success) {
            problem(i, schema.describeSchemaError(parsed.error, r));
            return;
          }
        }
        const record = r as never;
        const timeProblem = recordTimeProblem(record);
        if (!predicate(record, ctx)) {
          if (timeProblem) problem(i, `${timeProblem} (record kept)`);
          return;
        }
        if (nestsDeeperThan(r)) {
          problem(i, `nested more than ${MAX_RECORD_DEPTH} levels deep; record skipped`);
          return;
        }
        if (timeProblem) problem(i, `${timeProblem} (record kept)`);
        result.matched++;
        proc.add(record, i);
      } catch (err) {
        if (err === SCHEMA_NEEDED) throw err;
        // A bug met by one record must not cost the file's other records (or, inline, the run).
        problem(i, `internal error: ${(err as Error)?.message ?? String(err)} (record skipped; please report this)`);
      }
    },
    skip: problem,
    finish: () => proc.finish(),
  };
}
