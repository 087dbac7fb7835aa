// Tests for the strings a filter's matches must hold in their JSON text: the group each flag gives,
// the flags that give none, and soundness: every record the compiled filter matches holds a string
// of every group, over the fixture bucket's records and filters made from their own values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { compileFilter } from "../../../src/query/compile-filter.js";
import type { FilterSpec } from "../../../src/query/filter-spec.js";
import { requiredTextOf } from "../../../src/query/required-text.js";
import { resourceNamesOf, resourceTypesOf } from "../../../src/query/resource.js";
import { userNamesOf } from "../../../src/query/user.js";
import { type Raw, logRecords } from "../../helpers/fixture-records.js";

describe("requiredTextOf", () => {
  it("gives one group per value flag, its values ORed", () => {
    expect(requiredTextOf({ user: ["alice", "bob"], eventName: ["ConsoleLogin"] })).toEqual({
      groups: [["ConsoleLogin"], ["alice", "bob"]],
    });
    expect(requiredTextOf({ eventSource: ["iam.amazonaws.com"], eventId: ["e-1"], accessKey: ["AKIA1"] })?.groups).toEqual([
      ["iam.amazonaws.com"],
      ["e-1"],
      ["AKIA1"],
    ]);
    expect(requiredTextOf({ resourceType: ["AWS::S3::Bucket"], resourceName: ["logs/2026"] })?.groups).toEqual([
      ["AWS::S3::Bucket"],
      ["logs/2026"],
    ]);
    expect(requiredTextOf({ error: ["AccessDenied", "*UnauthorizedOperation"] })?.groups).toEqual([
      ["AccessDenied", "UnauthorizedOperation"],
    ]);
  });

  it("takes the longest literal piece of a wildcard pattern", () => {
    expect(requiredTextOf({ eventName: ["Delete*"] })?.groups).toEqual([["Delete"]]);
    expect(requiredTextOf({ eventName: ["*Bucket*Policy"] })?.groups).toEqual([["Bucket"]]);
    expect(requiredTextOf({ eventName: ["Put\\*Odd*"] })?.groups).toEqual([["Put*Odd"]]);
  });

  it("drops a flag whose pattern has no piece to look for: `*`, quotes, backslashes, control characters", () => {
    expect(requiredTextOf({ eventName: ["*"] })).toBeUndefined();
    expect(requiredTextOf({ eventName: ["Get*", "*"] })).toBeUndefined();
    expect(requiredTextOf({ user: ['al"ice'] })).toBeUndefined();
    expect(requiredTextOf({ user: ["a\\b"] })).toBeUndefined();
    expect(requiredTextOf({ user: ["a\nb"] })).toBeUndefined();
    expect(requiredTextOf({ user: ['"*x'] })?.groups).toEqual([["x"]]);
    expect(requiredTextOf({ user: ["a\\b"], eventName: ["ConsoleLogin"] })?.groups).toEqual([["ConsoleLogin"]]);
  });

  it("lets --user root find a root record that spells it only as type Root", () => {
    expect(requiredTextOf({ user: ["root"] })?.groups).toEqual([["root", "Root"]]);
    expect(requiredTextOf({ user: ["r*t"] })?.groups).toEqual([["r", "Root"]]);
    expect(requiredTextOf({ user: ["alice"] })?.groups).toEqual([["alice"]]);
    const root = { eventVersion: "1.11", eventTime: "2026-03-01T10:00:00Z", userIdentity: { type: "Root", principalId: "111122223333" } };
    expect(compileFilter({ user: ["root"] })(root as CloudTrailRecord, {})).toBe(true);
    expect(holdsAll(JSON.stringify(root), { user: ["root"] })).toBe(true);
    expect(JSON.stringify(root)).not.toContain("root");
  });

  it("looks for the errorCode key for --error, and nothing for --no-error", () => {
    expect(requiredTextOf({ error: true })?.groups).toEqual([['"errorCode"']]);
    expect(requiredTextOf({ error: false })).toBeUndefined();
  });

  it("gives nothing for flags that are not strings in the text, or may come from the path", () => {
    const spec: FilterSpec = {
      since: 0,
      until: 1,
      readOnly: true,
      sourceIp: ["203.0.113.7"],
      category: ["Data"],
      account: ["111122223333"],
      region: ["us-east-1"],
    };
    expect(requiredTextOf(spec)).toBeUndefined();
  });

  it("uses ct sql's equalities only for values no number, boolean or null can be written as", () => {
    const at = (values: string[]) => requiredTextOf({ fieldIn: [{ path: ["userIdentity", "userName"], values }] })?.groups;
    expect(at(["alice"])).toEqual([["alice"]]);
    expect(at(["a*b"])).toEqual([["a*b"]]);
    for (const v of ["42", "-1.5e3", "true", "FALSE", "null", "NaN", "inf", "-Infinity", "{}", "[1]"]) expect(at([v])).toBeUndefined();
    expect(at(["alice", "7"])).toBeUndefined();
  });
});

