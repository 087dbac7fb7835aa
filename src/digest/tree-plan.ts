// Finds every digest chain in an exported tree from the list of its files alone: one chain per
// (local head, organization, account, source region, trail name, home region), standard and
// backfill digests listed apart, and the log files of the folder each chain digests.
// It reads no file contents; selection by account/region/trail is a predicate the caller passes.
import { parseDigestName, parseLogName, type DigestName } from "./digest-key.js";

/** A digest file found in the tree. */
export interface ListedDigest {
  /** Path relative to the root, `/`-separated. */
  relativePath: string;
  name: DigestName;
}

/** A log file found in the tree. */
export interface ListedLog {
  relativePath: string;
  tail: string;
  /** Delivery time from the file name, epoch ms (minute precision). */
  time: number;
}

/** One chain to validate. */
export interface ChainPlan {
  id: string;
  root: string;
  localHead: string;
  orgId: string | undefined;
  accountId: string;
  sourceRegion: string;
  trailName: string;
  homeRegion: string;
  /** Standard digests, ascending by path (= by key, = chronological). */
  digests: ListedDigest[];
  /** Backfill digests, ascending by path. */
  backfills: ListedDigest[];
  /** Id of the log folder the chain digests. */
  logFolderId: string;
}

/** The log files of one `[o-id/]<account>/CloudTrail/<region>` folder and the chains that list them. */
export interface LogFolderPlan {
  id: string;
  root: string;
  /** Ascending by delivery time, then path. */
  logs: ListedLog[];
  chainIds: string[];
}

export interface TreePlan {
  chains: ChainPlan[];
  logFolders: LogFolderPlan[];
  /** Digest-like files whose names do not parse (reported, never validated). */
  unrecognised: number;
}

/** The files of one directory argument, relative to it, `/`-separated. */
export interface TreeListing {
  root: string;
  files: readonly string[];
}

/** The identity fields of a chain, for the caller's selection predicate. */
export type ChainSelector = (chain: Omit<ChainPlan, "digests" | "backfills" | "id" | "logFolderId">) => boolean;

/** Groups the digest and log files of each listing into chains and log folders. */
export function planTree(listings: readonly TreeListing[], select: ChainSelector = () => true): TreePlan {
  const chains = new Map<string, ChainPlan>();
  const folders = new Map<string, LogFolderPlan>();
  let unrecognised = 0;
  listings.forEach((listing, rootIndex) => {
    const logs: { folder: string; log: ListedLog }[] = [];
    for (const relativePath of listing.files) {
      const digest = parseDigestName(relativePath);
      if (digest) {
        const identity = {
          root: listing.root,
          localHead: digest.head,
          orgId: digest.orgId,
          accountId: digest.accountId,
          sourceRegion: digest.sourceRegion,
          trailName: digest.trailName,
          homeRegion: digest.homeRegion,
        };
        if (!select(identity)) continue;
        const folder = logFolderId(rootIndex, digest.head, digest.orgId, digest.accountId, digest.sourceRegion);
        const id = chainId(rootIndex, digest);
        let chain = chains.get(id);
        if (!chain) {
          chain = { id, ...identity, digests: [], backfills: [], logFolderId: folder };
          chains.set(id, chain);
          if (!folders.has(folder)) folders.set(folder, { id: folder, root: listing.root, logs: [], chainIds: [] });
        }
        (digest.backfill ? chain.backfills : chain.digests).push({ relativePath, name: digest });
        continue;
      }
      if (relativePath.includes("/CloudTrail-Digest/") && !relativePath.endsWith(".metadata.json")) unrecognised++;
      const log = parseLogName(relativePath);
      if (log) {
        logs.push({
          folder: logFolderId(rootIndex, log.head, log.orgId, log.accountId, log.region),
          log: { relativePath, tail: log.tail, time: log.time },
        });
      }
    }
    for (const { folder, log } of logs) folders.get(folder)?.logs.push(log);
  });
  const byPath = (a: { relativePath: string }, b: { relativePath: string }) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;
  const ordered = [...chains.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const chain of ordered) {
    chain.digests.sort(byPath);
    chain.backfills.sort(byPath);
    folders.get(chain.logFolderId)?.chainIds.push(chain.id);
  }
  for (const folder of folders.values()) folder.logs.sort((a, b) => a.time - b.time || byPath(a, b));
  return { chains: ordered, logFolders: [...folders.values()], unrecognised };
}

function chainId(rootIndex: number, d: DigestName): string {
  const org = d.orgId ? `${d.orgId}/` : "";
  return `${rootIndex}:${d.head}${org}${d.accountId}/CloudTrail-Digest/${d.sourceRegion} ${d.trailName} ${d.homeRegion}`;
}

function logFolderId(rootIndex: number, head: string, orgId: string | undefined, account: string, region: string): string {
  return `${rootIndex}:${head}${orgId ? `${orgId}/` : ""}${account}/CloudTrail/${region}`;
}
