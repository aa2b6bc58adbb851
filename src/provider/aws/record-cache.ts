/**
 * What Route53 holds, per zone, as last listed and then updated from our own successful changes
 * (write-through). A zone is re-listed only when its copy is older than --aws-records-resync, or
 * marked dirty (a change failed, came back inconsistent, or its outcome is unknown). In steady
 * state, with nothing to change, reading records costs no API call.
 * @module
 */
import { fromRoute53Name } from './names.ts';
import type { Change, ResourceRecordSet } from './route53-port.ts';
import { setKey } from './change-build.ts';

type ZoneCopy = { sets: Map<string, ResourceRecordSet>; listedAt: number; dirty: boolean; version: number };

export interface RecordCache {
  /** The zone's sets when the copy is usable at `now`, else undefined (list again). */
  fresh(zoneId: string, now: number): readonly ResourceRecordSet[] | undefined;
  /** Bumped whenever the zone's copy changes, so derived data (endpoints) can be memoised. */
  version(zoneId: string): number;
  /** The zone's sets regardless of age (undefined if never listed). */
  peek(zoneId: string): readonly ResourceRecordSet[] | undefined;
  replace(zoneId: string, sets: readonly ResourceRecordSet[], now: number): void;
  /** Applies a batch Route53 accepted. */
  applied(zoneId: string, changes: readonly Change[]): void;
  markDirty(zoneId: string): void;
  /** Keep only these zones (others were dropped by filters or deleted). */
  retain(zoneIds: ReadonlySet<string>): void;
}

export function keyOfSet(s: ResourceRecordSet): string {
  return setKey(fromRoute53Name(s.Name), s.Type, s.SetIdentifier);
}

/**
 * Each zone's resync period is shortened by a fixed 0–20 % derived from its id, so zones listed
 * together (at start-up) do not all come due in the same pass and spike the API budget.
 */
export function resyncPeriod(zoneId: string, resyncMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < zoneId.length; i++) h = Math.imul(h ^ zoneId.charCodeAt(i), 16777619) >>> 0;
  return resyncMs * (0.8 + 0.2 * (h / 4294967296));
}

export function createRecordCache(resyncMs: number): RecordCache {
  const zones = new Map<string, ZoneCopy>();
  let versions = 0;
  return {
    version: (zoneId) => zones.get(zoneId)?.version ?? -1,
    fresh(zoneId, now) {
      const z = zones.get(zoneId);
      if (z === undefined || z.dirty || now - z.listedAt >= resyncPeriod(zoneId, resyncMs)) return undefined;
      return [...z.sets.values()];
    },
    peek: (zoneId) => {
      const z = zones.get(zoneId);
      return z === undefined ? undefined : [...z.sets.values()];
    },
    replace(zoneId, sets, now) {
      zones.set(zoneId, { sets: new Map(sets.map((s) => [keyOfSet(s), s])), listedAt: now, dirty: false, version: ++versions });
    },
    applied(zoneId, changes) {
      const z = zones.get(zoneId);
      if (z === undefined) return;
      z.version = ++versions;
      for (const c of changes) {
        const key = keyOfSet(c.ResourceRecordSet);
        if (c.Action === 'DELETE') z.sets.delete(key);
        else z.sets.set(key, c.ResourceRecordSet);
      }
    },
    markDirty(zoneId) {
      const z = zones.get(zoneId);
      if (z !== undefined) z.dirty = true;
    },
    retain(zoneIds) {
      for (const id of zones.keys()) if (!zoneIds.has(id)) zones.delete(id);
    },
  };
}