/** The values a filter flag can take from a record, for the soundness check. */
function valuesOf(r: Raw): Record<string, string[]> {
  const rec = r as CloudTrailRecord;
  const strings = (...vs: unknown[]) => vs.filter((v): v is string => typeof v === "string" && v.length > 0);
  return {
    user: userNamesOf(rec),
    eventName: strings(r["eventName"]),
    eventSource: strings(r["eventSource"]),
    eventId: strings(r["eventID"], r["eventId"]),
    accessKey: strings(r["userIdentity"]?.["accessKeyId"]),
    error: strings(r["errorCode"]),
    resourceType: resourceTypesOf(rec),
    resourceName: resourceNamesOf(rec),
  };
}

/** Patterns that match `v`: itself, and wildcard forms around its pieces. */
function patternsFor(v: string): string[] {
  const esc = (s: string) => s.replace(/[\\*]/g, "\\$&");
  const mid = Math.floor(v.length / 2);
  return [esc(v), `${esc(v.slice(0, mid))}*`, `*${esc(v.slice(mid))}`, `*${esc(v.slice(1, -1))}*`, `${esc(v.slice(0, 1))}*${esc(v.slice(-1))}`];
}

/** Whether the record's text holds a string of every group (or an escape that could hide one). */
function holdsAll(text: string, spec: FilterSpec): boolean {
  const required = requiredTextOf(spec);
  if (!required || text.includes("\\u")) return true;
  return required.groups.every((g) => g.some((s) => text.includes(s)));
}

describe("requiredTextOf is sound", () => {
  const records = logRecords();

  it("holds for every record and every filter made from its own values", () => {
    let checked = 0;
    for (const r of records) {
      const text = JSON.stringify(r);
      for (const [flag, values] of Object.entries(valuesOf(r))) {
        for (const v of values) {
          for (const p of patternsFor(v)) {
            const spec = { [flag]: [p] } as FilterSpec;
            if (!compileFilter(spec)(r as CloudTrailRecord, {})) continue;
            checked++;
            expect(holdsAll(text, spec), `${flag}=${p} in ${text.slice(0, 200)}`).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(records.length * 5);
  });

  it("holds for ANDed flags and ORed values drawn from all records", () => {
    const pool: Record<string, string[]> = {};
    for (const r of records) for (const [flag, vs] of Object.entries(valuesOf(r))) for (const v of vs) (pool[flag] ??= []).push(...patternsFor(v));
    const flags = Object.keys(pool);
    const spec = fc
      .uniqueArray(fc.constantFrom(...flags), { minLength: 1, maxLength: 3 })
      .chain((fs) => fc.tuple(...fs.map((f) => fc.array(fc.constantFrom(...pool[f]!), { minLength: 1, maxLength: 3 }).map((vs) => [f, vs] as const))))
      .map((entries) => Object.fromEntries(entries) as FilterSpec);
    const rec = fc.constantFrom(...records);
    let matched = 0;
    fc.assert(
      fc.property(spec, rec, (s, r) => {
        if (!compileFilter(s)(r as CloudTrailRecord, {})) return;
        matched++;
        expect(holdsAll(JSON.stringify(r), s)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(matched).toBeGreaterThan(0);
  });
});
