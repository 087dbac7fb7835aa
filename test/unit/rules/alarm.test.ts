import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMatch, finishFinding, foldFindingAcc, mergeFindingAcc, newFindingAcc, sampleOf, type FindingAcc, type MatchSample,
} from "../../../src/rules/alarm.js";
import type { Rule, Threshold } from "../../../src/rules/rule.js";

const rule = (threshold?: Threshold): Rule => ({
  id: "r1",
  title: "Rule one",
  severity: "high",
  description: "",
  pattern: { metricFilter: "{ $.eventName = X }" },
  ...(threshold === undefined ? {} : { threshold }),
});

const at = (eventTime: string, eventID: string): [number, MatchSample] => [Date.parse(eventTime), { eventID, eventTime }];

function accOf(matches: [number, MatchSample][], threshold?: Threshold, limit = 5): FindingAcc {
  const acc = newFindingAcc(threshold, limit);
  for (const [ms, sample] of matches) addMatch(acc, ms, sample);
  return acc;
}

const burst = [
  at("2024-03-01T12:00:00Z", "e1"),
  at("2024-03-01T12:04:59Z", "e2"),
  at("2024-03-01T12:05:00Z", "e3"),
  at("2024-03-01T12:09:00Z", "e4"),
  at("2024-03-01T12:09:30Z", "e5"),
  at("2024-03-01T12:20:00Z", "e6"),
];

describe("threshold evaluation", () => {
  it("sums matches over 5-minute periods aligned to the epoch and reports the periods that reach the count", () => {
    const finding = finishFinding(accOf(burst, { count: 2, periodMinutes: 5 }), rule({ count: 2, periodMinutes: 5 }));
    expect(finding).toEqual({
      ruleId: "r1",
      title: "Rule one",
      severity: "high",
      matches: 6,
      untimed: 0,
      firstTime: "2024-03-01T12:00:00.000Z",
      lastTime: "2024-03-01T12:20:00.000Z",
      threshold: { count: 2, periodMinutes: 5 },
      alarmPeriods: [
        { start: "2024-03-01T12:00:00.000Z", end: "2024-03-01T12:05:00.000Z", count: 2 },
        { start: "2024-03-01T12:05:00.000Z", end: "2024-03-01T12:10:00.000Z", count: 3 },
      ],
      peakCount: 3,
      fired: true,
      samples: burst.slice(0, 5).map(([, s]) => s),
    });
  });

  it("does not fire when no period reaches the count, and reports the peak", () => {
    const finding = finishFinding(accOf(burst, { count: 5, periodMinutes: 5 }), rule({ count: 5, periodMinutes: 5 }));
    expect(finding.fired).toBe(false);
    expect(finding.alarmPeriods).toEqual([]);
    expect(finding.peakCount).toBe(3);
    expect(finding.matches).toBe(6);
  });

  it("fires in every period with a match for the CIS alarm (count 1)", () => {
    const finding = finishFinding(accOf(burst, { count: 1, periodMinutes: 5 }), rule({ count: 1, periodMinutes: 5 }));
    expect(finding.alarmPeriods.map((p) => [p.start, p.count])).toEqual([
      ["2024-03-01T12:00:00.000Z", 2],
      ["2024-03-01T12:05:00.000Z", 3],
      ["2024-03-01T12:20:00.000Z", 1],
    ]);
  });

  it("aligns hour periods to the hour, not to the first match", () => {
    const t: Threshold = { count: 2, periodMinutes: 60 };
    const acc = accOf([at("2024-03-01T12:59:00Z", "a"), at("2024-03-01T13:01:00Z", "b")], t);
    expect(finishFinding(acc, rule(t)).alarmPeriods).toEqual([]);
    expect([...acc.periods.keys()]).toEqual([Date.parse("2024-03-01T12:00:00Z"), Date.parse("2024-03-01T13:00:00Z")]);
  });

  it("gives the same finding whatever the order of the matches", () => {
    const t: Threshold = { count: 2, periodMinutes: 5 };
    expect(finishFinding(accOf([...burst].reverse(), t), rule(t))).toEqual(finishFinding(accOf(burst, t), rule(t)));
  });

  it("counts matches without a usable time apart, in no period", () => {
    const t: Threshold = { count: 1, periodMinutes: 5 };
    const acc = accOf([at("2024-03-01T12:00:00Z", "a"), [Number.NaN, { eventID: "b" }]], t);
    const finding = finishFinding(acc, rule(t));
    expect(finding.matches).toBe(2);
    expect(finding.untimed).toBe(1);
    expect(finding.alarmPeriods).toEqual([{ start: "2024-03-01T12:00:00.000Z", end: "2024-03-01T12:05:00.000Z", count: 1 }]);
    expect(finding.samples).toEqual([{ eventID: "a", eventTime: "2024-03-01T12:00:00Z" }, { eventID: "b" }]);
  });
});

