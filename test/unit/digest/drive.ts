// Test driver for the pure digest layer: a file-system TreeAccess (digest bytes, head-object
// sidecars, log hashes), and a run over one or more directories that returns the events and the
// AWS-CLI-style text exactly as the CLI would write it.
import { existsSync, readFileSync } from "node:fs";
import { listFiles } from "../../../fixtures/lib/object-store.js";
import { validateTree } from "../../../src/digest/validate-tree.js";
import type { ChainOptions } from "../../../src/digest/chain.js";
import type { ChainEvent, ChainSummary } from "../../../src/digest/events.js";
import { hashLogFile } from "../../../src/digest/log-hash.js";
import { parsePublicKeys, PublicKeyRing } from "../../../src/digest/public-keys.js";
import { TextReport } from "../../../src/digest/report.js";
import { summarizeRun, type RunSummary } from "../../../src/digest/summary.js";
import { parseHeadObject, sidecarPathOf, type TreeAccess } from "../../../src/digest/tree-access.js";
import { planTree, type ChainSelector } from "../../../src/digest/tree-plan.js";

/** Reads digests, their `.metadata.json` sidecars and log files from disk. */
export function fsTree(options: { sidecars?: boolean } = {}): TreeAccess & { digestReads: string[] } {
  const digestReads: string[] = [];
  return {
    digestReads,
    async readDigest(path) {
      digestReads.push(path);
      if (!existsSync(path)) return { kind: "missing" };
      const sidecar = sidecarPathOf(path);
      let metadata;
      if (options.sidecars !== false && existsSync(sidecar)) {
        const parsed = parseHeadObject(readFileSync(sidecar, "utf8"));
        if (parsed.kind !== "ok") throw new Error(`${sidecar}: ${parsed.reason}`);
        metadata = { source: "sidecar" as const, values: parsed.values };
      }
      return { kind: "found", bytes: readFileSync(path), metadata };
    },
    async hashLog(path) {
      if (!existsSync(path)) return { kind: "missing" };
      return hashLogFile(readFileSync(path));
    },
  };
}

export interface RunOptions extends Partial<Omit<ChainOptions, "keys">> {
  keysFiles?: string[];
  verbose?: boolean;
  select?: ChainSelector;
  sidecars?: boolean;
}

export interface RunResult {
  events: ChainEvent[];
  stdout: string;
  stderr: string;
  /** Both streams in the order written, stderr chunks marked `!`, to check the shared blank-line flag. */
  merged: string;
  run: RunSummary;
  reads: string[];
}

/** Plans and validates the trees under `roots`, rendering the text report. */
export async function runValidation(roots: string[], o: RunOptions = {}): Promise<RunResult> {
  const plan = planTree(
    roots.map((root) => ({ root, files: listFiles(root) })),
    o.select,
  );
  const keys = o.keysFiles
    ? new PublicKeyRing(o.keysFiles.flatMap((f) => parsePublicKeys(readFileSync(f, "utf8"), f)))
    : undefined;
  const tree = fsTree({ sidecars: o.sidecars ?? true });
  const report = new TextReport({ verbose: o.verbose ?? false });
  const events: ChainEvent[] = [];
  let stdout = "";
  let stderr = "";
  let merged = "";
  const options: ChainOptions = {
    start: o.start,
    end: o.end,
    keys,
    requireSignatures: o.requireSignatures ?? false,
    bucket: o.bucket,
    keyPrefix: o.keyPrefix,
    trailArn: o.trailArn,
  };
  for await (const e of validateTree(plan, tree, options)) {
    events.push(e);
    for (const chunk of report.write(e)) {
      if (chunk.stream === "stdout") stdout += chunk.text;
      else stderr += chunk.text;
      merged += chunk.stream === "stdout" ? chunk.text : chunk.text.replace(/^(?=.)/gm, "!");
    }
  }
  const run = summarizeRun(
    events.filter((e): e is ChainSummary => e.type === "chain-summary"),
    keys !== undefined,
  );
  for (const chunk of report.end(run)) stdout += chunk.text;
  return { events, stdout, stderr, merged, run, reads: tree.digestReads };
}
