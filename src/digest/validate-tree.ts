// Validates every chain of a planned tree in a stable order and yields all their events. When two
// trails deliver into the same log folder, the log files each one lists are gathered first, so no
// chain reports the other's log files as listed by no digest.
// It reads files only through TreeAccess and prints nothing.
import { validateChain, type ChainOptions } from "./chain.js";
import { inflateOptions } from "./digest-check.js";
import { decodeDigestFile } from "./digest-file.js";
import { parseLogName } from "./digest-key.js";
import { joinPath } from "./key-space.js";
import type { ChainEvent } from "./events.js";
import type { TreeAccess } from "./tree-access.js";
import type { ChainPlan, TreePlan } from "./tree-plan.js";

/** Validates each chain of `plan`, yielding its events (each chain ends with its summary). */
export async function* validateTree(plan: TreePlan, tree: TreeAccess, options: ChainOptions): AsyncGenerator<ChainEvent> {
  const folders = new Map(plan.logFolders.map((f) => [f.id, f]));
  const chainsById = new Map(plan.chains.map((c) => [c.id, c]));
  const listedByChain = new Map<string, Set<string>>();
  for (const chain of plan.chains) {
    const folder = folders.get(chain.logFolderId);
    const listedElsewhere = new Set<string>();
    for (const otherId of folder?.chainIds ?? []) {
      const other = chainsById.get(otherId);
      if (!other || other.id === chain.id) continue;
      let tails = listedByChain.get(other.id);
      if (!tails) {
        tails = await listedTails(other, tree, options);
        listedByChain.set(other.id, tails);
      }
      for (const t of tails) listedElsewhere.add(t);
    }
    yield* validateChain({ plan: chain, tree, folderLogs: folder?.logs ?? [], listedElsewhere, options });
  }
}

/** The tails of every log file any digest of `chain` lists, whatever the digest's validity. */
async function listedTails(chain: ChainPlan, tree: TreeAccess, options: ChainOptions): Promise<Set<string>> {
  const tails = new Set<string>();
  for (const d of [...chain.digests, ...chain.backfills]) {
    const read = await tree.readDigest(joinPath(chain.root, d.relativePath));
    if (read.kind !== "found") continue;
    const decoded = decodeDigestFile(read.bytes, inflateOptions(options.maxInflatedBytes));
    if (decoded.kind !== "ok") continue;
    const logFiles = decoded.digest.json["logFiles"];
    if (!Array.isArray(logFiles)) continue;
    for (const entry of logFiles as unknown[]) {
      const key = (entry as { s3Object?: unknown } | null)?.s3Object;
      const tail = typeof key === "string" ? parseLogName(key)?.tail : undefined;
      if (tail !== undefined) tails.add(tail);
    }
  }
  return tails;
}