describe("rules without a threshold", () => {
  it("fire on any match and track no periods", () => {
    const acc = accOf(burst);
    expect(acc.periods.size).toBe(0);
    const finding = finishFinding(acc, rule());
    expect(finding.fired).toBe(true);
    expect(finding.alarmPeriods).toEqual([]);
    expect(finding.peakCount).toBe(0);
    expect("threshold" in finding).toBe(false);
  });

  it("do not fire without matches", () => {
    const finding = finishFinding(newFindingAcc(), rule());
    expect(finding).toEqual({
      ruleId: "r1", title: "Rule one", severity: "high", matches: 0, untimed: 0,
      alarmPeriods: [], peakCount: 0, fired: false, samples: [],
    });
  });
});

describe("samples", () => {
  it("keeps the N earliest, ties broken by eventID, whatever the insertion order", () => {
    const matches = [
      at("2024-03-01T12:00:05Z", "c"),
      at("2024-03-01T12:00:01Z", "z"),
      at("2024-03-01T12:00:01Z", "a"),
      at("2024-03-01T12:00:09Z", "b"),
    ];
    const expected = [
      { eventID: "a", eventTime: "2024-03-01T12:00:01Z" },
      { eventID: "z", eventTime: "2024-03-01T12:00:01Z" },
    ];
    expect(accOf(matches, undefined, 2).samples).toEqual(expected);
    expect(accOf([...matches].reverse(), undefined, 2).samples).toEqual(expected);
  });

  it("keeps none with a limit of 0", () => {
    expect(accOf(burst, undefined, 0).samples).toEqual([]);
  });

  it("describes a record by id, time, name, principal, address and region", () => {
    expect(
      sampleOf({
        eventID: "id-1", eventTime: "2024-03-01T12:00:00Z", eventName: "StopLogging", awsRegion: "eu-west-1",
        sourceIPAddress: "198.51.100.7", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/mallory", userName: "mallory" },
      }),
    ).toEqual({
      eventID: "id-1", eventTime: "2024-03-01T12:00:00Z", eventName: "StopLogging",
      principal: "arn:aws:iam::111122223333:user/mallory", sourceIPAddress: "198.51.100.7", awsRegion: "eu-west-1",
    });
    expect(sampleOf({ eventId: "agg-1", userIdentity: { type: "Root" } })).toEqual({ eventID: "agg-1", principal: "Root" });
    expect(sampleOf(null)).toEqual({});
  });
});

describe("mergeFindingAcc", () => {
  it("combines two accumulators without modifying them", () => {
    const t: Threshold = { count: 2, periodMinutes: 5 };
    const a = accOf(burst.slice(0, 3), t, 2);
    const b = accOf(burst.slice(3), t, 2);
    const aBefore = structuredClone(a);
    const merged = mergeFindingAcc(a, b);
    expect(finishFinding(merged, rule(t))).toEqual(finishFinding(accOf(burst, t, 2), rule(t)));
    expect(a).toEqual(aBefore);
  });

  it("foldFindingAcc gives what mergeFindingAcc gives, changing only the totals it folds into", () => {
    const t: Threshold = { count: 2, periodMinutes: 5 };
    const a = accOf(burst.slice(0, 3), t, 2);
    const b = accOf(burst.slice(3), t, 2);
    const bBefore = structuredClone(b);
    const merged = mergeFindingAcc(a, b);
    expect(foldFindingAcc(a, b)).toBe(a);
    expect(a).toEqual(merged);
    expect(b).toEqual(bBefore);
  });

  it("refuses accumulators built with different periods", () => {
    expect(() => mergeFindingAcc(newFindingAcc({ count: 1, periodMinutes: 5 }), newFindingAcc())).toThrow(
      "mergeFindingAcc: accumulators of different rules or settings",
    );
  });

  it("gives the same finding for any split of the matches into files and any merge order", () => {
    const t: Threshold = { count: 3, periodMinutes: 5 };
    const base = Date.parse("2024-03-01T00:00:00Z");
    const matchArb = fc.record({
      offset: fc.integer({ min: 0, max: 3 * 3600 * 1000 }),
      id: fc.string({ minLength: 1, maxLength: 3 }),
      timed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(matchArb, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 60 }), fc.nat(), (list, cuts, seed) => {
        const matches = list.map(({ offset, id, timed }): [number, MatchSample] => {
          const ms = timed ? base + offset : Number.NaN;
          return [ms, timed ? { eventID: id, eventTime: new Date(ms).toISOString() } : { eventID: id }];
        });
        const whole = finishFinding(accOf(matches, t, 3), rule(t));
        // Split into files at the given cut points, then merge the per-file accumulators in a shuffled order.
        const points = [...new Set(cuts.map((c) => c % (matches.length + 1)))].sort((x, y) => x - y);
        const parts: [number, MatchSample][][] = [];
        let from = 0;
        for (const p of [...points, matches.length]) {
          parts.push(matches.slice(from, p));
          from = p;
        }
        const accs = parts.map((p) => accOf(p, t, 3));
        const order = accs.map((_, i) => i).sort((x, y) => ((x * 7919 + seed) % 13) - ((y * 7919 + seed) % 13));
        const merged = order.map((i) => accs[i]!).reduce(mergeFindingAcc, newFindingAcc(t, 3));
        expect(finishFinding(merged, rule(t))).toEqual(whole);
      }),
    );
  });
});
