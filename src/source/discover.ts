// Finds the files to read from the user's inputs (directories, files, globs, `-` for stdin) and
// tags each with its place in the S3 layout and its role (log, insight, digest, unrelated).
// Directories are walked in sorted order (deterministic output; S3 layout order is time order) and
// pruned by layout before they are listed. It never opens a file: content is the reader's job.
import { promises as fsp } from "node:fs";
import path from "node:path";
import { type PruneSpec, pruneDir, pruneFile } from "./prune.js";
import { type S3Location, dirScope, parseS3Location } from "./s3-layout.js";

/** What a file is expected to hold, judged from its path. Content may still prove otherwise. */
export type FileRole = "log" | "insight" | "digest" | "unrelated";

export interface SourceFile {
  /** Path as shown to the user (the input joined with the path below it); "-" for stdin. */
  path: string;
  /** Named by the user rather than found by walking: such a file must be a log, or it is an error. */
  explicit: boolean;
  stdin: boolean;
  role: FileRole;
  location: S3Location | undefined;
}

export type Discovered =
  | { type: "file"; file: SourceFile }
  | { type: "skipped"; path: string; reason: string; isDir: boolean }
  | { type: "error"; path: string; message: string };

export interface DiscoverOptions {
  cwd: string;
  /** Path-based pruning; without it every CloudTrail file is kept. */
  prune?: PruneSpec;
  signal?: AbortSignal;
}

const LOG_NAME_RE = /\.(json|json\.gz|gz)$/i;
/** `aws s3api head-object` output saved next to a digest: metadata, not a log. */
const SIDECAR_RE = /\.metadata\.json$/i;

