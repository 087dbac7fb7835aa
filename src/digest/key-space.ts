// Maps S3 keys to local paths and back for one chain. A local path is `<localHead><tail>` and the
// key `<keyHead><tail>`, where the tail starts at `[o-id/]<account>/` and the heads differ with how
// the bucket was copied (`aws s3 sync s3://b/AWSLogs ./x` drops `AWSLogs/`). The key head and bucket
// are learned from a digest's own digestS3Bucket/digestS3Object, or given by the user.
// It does not read files.

/** `a` and `b` (each "" or ending in "/") name the same place seen from roots at different depths. */
export function headsAgree(a: string, b: string): boolean {
  return a === "" || b === "" || `/${a}`.endsWith(`/${b}`) || `/${b}`.endsWith(`/${a}`);
}

/** How a chain's local files and S3 keys correspond. */
export class KeySpace {
  /** The key part before the tail (e.g. `prefix/AWSLogs/`), once known. */
  keyHead: string | undefined;
  /** The bucket currently walked: the AWS CLI switches it when a link points to another bucket. */
  bucket: string | undefined;

  constructor(
    /** Where the chain's files lie: `<root>/<localHead><tail>`. */
    readonly root: string,
    readonly localHead: string,
    given: { bucket?: string | undefined; keyHead?: string | undefined } = {},
  ) {
    this.bucket = given.bucket;
    this.keyHead = given.keyHead;
  }

  /**
   * Adopts the bucket and key head a digest claims for itself, when its claimed key agrees with
   * where it lies (`tail` is the tail of its local path). Returns whether it agreed.
   */
  learnFrom(claimedBucket: string, claimedKey: string, tail: string): boolean {
    if (!(claimedKey === tail || claimedKey.endsWith(`/${tail}`))) return false;
    const head = claimedKey.slice(0, claimedKey.length - tail.length);
    if (this.keyHead !== undefined ? head !== this.keyHead : !headsAgree(head, this.localHead)) return false;
    this.keyHead = head;
    this.bucket ??= claimedBucket;
    return true;
  }

  /** The S3 key of a local tail: exact once the key head is known, else the best guess. */
  keyOf(tail: string): string {
    return `${this.keyHead ?? this.guessedKeyHead()}${tail}`;
  }

  /** The local path of an S3 key, or undefined when the key lies outside this copy of the bucket. */
  pathOf(key: string): string | undefined {
    const head = this.keyHead ?? this.guessedKeyHead();
    if (!key.startsWith(head)) return undefined;
    return joinPath(this.root, `${this.localHead}${key.slice(head.length)}`);
  }

  /** The local path of a tail found in the tree listing. */
  localPath(tail: string): string {
    return joinPath(this.root, `${this.localHead}${tail}`);
  }

  /** `s3://bucket/key` when the bucket is known, else the local path (what text output shows). */
  uriOf(key: string, path: string | null): string {
    if (this.bucket !== undefined) return `s3://${this.bucket}/${key}`;
    return path ?? key;
  }

  private guessedKeyHead(): string {
    // A tree copied from the bucket root keeps `[prefix/]AWSLogs/`; `aws s3 sync s3://b/AWSLogs`
    // (the usual export) drops it, and a dropped prefix cannot be recovered.
    return this.localHead.endsWith("AWSLogs/") ? this.localHead : "AWSLogs/";
  }
}

/** Joins a root directory and a `/`-separated relative path. */
export function joinPath(root: string, relative: string): string {
  if (root === "" || root === ".") return relative;
  return `${root.replace(/[\\/]+$/, "")}/${relative}`;
}
