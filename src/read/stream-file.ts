// Reads ONE log file too large to parse as one JSON document (more than 512 MiB decompressed,
// within --max-inflate) as a stream: chunks are inflated, split into records (record-splitter.ts)
// and processed like any file's records, and the results come out in parts of a bounded size,
// so that memory stays bounded whatever the file's size. It runs where the results are consumed.
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { pipeline } from "node:stream";
import { isUtf8 } from "node:buffer";
import zlib from "node:zlib";
import { CtError } from "../errors.js";
import { type FileResult, type FileTask, emptyResult } from "./job.js";
import { type CompiledJob, recordStep } from "./process-file.js";
import { loadRecordSchema } from "./record-schema.js";
import { MAX_STREAMED_RECORD_BYTES, RecordSplitter } from "./record-splitter.js";

/** Records per part: each part's output is held until it is consumed. */
export const RECORDS_PER_PART = 5_000;

const READ_CHUNK = 1024 * 1024;

/**
 * Output of one inflate step. Node's gunzip stream drops the output of the step that finds damage
 * (a bad CRC or length, garbage after a member), so a damaged file loses at most this much
 * decompressed text just before the damage; small steps keep that loss small.
 */
export const INFLATE_STEP = 64 * 1024;

/** Whether the file starts with gzip's magic bytes (sniffed, never taken from the name). */
function startsLikeGzip(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The parts of the file's result, in order; the last one has no `part` mark. Never throws for bad input. */
export async function* streamFile(task: FileTask, compiled: CompiledJob, recordsPerPart = RECORDS_PER_PART): AsyncGenerator<FileResult> {
  // Parts already handed on cannot be read again, so a record that needs the schema must find it loaded.
  await loadRecordSchema();
  const ctx = { accountId: task.accountId, region: task.region };
  const fresh = (): FileResult => ({ ...emptyResult(task), warnings: [], problems: [] });
  let result = fresh();
  let step = recordStep(result, compiled, ctx);
  let index = 0;
  let inflated = 0;
  let nonUtf8 = false;
  const splitter = new RecordSplitter();
  const pending: (Buffer | null)[] = [];
  const cut = (): FileResult => {
    const done = { ...result, output: step.finish(), part: true as const };
    result = fresh();
    step = recordStep(result, compiled, ctx);
    return done;
  };
  let failure: string | undefined;
  let gunzip: zlib.Gunzip | undefined;
  const file = createReadStream(task.openPath!, { highWaterMark: READ_CHUNK });
  try {
    let source: AsyncIterable<Buffer> = file;
    if (startsLikeGzip(task.openPath!)) {
      gunzip = zlib.createGunzip({ chunkSize: INFLATE_STEP });
      // Errors of either stream surface in the loop below, which reads the gunzip end.
      pipeline(file, gunzip, () => {});
      source = gunzip;
    }
    for await (const chunk of source) {
      inflated += chunk.length;
      result.bytesInflated += chunk.length;
      if (inflated > compiled.job.maxInflatedBytes) {
        failure = `decompressed size exceeds the limit of --max-inflate; the records before it were read`;
        break;
      }
      splitter.push(chunk, (bytes) => pending.push(bytes));
      for (const bytes of pending.splice(0)) {
        const i = index++;
        result.records++;
        if (bytes === null) {
          step.skip(i, `larger than ${MAX_STREAMED_RECORD_BYTES / 1024 ** 2} MiB; record skipped`);
          continue;
        }
        if (!nonUtf8 && !isUtf8(bytes)) nonUtf8 = true;
        let record: unknown;
        try {
          record = JSON.parse(bytes.toString("utf8"));
        } catch (err) {
          failure = `invalid JSON in record ${i}: ${(err as Error).message}; the records before it were read`;
          break;
        }
        step.add(record, i);
        if (result.records >= recordsPerPart) yield cut();
      }
      if (failure) break;
    }
    if (!failure) {
      if (inflated === 0) failure = "empty file (0 bytes)";
      else splitter.end();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    const why =
      err instanceof CtError
        ? err.message
        : code === "Z_BUF_ERROR"
          ? "truncated gzip: unexpected end of file"
          : code.startsWith("Z_")
            ? `corrupt gzip: ${(err as Error).message}`
            : `cannot read: ${(err as Error).message}`;
    const lost = gunzip !== undefined && !(err instanceof CtError) ? ` (up to ${INFLATE_STEP / 1024} KiB of text just before it may be missing)` : "";
    failure = index > 0 ? `${why}; the records before it were read${lost}` : why;
  } finally {
    file.destroy();
  }
  const last: FileResult = { ...result, bytesRead: file.bytesRead, output: step.finish() };
  if (nonUtf8) last.warnings.push("contains bytes that are not valid UTF-8; they are shown as U+FFFD");
  if (failure) (last.errors ??= []).push(failure);
  yield last;
}
