// The fallback rules checked against CloudTrail's own answers: every corpus record that carries
// eventCategory (or readOnly) is classified with that field removed, and the result compared.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { toBool } from "../../../src/model/record-fields.js";
import { categorize, classify } from "../../../src/model/classify.js";
import { readWriteOf } from "../../../src/model/read-write.js";
import { corpusExists, corpusRecords } from "./corpus.js";

function without(r: Record<string, unknown>, keys: readonly string[]): CloudTrailRecord {
  const copy: Record<string, unknown> = { ...r };
  for (const k of keys) delete copy[k];
  // Raw corpus records, not schema-parsed: some are rejected by the reader (no eventTime), yet
  // their category fields are sound. The classifier reads every field defensively.
  return copy as CloudTrailRecord;
}

interface Agreement {
  compared: number;
  agreed: number;
  disagreements: string[];
  byDeclared: Record<string, number>;
}

function categoryAgreement(strip: readonly string[]): Agreement {
  const result: Agreement = { compared: 0, agreed: 0, disagreements: [], byDeclared: {} };
  for (const { file, record } of corpusRecords()) {
    const declared = record["eventCategory"];
    if (typeof declared !== "string") continue;
    result.compared++;
    result.byDeclared[declared] = (result.byDeclared[declared] ?? 0) + 1;
    const got = categorize(without(record, strip));
    if (got.category === declared) result.agreed++;
    else result.disagreements.push(`${file} ${String(record["eventName"])}: declared ${declared}, got ${got.category} (${got.rule})`);
  }
  return result;
}

// Both are hand-written Panther tests for VPC endpoint rules that label an S3 GetObject as a
// management event; CloudTrail logs GetObject as a data (or network activity) event.
const KNOWN_CATEGORY_DISAGREEMENTS = [
  "panther-analysis/rules/aws_cloudtrail_rules/aws_vpce_access_denied.json GetObject: declared Management, got Data (data-api-table)",
  "panther-analysis/rules/aws_cloudtrail_rules/aws_vpce_external_principal.json GetObject: declared Management, got Data (data-api-table)",
];

describe.skipIf(!corpusExists)("classifier against the shared corpus", () => {
  it("recovers eventCategory from the other fields when it is removed", () => {
    const a = categoryAgreement(["eventCategory"]);
    // Counts from the corpus INVENTORY.md (section 2).
    expect(a.byDeclared).toEqual({ Management: 3420, Data: 19, NetworkActivity: 9, Insight: 8 });
    expect(a.compared).toBe(3456);
    expect(a.disagreements).toEqual(KNOWN_CATEGORY_DISAGREEMENTS);
    expect(a.agreed).toBe(3454);
  });

  it("recovers it from eventType and the data-API table alone when managementEvent is removed too", () => {
    const a = categoryAgreement(["eventCategory", "managementEvent"]);
    expect(a.compared).toBe(3456);
    expect(a.disagreements).toEqual(KNOWN_CATEGORY_DISAGREEMENTS);
    expect(a.agreed).toBe(3454);
  });

  it("recovers readOnly from eventType and eventName on all but six records", () => {
    let compared = 0;
    const disagreements: string[] = [];
    for (const { file, record } of corpusRecords()) {
      const declared = toBool(record["readOnly"]);
      if (declared === undefined) continue;
      compared++;
      const got = readWriteOf(without(record, ["readOnly"]));
      if (got.readWrite !== (declared ? "read" : "write")) {
        disagreements.push(`${file.split("/")[0]} ${String(record["eventName"])}: readOnly ${declared}, got ${got.readWrite}`);
      }
    }
    expect(compared).toBe(3621);
    // Each contradicts other records of the same API (e.g. real ConsoleLogin records say false).
    expect(disagreements.sort()).toEqual([
      "awsdocs-aws-kms-developer-guide ReEncrypt: readOnly false, got read",
      "otel-collector-contrib ConsoleLogin: readOnly true, got write",
      "panther-analysis DescribeTrail: readOnly false, got read",
      "panther-analysis DetachUserGroup: readOnly true, got write",
      "panther-analysis ListWebACLs: readOnly false, got read",
      "panther-analysis StartLogging: readOnly true, got write",
    ]);
  });

  it("classifies every corpus record without throwing", () => {
    const types = new Map<string, number>();
    for (const { record } of corpusRecords()) {
      const c = classify(record as CloudTrailRecord);
      types.set(c.principalType, (types.get(c.principalType) ?? 0) + 1);
    }
    // INVENTORY.md section 4.
    expect(types.get("IAMUser")).toBe(3304);
    expect(types.get("AssumedRole")).toBe(485);
    expect(types.get("Root")).toBe(50);
    expect(types.get("AWSService")).toBe(45);
    expect(types.get("IdentityCenterUser")).toBe(1);
  });
});
