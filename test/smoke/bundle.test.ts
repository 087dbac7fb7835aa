// Tests what the built bundle loads at start-up: every worker thread compiles the worker entry's
// static imports before it reads a file, on every scan's critical path. zod (about 750 KB) must
// not be among them; a thread loads it only when a record fails the fast check (record-schema.ts).
// Nor among what ct lookup's main thread loads before its workers start.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIST = path.resolve(import.meta.dirname, "../../dist");

/** The files `entry` loads statically, itself included. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(DIST, file), "utf8");
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"\.\/([^"]+)"|^import\s+"\.\/([^"]+)"/gm)) visit((m[1] ?? m[2])!);
  };
  visit(entry);
  return seen;
}

const sources = (files: Set<string>) => [...files].flatMap((f) => [...readFileSync(path.join(DIST, f), "utf8").matchAll(/^\/\/ (node_modules\/[^/\n]+|src\/[^\s]+)/gm)].map((m) => m[1]!));

describe("the built bundle", () => {
  it("starts a worker thread without zod, and the schema is still one dynamic import away", () => {
    const graph = staticGraph("worker.js");
    const loaded = sources(graph);
    expect(loaded).toContain("src/read/process-file.ts");
    expect(loaded).not.toContain("node_modules/zod");
    expect(loaded).not.toContain("src/model/event.ts");
    const bytes = [...graph].reduce((n, f) => n + readFileSync(path.join(DIST, f)).length, 0);
    expect(bytes).toBeLessThan(200_000);
  });

  it("starts ct lookup without zod: its filter is checked by hand where the job is made", () => {
    const lookup = readdirSync(DIST).find((f) => /^lookup-[A-Z0-9]+\.js$/.test(f));
    expect(lookup).toBeDefined();
    const loaded = sources(new Set([...staticGraph("main.js"), ...staticGraph(lookup!)]));
    expect(loaded).toContain("src/read/pool.ts");
    expect(loaded).toContain("src/query/filter-spec-check.ts");
    expect(loaded).not.toContain("node_modules/zod");
  });
});
