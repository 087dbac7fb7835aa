// Generates the benchmark's own exported-bucket tree: realistic CloudTrail records (about 1.3 KB
// each, a mix of services, users, regions and errors), gzipped in the S3 layout, spread over N days,
// with hourly digest chains per region signed by the fixtures' TEST-ONLY key (for validate-logs).
// Deterministic for a given spec; written under bench/data (ignored by git).
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { asPrevious, digestBody, signDigest, type PreviousDigest } from "../fixtures/lib/digest.js";
import { formatPublicKeysFile, loadSigningKey, publicKeyEntry } from "../fixtures/lib/keys.js";
import { digestFileKey, logFileKey } from "../fixtures/lib/layout.js";
import type { LogFile } from "../fixtures/lib/log-file.js";

export interface TreeSpec {
  dir: string;
  /** Total uncompressed JSON, in MB (1e6 bytes). */
  sizeMb: number;
  days: number;
  /** Last day of the tree (UTC); the tree covers the `days` days ending here. */
  endDay: string;
  /** Records per file. */
  perFile: number;
  /** Bumped when the tree's shape changes, so an old tree is regenerated. */
  version: number;
}

export interface TreeInfo {
  /** The `aws cloudtrail list-public-keys` file for the digests' test-only key. */
  publicKeysFile: string;
  digests: number;
  files: number;
  records: number;
  uncompressedBytes: number;
  compressedBytes: number;
  aliceRecords: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNT = "111122223333";
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const USERS = ["alice", "bob", "carol", "deploy-bot", "svc-backup", "dave", "erin", "frank", "grace", "heidi"];
const CALLS: [string, string, boolean][] = [
  ["ec2.amazonaws.com", "DescribeInstances", true],
  ["s3.amazonaws.com", "GetObject", true],
  ["s3.amazonaws.com", "PutObject", false],
  ["iam.amazonaws.com", "ListRoles", true],
  ["sts.amazonaws.com", "AssumeRole", true],
  ["kms.amazonaws.com", "Decrypt", true],
  ["lambda.amazonaws.com", "Invoke", false],
  ["dynamodb.amazonaws.com", "GetItem", true],
  ["cloudtrail.amazonaws.com", "LookupEvents", true],
  ["ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", false],
];

function uuid(rand: () => number): string {
  const h = () => Math.floor(rand() * 0x10000).toString(16).padStart(4, "0");
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

function record(rand: () => number, t: number, region: string): { json: string; alice: boolean } {
  const user = rand() < 0.01 ? "alice" : USERS[1 + Math.floor(rand() * (USERS.length - 1))]!;
  const [source, name, readOnly] = CALLS[Math.floor(rand() * CALLS.length)]!;
  const error = rand() < 0.03 ? `,"errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: ${name}"` : "";
  // About 2,000 distinct callers' addresses: many, as in a busy account, but not one per event.
  const ip = `198.51.${Math.floor(rand() * 8)}.${Math.floor(rand() * 250)}`;
  const r = {
    eventVersion: "1.11",
    userIdentity: {
      type: "IAMUser",
      principalId: `AIDA${Math.floor(rand() * 1e12)}`,
      arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
      accountId: ACCOUNT,
      accessKeyId: `AKIA${Math.floor(rand() * 1e12).toString(36).toUpperCase().padStart(16, "X")}`,
      userName: user,
    },
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: ip,
    userAgent: "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe command/ec2.describe-instances",
    requestParameters: { instancesSet: {}, filterSet: { items: [{ name: "tag:Environment", valueSet: { items: [{ value: "production" }] } }] }, maxResults: 1000 },
    responseElements: null,
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: source },
  };
  const json = JSON.stringify(r);
  return { json: error ? `${json.slice(0, -1)}${error}}` : json, alice: user === "alice" };
}

/** Writes the tree unless an identical one (same spec) is already there. */
export function generateTree(spec: TreeSpec): TreeInfo {
  // The marker sits beside the tree, not in it: ct would otherwise read it as an input file.
  const marker = `${spec.dir}.tree.json`;
  if (existsSync(marker)) {
    const prev = JSON.parse(readFileSync(marker, "utf8")) as { spec: TreeSpec; info: TreeInfo };
    if (JSON.stringify(prev.spec) === JSON.stringify(spec)) return prev.info;
  }
  rmSync(spec.dir, { recursive: true, force: true });
  const rand = mulberry32(42);
  const target = spec.sizeMb * 1e6;
  const end = Date.parse(`${spec.endDay}T23:59:59Z`);
  const start = end - spec.days * 86_400_000 + 1000;
  // Spread files evenly over the period, across regions.
  const approxPerFile = spec.perFile * 1300;
  const fileCount = Math.max(1, Math.round(target / approxPerFile));
  const step = (end - start) / fileCount;
  const bucket = "ct-bench-bucket";
  const info: TreeInfo = { publicKeysFile: `${spec.dir}.keys.json`, digests: 0, files: 0, records: 0, uncompressedBytes: 0, compressedBytes: 0, aliceRecords: 0 };
  /** Per region, the logs delivered in each digest hour (keyed by the hour's start). */
  const hours = new Map<string, Map<number, LogFile[]>>();
  for (let i = 0; i < fileCount; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const delivered = Math.floor(start + (i + 1) * step);
    const parts: string[] = [];
    for (let j = 0; j < spec.perFile; j++) {
      const t = delivered - 60_000 - Math.floor(rand() * 10 * 60_000);
      const r = record(rand, t, region);
      if (r.alice) info.aliceRecords++;
      parts.push(r.json);
    }
    const body = Buffer.from(`{"Records":[${parts.join(",")}]}`);
    const key = logFileKey({ accountId: ACCOUNT }, region, delivered, i.toString(36).padStart(16, "0"));
    const file = path.join(spec.dir, key);
    mkdirSync(path.dirname(file), { recursive: true });
    const gz = zlib.gzipSync(body, { level: 6 });
    writeFileSync(file, gz);
    const hour = Math.floor(delivered / 3_600_000) * 3_600_000;
    const byHour = hours.get(region) ?? new Map<number, LogFile[]>();
    hours.set(region, byHour);
    const list = byHour.get(hour) ?? [];
    byHour.set(hour, list);
    const when = new Date(delivered - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    list.push({
      key,
      deliveredAt: delivered,
      records: [],
      json: Buffer.alloc(0),
      gz: Buffer.alloc(0),
      sha256: createHash("sha256").update(body).digest("hex"),
      newestEventTime: when,
      oldestEventTime: when,
    });
    info.files++;
    info.records += spec.perFile;
    info.uncompressedBytes += body.length;
    info.compressedBytes += gz.length;
  }
  // Hourly digest chains per region, empty hours included, as CloudTrail delivers them.
  const signer = loadSigningKey("primary");
  const firstHour = Math.floor(start / 3_600_000) * 3_600_000;
  for (const region of REGIONS) {
    let previous: PreviousDigest | null = null;
    for (let h = firstHour; h <= end; h += 3_600_000) {
      const digestEnd = h + 3_600_000 + 31_000;
      const body = digestBody({
        accountId: ACCOUNT,
        bucket,
        key: digestFileKey({ accountId: ACCOUNT, region, trailName: "bench-trail", homeRegion: "us-east-1" }, digestEnd),
        start: previous ? h + 31_000 : h,
        end: digestEnd,
        logs: hours.get(region)?.get(h) ?? [],
        previous,
        signer,
      });
      const signed = signDigest(body, signer);
      const file = path.join(spec.dir, signed.key);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, signed.gz);
      previous = asPrevious(signed);
      info.digests++;
    }
  }
  writeFileSync(
    info.publicKeysFile,
    formatPublicKeysFile({ PublicKeyList: [publicKeyEntry(signer, firstHour - 86_400_000, end + 86_400_000)] }),
  );
  writeFileSync(marker, JSON.stringify({ spec, info }));
  return info;
}
