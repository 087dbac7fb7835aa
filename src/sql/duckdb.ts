// Loading DuckDB, an optional dependency: only `ct sql` and `ct export --format parquet|ocsf` ask
// for it, through a dynamic import, so every other command installs and starts without it. A
// missing or unloadable package becomes one message saying how to add it. Also opens a database
// with ct's settings (spill directory, memory limit, threads). It runs no ct query itself.
import { createRequire } from "node:module";
import { CtError } from "../errors.js";

export type DuckDbModule = typeof import("@duckdb/node-api");
export type DuckDbConnection = import("@duckdb/node-api").DuckDBConnection;
export type DuckDbInstance = import("@duckdb/node-api").DuckDBInstance;

/** Imports the DuckDB package; injected in tests to simulate its absence. */
export type DuckDbLoader = () => Promise<DuckDbModule>;

export const INSTALL_HINT = "npm install @duckdb/node-api";

/** DuckDB is not installed or cannot load on this platform. Exit status 2, as other input errors. */
export class MissingDuckDbError extends CtError {
  constructor(what: string, cause: string) {
    super(
      "E_DEPENDENCY",
      `${what} needs DuckDB, an optional dependency that is not installed or cannot load here (${cause}). ` +
        `Add it with: ${INSTALL_HINT} (next to ct; with a global install: npm install -g @duckdb/node-api)`,
    );
  }
}

/**
 * The package is CommonJS: `require` loads it in about half the time of `import()`, which first
 * scans every one of its modules for named exports.
 */
export const defaultDuckDbLoader: DuckDbLoader = async () => createRequire(import.meta.url)("@duckdb/node-api") as DuckDbModule;

function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "MODULE_NOT_FOUND") return "package @duckdb/node-api not found";
  const first = String(e?.message ?? err).split("\n")[0] ?? "";
  return first.length > 200 ? `${first.slice(0, 200)}...` : first;
}

/** Loads DuckDB or throws MissingDuckDbError naming the command that needs it. */
export async function loadDuckDb(loader: DuckDbLoader, what: string): Promise<DuckDbModule> {
  try {
    const mod = await loader();
    if (typeof mod?.DuckDBInstance?.create !== "function") throw new Error("the package has no DuckDBInstance");
    return mod;
  } catch (err) {
    throw new MissingDuckDbError(what, reasonOf(err));
  }
}

export interface DatabaseSettings {
  /** Where DuckDB spills what does not fit in memory (inside ct's own temporary directory); the database file is this path plus `.duckdb`. */
  tempDirectory: string;
  /** DuckDB's memory_limit, in bytes. */
  memoryLimit: number;
  threads: number;
}

export interface Database {
  instance: DuckDbInstance;
  connection: DuckDbConnection;
  /** Another connection to the same database, for statements run side by side; closed with the database. */
  connect(): Promise<DuckDbConnection>;
  /** Interrupts whatever every connection is running (Ctrl-C). */
  interrupt(): void;
  close(): void;
}

/**
 * A database file in ct's temporary directory, so that DuckDB can evict table data to disk and
 * stay within `memoryLimit` however much is loaded (an in-memory database cannot evict its tables).
 */
export async function openDatabase(duck: DuckDbModule, s: DatabaseSettings): Promise<Database> {
  const instance = await duck.DuckDBInstance.create(`${s.tempDirectory}.duckdb`, {
    temp_directory: s.tempDirectory,
    memory_limit: `${Math.max(64, Math.floor(s.memoryLimit / 1024 ** 2))}MiB`,
    threads: String(Math.max(1, s.threads)),
    // Row order inside a table is ct's to choose (ORDER BY where it matters); not preserving
    // insertion order lets DuckDB stream large loads and writes within the memory limit.
    preserve_insertion_order: "false",
    // Queries read the events table and the files users name, nothing from the network.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    // A partitioned COPY buffers rows per partition before writing them: keep the buffers to a
    // fraction of the memory limit (a CloudTrail row takes a few KiB in memory), and few files
    // open, since exports write their partitions in order.
    partitioned_write_flush_threshold: String(Math.min(122_880, Math.max(2048, Math.floor(s.memoryLimit / 65536)))),
    partitioned_write_max_open_files: "32",
  });
  const connection = await instance.connect();
  // The database file is deleted with ct's temporary directory: writing its last changes into it
  // when it closes (DuckDB's checkpoint) took about 25 ms at the end of every run, for nothing.
  await connection.run("PRAGMA disable_checkpoint_on_shutdown");
  const others: DuckDbConnection[] = [];
  return {
    instance,
    connection,
    async connect() {
      const c = await instance.connect();
      others.push(c);
      return c;
    },
    interrupt() {
      for (const c of [connection, ...others]) c.interrupt();
    },
    close() {
      for (const c of others) c.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
}
