// Moves an export from its staging folder into place, one partition folder at a time, so a run
// never mixes with what is already there: a partition that exists is refused (nothing is moved)
// unless the caller overwrites, which replaces the whole partition folder. This is what makes a
// re-run over the same input give the same rows, never twice the rows. Also lists the partitions
// of an export (for the DDL's projection values). Knows folders, not file formats.
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

export interface Partition {
  /** Path relative to the export root, with `/` separators (account=1/region=r/date=d). */
  key: string;
  /** Values in folder order; Hive's NULL folder name is kept as written. */
  values: string[];
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Partition folders `name=value` exactly `names.length` levels below `root` (in `names` order,
 * sorted); folders that do not follow the layout are ignored.
 */
export async function listPartitions(root: string, names: readonly string[], prefix = ""): Promise<Partition[]> {
  const out: Partition[] = [];
  const walk = async (dir: string, depth: number, values: string[], rel: string[]) => {
    if (depth === names.length) {
      out.push({ key: [prefix, ...rel].filter((p) => p !== "").join("/"), values });
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const want = `${names[depth]}=`;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!e.isDirectory() || !e.name.startsWith(want)) continue;
      await walk(path.join(dir, e.name), depth + 1, [...values, e.name.slice(want.length)], [...rel, e.name]);
    }
  };
  await walk(prefix ? path.join(root, prefix) : root, 0, [], []);
  return out;
}

export interface CommitResult {
  partitions: number;
  replaced: number;
  files: number;
}

/** Thrown when partitions exist and the caller does not overwrite; nothing was moved. */
export class PartitionConflict extends Error {
  constructor(readonly existing: string[]) {
    super(`${existing.length} partition${existing.length === 1 ? "" : "s"} already exported`);
  }
}

async function countFiles(dir: string): Promise<number> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).length;
}

/**
 * Moves every partition folder of `staging` (the given relative keys) into `target`. Without
 * `overwrite`, any existing partition aborts the commit before anything moves.
 */
export async function commitPartitions(staging: string, target: string, keys: readonly string[], overwrite: boolean): Promise<CommitResult> {
  const existing: string[] = [];
  for (const key of keys) if (await isDir(path.join(target, key))) existing.push(key);
  if (existing.length > 0 && !overwrite) throw new PartitionConflict(existing);
  let files = 0;
  for (const key of keys) {
    const from = path.join(staging, key);
    const to = path.join(target, key);
    files += await countFiles(from);
    await rm(to, { recursive: true, force: true });
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }
  return { partitions: keys.length, replaced: existing.length, files };
}
