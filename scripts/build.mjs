// Builds dist/: the CLI (dist/main.js) and the worker (dist/worker.js) bundled with their
// dependencies, split into chunks so each command still loads only its own code. It does not
// typecheck (`npm run typecheck` does). Bundled because loading ~300 small module files cost every
// run about 0.15 s on the main thread and again in each worker; DuckDB stays an external optional
// dependency, loaded only by `ct sql` and `ct export`. The record scanner's WebAssembly
// (src/read/wasm/record-scan.ts, AssemblyScript) is compiled to dist/record-scan.wasm.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const outdir = path.join(root, "dist");

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: "src/cli/main.ts", worker: "src/read/worker.ts" },
  outdir,
  // Flat: the worker is found next to the chunk that starts it (src/read/pool.ts).
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@duckdb/node-api"],
  // CommonJS dependencies (commander, cli-table3, fast-glob) call require() for Node built-ins.
  banner: { js: "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);" },
  define: { __CT_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  legalComments: "eof",
  logLevel: "warning",
});

// The stub runtime: the scanner allocates nothing, so it needs no garbage collector. Assertions off:
// every memory access is bounded by the scanner's own checks (and wasm traps, never corrupts).
mkdirSync(outdir, { recursive: true });
const wasm = await asc.main(
  [
    "--baseDir",
    root,
    "src/read/wasm/record-scan.ts",
    "--outFile",
    path.join(outdir, "record-scan.wasm"),
    "-O3",
    "--runtime",
    "stub",
    "--noAssert",
    "--enable",
    "simd",
    "--initialMemory",
    "1",
  ],
  { stdout: process.stdout, stderr: process.stderr },
);
if (wasm.error) {
  process.stderr.write(`build: record-scan.wasm: ${wasm.error.message}\n`);
  process.exit(1);
}
