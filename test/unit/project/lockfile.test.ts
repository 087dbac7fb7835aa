// Guards `npm ci`: it refuses a lock in which any dependency, including another platform's
// optional binary (rollup, esbuild, DuckDB), has no entry. Some npm releases write such locks when
// a platform package is missing from the registry for the resolved version, so this is checked here
// rather than discovered in CI. Offline: it reads package-lock.json only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../helpers/run-ct.js";

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

/** Whether `name` resolves from the package at `from`, as Node and npm look it up. */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut >= 0 ? dir.slice(0, cut) : "";
  }
}

describe("package-lock.json", () => {
  it("has an entry for every dependency of every package, on every platform", () => {
    const missing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      for (const [name, range] of Object.entries({ ...entry.dependencies, ...entry.optionalDependencies })) {
        if (!resolves(where, name)) missing.push(`${where || "(root)"} → ${name}@${range}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("pins the packages whose platform binaries must all be published", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      optionalDependencies?: Record<string, string>;
      overrides?: Record<string, string>;
    };
    expect(pkg.optionalDependencies?.["@duckdb/node-api"]).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(pkg.overrides?.["rollup"]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
