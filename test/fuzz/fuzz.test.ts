// Property-based fuzzing of every command over mutated log files (see mutations.ts): next to
// untouched fixture files, 1–3 mutants; for each command, no internal error, no hang (a deadline
// per run), the documented exit code (2 exactly when a file or record could not be read, and then
// only mutants are named), every event of the untouched files still reported, and a value filter
// printing what a run that parses every record prints.
// A bounded number of cases runs in `npm test`; CT_FUZZ_RUNS=2000 runs more of each property.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildScenario, type Scenario } from "../../fixtures/lib/scenario.js";
import { type CtResult, FIXTURE_BUCKET, runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";
import { mutate, mutationArb } from "./mutations.js";

const EXTRA_RUNS = Number(process.env["CT_FUZZ_RUNS"] ?? "0");
const runs = (inSuite: number) => (EXTRA_RUNS > 0 ? EXTRA_RUNS : inSuite);
/** A run of one command that takes longer than this is a hang. */
const DEADLINE_MS = 20_000;

/** Eight small fixture log files (CloudTrail/ only), their bytes and their events' IDs read without ct. */
const POOL_DIR = path.join(FIXTURE_BUCKET, "AWSLogs/o-exampleorg1/444455556666/CloudTrail/eu-west-1/2026/03/02");
const POOL = readdirSync(POOL_DIR).filter((f) => f.endsWith(".json.gz")).sort().slice(0, 8).map((f) => readFileSync(path.join(POOL_DIR, f)));
const POOL_IDS = POOL.map((b) => (JSON.parse(zlib.gunzipSync(b).toString("utf8")) as { Records: Record<string, string>[] }).Records.map((r) => r["eventID"] ?? r["eventId"]!));
const ALL_CATEGORIES = ["--category", "management,data,network,insight,aggregated"];
/** A filter pattern every record satisfies, so `check` counts the records it evaluated. */
const MATCH_ALL = 'rules:\n  - id: all\n    title: every record\n    severity: low\n    pattern:\n      metricFilter: "{ $.eventVersion EXISTS || $.eventVersion NOT EXISTS }"\n';

async function ct(args: string[]): Promise<CtResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ct ${args.join(" ")} ran longer than ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([runCt(args), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What every run must satisfy: run with -q, so stderr holds errors only. */
function expectDocumented(r: CtResult, codes: number[], mutants: string): void {
  expect(r.stderr).not.toContain("internal error");
  expect(codes).toContain(r.code);
  // 2 exactly when something could not be read, and then every message names a mutant.
  expect(r.code === 2).toBe(r.stderr !== "");
  for (const line of r.stderr.split("\n").filter((l) => l !== "")) expect(line.startsWith(`ct: ${mutants}`)).toBe(true);
}

function count(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

describe("fuzz: every reading command over mutated log files", () => {
  it("keeps the documented exit code, never fails internally or hangs, and reports every event of the untouched files", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat(POOL.length - 1), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ base: fc.nat(POOL.length - 1), mutation: mutationArb }), { minLength: 1, maxLength: 3 }),
        async (good, mutants) => {
          const files: Record<string, Buffer | string> = { "rule.yaml": MATCH_ALL };
          good.forEach((g, i) => (files[`logs/g${i}.json.gz`] = POOL[g]!));
          mutants.forEach((m, i) => (files[`logs/m${i}.json.gz`] = mutate(POOL[m.base]!, m.mutation, POOL)));
          const tree = makeTempTree(files, "ct-fuzz-");
          const logs = tree.at("logs");
          const prefix = path.join(logs, "m");
          try {
            const all = await ct(["lookup", "-j", "1", "-q", "-o", "ndjson", "--sort", "none", ...ALL_CATEGORIES, logs]);
            expectDocumented(all, [0, 2], prefix);
            const printed = all.stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
            for (const p of printed) expect(typeof p === "object" && p !== null && !Array.isArray(p)).toBe(true);
            const seen = count(printed.map((p) => String(p["eventID"] ?? p["eventId"])));
            for (const [id, n] of count(good.flatMap((g) => POOL_IDS[g]!))) expect(seen.get(id) ?? 0).toBeGreaterThanOrEqual(n);

            const classify = await ct(["classify", "-j", "1", "-q", "-o", "json", logs]);
            expectDocumented(classify, [0, 2], prefix);
            expect((JSON.parse(classify.stdout) as { total: number }).total).toBe(printed.length);

            const summary = await ct(["summary", "-j", "1", "-q", "-o", "json", logs]);
            expectDocumented(summary, [0, 2], prefix);
            expect((JSON.parse(summary.stdout) as { totals: { events: number } }).totals.events).toBe(printed.length);

            // Like lookup without --category, check leaves Insights events out.
            const plain = await ct(["lookup", "-j", "1", "-q", "-o", "ndjson", "--sort", "none", logs]);
            expectDocumented(plain, [0, 2], prefix);
            const evaluated = plain.stdout.split("\n").filter((l) => l !== "").length;
            const check = await ct(["check", "-j", "1", "-q", "-o", "json", "--rules", tree.at("rule.yaml"), logs]);
            expectDocumented(check, [0, 1, 2], prefix);
            const findings = (JSON.parse(check.stdout) as { findings: { matches: number }[] }).findings;
            expect(findings[0]?.matches ?? 0).toBe(evaluated);

            // A value filter parses only the records whose text can match: it must print what a
            // run that parses every record prints (messages may differ: records that cannot match
            // are not checked).
            const first = printed[0] as { userIdentity?: { userName?: unknown }; eventName?: unknown } | undefined;
            const user = typeof first?.userIdentity?.userName === "string" ? first.userIdentity.userName : "alice";
            const name = typeof first?.eventName === "string" ? first.eventName : "GetObject";
            for (const filter of [["--user", user], ["--event-name", name, "--error"]]) {
              const args = ["lookup", "-j", "1", "-q", "-o", "ndjson", "--sort", "none", ...filter, logs];
              const fast = await ct(args);
              expectDocumented(fast, [0, 2], prefix);
              expect(fast.stdout).toBe((await ct([...args, "--check-all"])).stdout);
            }

            for (const format of ["text", "table", "csv"]) {
              const human = await ct(["lookup", "-j", "1", "-q", "--color", "never", "-o", format, ...ALL_CATEGORIES, logs]);
              expectDocumented(human, [0, 2], prefix);
            }
          } finally {
            tree.remove();
          }
        },
      ),
      { numRuns: runs(300), endOnFailure: true },
    );
  });
});

