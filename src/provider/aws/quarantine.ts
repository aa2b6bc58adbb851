/**
 * Changes Route53 refused (InvalidChangeBatch), keyed by their exact content, held back with
 * exponential backoff so a bad change is not re-sent every reconcile. A changed desired state gives
 * a different key and is tried at once; after the backoff the same change gets one more try, alone.
 * @module
 */
import type { Change } from './route53-port.ts';

export type QuarantineEntry = Readonly<{
  message: string;
  failures: number;
  until: number;
  /** Change elements in the refused group. */
  changes: number;
}>;

export interface Quarantine {
  /** The entry while the hold lasts; undefined when the change may be sent. */
  held(key: string, now: number): QuarantineEntry | undefined;
  /** True when the change failed before and its hold expired (send it on its own). */
  onProbation(key: string): boolean;
  fail(key: string, message: string, now: number, changes?: number): QuarantineEntry;
  succeed(key: string): void;
  size(): number;
  /** Change elements whose hold lasts at `now` (for the quarantined-changes gauge). */
  heldChanges(now: number): number;
}

export type QuarantineOptions = Readonly<{ baseMs?: number; maxMs?: number }>;

/** Content key of a group of changes in one zone (order-independent). */
export function quarantineKey(zoneId: string, changes: readonly Change[]): string {
  return `${zoneId}|${changes.map((c) => JSON.stringify(c)).sort().join('|')}`;
}

export function createQuarantine(options: QuarantineOptions = {}): Quarantine {
  const base = options.baseMs ?? 30_000;
  const max = options.maxMs ?? 3_600_000;
  const entries = new Map<string, QuarantineEntry>();
  return {
    held(key, now) {
      const e = entries.get(key);
      return e !== undefined && now < e.until ? e : undefined;
    },
    onProbation: (key) => entries.has(key),
    fail(key, message, now, changes = 1) {
      // Forget changes that stopped coming back long ago (the desired state moved on).
      for (const [k, e] of entries) if (now - e.until > 2 * max) entries.delete(k);
      const failures = (entries.get(key)?.failures ?? 0) + 1;
      const entry = { message, failures, until: now + Math.min(max, base * 2 ** (failures - 1)), changes };
      entries.set(key, entry);
      return entry;
    },
    succeed(key) {
      entries.delete(key);
    },
    size: () => entries.size,
    heldChanges(now) {
      let sum = 0;
      for (const e of entries.values()) if (now < e.until) sum += e.changes;
      return sum;
    },
  };
}
