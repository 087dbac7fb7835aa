// Test helper: builds a directory tree of files in the system temp folder and removes it again.
// Paths use "/" and are created with their parent folders; contents are text or bytes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TempTree {
  root: string;
  /** Absolute path of a relative one inside the tree. */
  at(rel: string): string;
  remove(): void;
}

/** Creates the files (relative path → content) under a fresh temporary directory. */
export function makeTempTree(files: Readonly<Record<string, string | Uint8Array>>, label = "ct-test-"): TempTree {
  const root = mkdtempSync(path.join(os.tmpdir(), label));
  const at = (rel: string) => path.join(root, ...rel.split("/"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(at(rel)), { recursive: true });
    writeFileSync(at(rel), content);
  }
  return { root, at, remove: () => rmSync(root, { recursive: true, force: true }) };
}
