// Named query parameters: defaults, required values, lists, counts, unknown names.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { NAMED_QUERIES, findNamedQuery, resolveParams } from "../../../src/sql/named-queries.js";

const q = (name: string) => findNamedQuery(name)!;

describe("named queries", () => {
  it("have unique kebab-case names, a description, and bind every $parameter they declare", () => {
    const names = NAMED_QUERIES.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of NAMED_QUERIES) {
      expect(n.name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(n.description.length).toBeGreaterThan(20);
      const used = new Set([...n.sql.matchAll(/\$([a-z_]+)/g)].map((m) => m[1]));
      expect([...used].sort()).toEqual(n.params.map((p) => p.name).sort());
      // No `*`: the column analysis would then load every column.
      expect(n.sql).not.toMatch(/SELECT \*|\.\*/);
    }
  });

  it("resolveParams applies defaults, parses lists and counts", () => {
    expect(resolveParams(q("top-errors"), [])).toEqual({ top: 50 });
    expect(resolveParams(q("top-errors"), ["top=7"])).toEqual({ top: 7 });
    expect(resolveParams(q("activity-by-ip"), [])).toEqual({ ip: null, top: 50 });
    expect(resolveParams(q("activity-by-ip"), ["ip=203.0.113.7"])).toEqual({ ip: "203.0.113.7", top: 50 });
    expect(resolveParams(q("events-outside-regions"), ["regions= us-east-1 ,eu-west-1,"])).toEqual({ regions: ["us-east-1", "eu-west-1"], top: 50 });
  });

  it("resolveParams rejects what it cannot use, naming --param", () => {
    const bad: [string, string[], RegExp][] = [
      ["events-outside-regions", [], /needs regions=/],
      ["events-outside-regions", ["regions=,"], /at least one value/],
      ["top-errors", ["top=0"], /whole number of at least 1/],
      ["top-errors", ["top=ten"], /whole number/],
      ["top-errors", ["nope=1"], /has no parameter "nope" \(it takes top\)/],
      ["console-login-without-mfa", ["x=1"], /it takes none/],
      ["top-errors", ["top"], /expected NAME=VALUE/],
    ];
    for (const [name, raw, re] of bad) {
      const run = () => resolveParams(q(name), raw);
      expect(run).toThrow(UsageError);
      expect(run).toThrow(re);
      expect(run).toThrow(/^--param: /);
    }
  });
});