describe("fuzz: validate-logs over a digest chain with a mutated log file", () => {
  let root = "";
  let sc: Scenario;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "ct-fuzz-chain-"));
    sc = buildScenario(["link", "link", "link"], { root, logsPerDigest: 2 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reports the untouched logs valid, judges the mutant, and never fails internally", async () => {
    const keys = sc.digests.flatMap((d) => d.logKeys);
    const files = keys.map((k) => path.join(root, ...k.split("/")));
    const originals = files.map((f) => readFileSync(f));
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), mutationArb, async (victim, mutation) => {
        const bytes = mutate(originals[victim]!, mutation, originals);
        writeFileSync(files[victim]!, bytes);
        try {
          const r = await ct(["validate-logs", "-j", "1", "-q", "-o", "ndjson", "--public-keys", sc.publicKeysFile, root]);
          expect(r.stderr).not.toContain("internal error");
          expect([0, 1, 2]).toContain(r.code);
          const events = r.stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
          const logs = new Map(events.filter((e) => e["type"] === "log").map((e) => [e["key"] as string, e["status"]]));
          keys.forEach((k, i) => {
            if (i !== victim) expect(logs.get(k)).toBe("valid");
          });
          expect(events.filter((e) => e["type"] === "digest").every((e) => e["status"] === "valid")).toBe(true);
          const mutantValid = logs.get(keys[victim]!) === "valid";
          expect(r.code).toBe(r.stderr !== "" ? 2 : mutantValid ? 0 : 1);
        } finally {
          writeFileSync(files[victim]!, originals[victim]!);
        }
      }),
      { numRuns: runs(200), endOnFailure: true },
    );
  });
});

describe("fuzz: ct rules test on random patterns and events", () => {
  const patternArb = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify({ detail: v })),
    fc.string().map((s) => `{ $.${s} = ${s} }`),
    fc.string().map((s) => `{ $.eventName = %${s}% }`),
    fc.string(),
  );
  it("answers match, no match or a usage/input error, and never fails internally", async () => {
    await fc.assert(
      fc.asyncProperty(patternArb, fc.jsonValue().map((v) => JSON.stringify(v)), async (pattern, event) => {
        // Arguments that do not look like JSON are taken as file names: keep them inline.
        const r = await ct(["rules", "test", pattern.startsWith("{") || pattern.startsWith("[") ? pattern : `{${pattern}`, event.startsWith("{") || event.startsWith("[") ? event : `[${event}]`]);
        expect(r.stderr).not.toContain("internal error");
        expect([0, 1, 2]).toContain(r.code);
        if (r.code === 2) expect(r.stderr).toMatch(/^ct: /);
        else expect(r.stdout).toBe(r.code === 0 ? "match\n" : "no match\n");
      }),
      { numRuns: runs(1000) },
    );
  });
});
