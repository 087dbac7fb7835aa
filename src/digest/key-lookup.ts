// How a validation pass finds public keys, as the AWS CLI's ListPublicKeys calls do: standard
// digests use one window, [start, end + 2h]; backfill digests fetch lazily around their
// backfill-generation-timestamp (±1h) and cache what they get (§2.6).
// It does not load or use keys: see public-keys.ts and digest-check.ts.
import type { KeyLookup } from "./digest-check.js";
import type { PublicKeyRecord, PublicKeyRing } from "./public-keys.js";
import { formatDisplayDate, HOUR } from "./time.js";

export interface PassKeys {
  ring: PublicKeyRing;
  lookup: (fingerprint: string, backfillGeneratedAt: number | undefined) => KeyLookup;
}

/** The key lookup of one pass over a chain validated over [start, end]. */
export function passKeys(ring: PublicKeyRing, start: number, end: number, backfill: boolean): PassKeys {
  const standard = ring.inWindow(start, end + 2 * HOUR);
  if (!backfill) return { ring, lookup: (fp) => found(standard.get(fp)) };
  const cache = new Map<string, PublicKeyRecord>();
  return {
    ring,
    lookup: (fp, generatedAt) => {
      const hit = cache.get(fp);
      if (hit) return found(hit);
      // Without the saved metadata the generation time is unknown: use the chain's window.
      if (generatedAt === undefined) return found(standard.get(fp));
      const from = generatedAt - HOUR;
      const to = generatedAt + HOUR;
      const window = ring.inWindow(from, to);
      if (window.size === 0) {
        return { kind: "none-in-window", message: `No public keys found between ${formatDisplayDate(from)} and ${formatDisplayDate(to)}` };
      }
      for (const [k, v] of window) cache.set(k, v);
      return found(cache.get(fp));
    },
  };
}

function found(record: PublicKeyRecord | undefined): KeyLookup {
  return record ? { kind: "found", record } : { kind: "not-found" };
}