/** Decides a file's role from its path. */
export function roleOf(filePath: string, location: S3Location | undefined): FileRole {
  if (location) {
    if (SIDECAR_RE.test(filePath)) return "unrelated";
    if (location.kind === "CloudTrail") return "log";
    if (location.kind === "CloudTrail-Insight") return "insight";
    if (location.kind === "CloudTrail-Digest") return "digest";
    return "unrelated";
  }
  return LOG_NAME_RE.test(filePath) && !SIDECAR_RE.test(filePath) ? "log" : "unrelated";
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "not a directory";
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** `p` as shown, `abs` resolved: the layout is read from the absolute path, so walking from inside it works. */
function makeFile(p: string, abs: string, explicit: boolean): SourceFile {
  const location = parseS3Location(abs);
  return { path: p, explicit, stdin: false, role: explicit ? explicitRole(p, location) : roleOf(p, location), location };
}

function explicitRole(p: string, location: S3Location | undefined): FileRole {
  const role = roleOf(p, location);
  // A file the user names is read even if its name is unusual; only digests keep their role.
  return role === "digest" || role === "insight" ? role : "log";
}

/** Yields every file below the inputs, in sorted order per input, with layout pruning applied. */
export async function* discoverFiles(inputs: readonly string[], opts: DiscoverOptions): AsyncGenerator<Discovered> {
  const seen = inputs.length > 1 ? new Set<string>() : undefined;
  for (const input of inputs) {
    if (opts.signal?.aborted) return;
    if (input === "-") {
      yield { type: "file", file: { path: "-", explicit: true, stdin: true, role: "log", location: undefined } };
      continue;
    }
    const abs = path.resolve(opts.cwd, input);
    let stat;
    try {
      stat = await fsp.stat(abs);
    } catch (err) {
      // fast-glob is loaded only for a pattern: most runs name directories, and start-up counts.
      const fg = (err as NodeJS.ErrnoException).code === "ENOENT" ? (await import("fast-glob")).default : undefined;
      if (fg?.isDynamicPattern(input)) {
        yield* globFiles(input, opts, seen);
      } else {
        yield { type: "error", path: input, message: describeFsError(err) };
      }
      continue;
    }
    if (stat.isDirectory()) {
      const visited = new Set<string>();
      yield* walk(input, abs, opts, visited, seen);
    } else if (await isNew(abs, seen)) {
      const file = makeFile(input, abs, true);
      yield* keepOrSkip(file, opts);
    }
  }
}

/**
 * UTF-8 byte order (S3's listing order). It equals code point order, which differs from the
 * UTF-16 order of `<` only when a character above U+FFFF meets one in U+E000..U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (D800..DFFF) stands for a code point above every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

async function isNew(abs: string, seen: Set<string> | undefined): Promise<boolean> {
  if (!seen) return true;
  let key = abs;
  try {
    key = await fsp.realpath(abs);
  } catch {
    // Unresolvable: the reader will report it.
  }
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function* keepOrSkip(file: SourceFile, opts: DiscoverOptions): Generator<Discovered> {
  if (file.role === "unrelated") {
    yield { type: "skipped", path: file.path, reason: "not a CloudTrail file", isDir: false };
    return;
  }
  if (opts.prune && file.location) {
    const verdict = pruneFile(file.location, opts.prune);
    if (!verdict.keep) {
      yield { type: "skipped", path: file.path, reason: verdict.reason, isDir: false };
      return;
    }
  } else if (opts.prune && !file.explicit && file.role !== "log") {
    yield { type: "skipped", path: file.path, reason: `${file.role} file not requested`, isDir: false };
    return;
  }
  yield { type: "file", file };
}

async function* walk(
  shown: string,
  abs: string,
  opts: DiscoverOptions,
  visited: Set<string>,
  seen: Set<string> | undefined,
): AsyncGenerator<Discovered> {
  // Symlink loops: a directory is entered once per real path.
  let real = abs;
  try {
    real = await fsp.realpath(abs);
  } catch (err) {
    yield { type: "error", path: shown, message: describeFsError(err) };
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);

  let entries;
  try {
    entries = await fsp.readdir(abs, { withFileTypes: true });
  } catch (err) {
    yield { type: "error", path: shown, message: describeFsError(err) };
    return;
  }
  // Byte order, as S3 lists keys: the layout's date folders then come oldest first.
  entries.sort((a, b) => compareBytes(a.name, b.name));
  for (const entry of entries) {
    if (opts.signal?.aborted) return;
    const childShown = path.join(shown, entry.name);
    const childAbs = path.join(abs, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const st = await fsp.stat(childAbs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (err) {
        yield { type: "error", path: childShown, message: describeFsError(err) };
        continue;
      }
    }
    if (isDir) {
      if (opts.prune) {
        const scope = dirScope(childAbs);
        if (scope) {
          const verdict = pruneDir(scope, opts.prune);
          if (!verdict.keep) {
            yield { type: "skipped", path: childShown, reason: verdict.reason, isDir: true };
            continue;
          }
        }
      }
      yield* walk(childShown, childAbs, opts, visited, seen);
    } else if (isFile) {
      if (!(await isNew(childAbs, seen))) continue;
      yield* keepOrSkip(makeFile(childShown, childAbs, false), opts);
    }
  }
}

async function* globFiles(
  pattern: string,
  opts: DiscoverOptions,
  seen: Set<string> | undefined,
): AsyncGenerator<Discovered> {
  let matches: string[];
  try {
    const fg = (await import("fast-glob")).default;
    matches = await fg(pattern, { cwd: opts.cwd, onlyFiles: true, followSymbolicLinks: false, dot: false });
  } catch (err) {
    yield { type: "error", path: pattern, message: describeFsError(err) };
    return;
  }
  if (matches.length === 0) {
    yield { type: "error", path: pattern, message: "no files match this pattern" };
    return;
  }
  matches.sort(compareBytes);
  for (const m of matches) {
    const abs = path.resolve(opts.cwd, m);
    if (!(await isNew(abs, seen))) continue;
    // Files a glob names were chosen by the user, but unrelated ones in the match are still skipped.
    yield* keepOrSkip(makeFile(m, abs, false), opts);
  }
}
