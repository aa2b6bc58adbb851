/**
 * Packs one zone's changes into ChangeResourceRecordSets requests under Route53's per-request
 * limits (ResourceRecord elements and value characters, UPSERT counted twice; Change elements).
 * Changes are grouped by ownership so a record never lands without its TXT; groups are packed
 * greedily in name order (groups writing same-zone aliases last, deleting them first). A group too
 * big for any request is split only if it has no TXT ownership record, and never between the DELETE
 * and CREATE that replace one record set; otherwise it is rejected, never silently dropped.
 * @module
 */
import type { Endpoint } from '../../endpoint/index.ts';
import { canonicalHostedZone } from './canonical-zones.ts';
import type { PlannedChange } from './change-build.ts';

export type BatchLimits = Readonly<{ values: number; bytes: number; changes: number }>;

export type PackResult = Readonly<{
  batches: readonly (readonly PlannedChange[])[];
  rejected: readonly { change: PlannedChange; reason: string }[];
}>;

const ACTION_ORDER = { UPSERT: 1, DELETE: 2, CREATE: 3 } as const;

/** An alias to a record of the same zone: Route53 checks that its target exists. */
function isSameZoneAlias(c: PlannedChange): boolean {
  const alias = c.change.ResourceRecordSet.AliasTarget;
  return alias !== undefined && canonicalHostedZone(alias.DNSName) === undefined;
}

/** Same-zone aliases are deleted before and written after the records they point to. */
function rank(c: PlannedChange): number {
  if (!isSameZoneAlias(c)) return ACTION_ORDER[c.change.Action];
  return c.change.Action === 'DELETE' ? 0 : 4;
}

/**
 * ExternalDNS's order inside a batch: UPSERT, DELETE, CREATE, then name, then type; except that
 * same-zone aliases are deleted first and written last, so their targets exist when checked.
 */
export function sortBatch(changes: readonly PlannedChange[]): PlannedChange[] {
  return [...changes].sort((a, b) => {
    const d = rank(a) - rank(b);
    if (d !== 0) return d;
    const na = a.change.ResourceRecordSet.Name;
    const nb = b.change.ResourceRecordSet.Name;
    if (na !== nb) return na < nb ? -1 : 1;
    const ta = a.change.ResourceRecordSet.Type;
    const tb = b.change.ResourceRecordSet.Type;
    return ta === tb ? 0 : ta < tb ? -1 : 1;
  });
}

/** Changes by ownership group, groups in name order. */
export function groupChanges(changes: readonly PlannedChange[]): PlannedChange[][] {
  const groups = new Map<string, PlannedChange[]>();
  for (const c of changes) {
    const list = groups.get(c.group);
    if (list === undefined) groups.set(c.group, [c]);
    else list.push(c);
  }
  const groupRank = (list: readonly PlannedChange[]): number => Math.max(...list.map((c) => (rank(c) === 4 ? 1 : 0))) - Math.max(...list.map((c) => (rank(c) === 0 ? 1 : 0)));
  return [...groups.entries()]
    .sort(([a, la], [b, lb]) => groupRank(la) - groupRank(lb) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => list);
}

type Size = { values: number; bytes: number; changes: number };
const sizeOf = (cs: readonly PlannedChange[]): Size => ({
  values: cs.reduce((n, c) => n + c.values, 0),
  bytes: cs.reduce((n, c) => n + c.bytes, 0),
  changes: cs.length,
});
const fits = (s: Size, l: BatchLimits): boolean => s.values <= l.values && s.bytes <= l.bytes && s.changes <= l.changes;
const add = (a: Size, b: Size): Size => ({ values: a.values + b.values, bytes: a.bytes + b.bytes, changes: a.changes + b.changes });

/**
 * The changes in send order, cut into units that must share a request: the DELETE and CREATE of an
 * update that cannot be an UPSERT (they share the update's subject) form one unit, any other change is alone.
 */
function replacementUnits(changes: readonly PlannedChange[]): PlannedChange[][] {
  const units: PlannedChange[][] = [];
  const bySubject = new Map<Endpoint, PlannedChange[]>();
  for (const c of changes) {
    if (c.origin !== 'update') {
      units.push([c]);
      continue;
    }
    const unit = bySubject.get(c.subject);
    if (unit !== undefined) unit.push(c);
    else {
      const fresh = [c];
      bySubject.set(c.subject, fresh);
      units.push(fresh);
    }
  }
  return units;
}

export function packBatches(changes: readonly PlannedChange[], limits: BatchLimits): PackResult {
  const batches: PlannedChange[][] = [];
  const rejected: { change: PlannedChange; reason: string }[] = [];
  let current: PlannedChange[] = [];
  let size: Size = { values: 0, bytes: 0, changes: 0 };
  const flush = (): void => {
    if (current.length > 0) batches.push(sortBatch(current));
    current = [];
    size = { values: 0, bytes: 0, changes: 0 };
  };
  const place = (items: readonly PlannedChange[]): void => {
    const s = sizeOf(items);
    if (!fits(add(size, s), limits)) flush();
    current.push(...items);
    size = add(size, s);
  };
  for (const group of groupChanges(changes)) {
    const s = sizeOf(group);
    if (fits(s, limits)) {
      place(group);
      continue;
    }
    const describe = `ownership group "${group[0]?.group ?? ''}" needs ${s.values} values, ${s.bytes} characters and ${s.changes} changes`;
    const limitText = `a request allows ${limits.values} values, ${limits.bytes} characters and ${limits.changes} changes (UPSERT counts twice)`;
    if (group.some((c) => c.change.ResourceRecordSet.Type === 'TXT')) {
      const reason = `${describe}; ${limitText}; it holds a TXT ownership record, so it cannot be split without separating a record from its owner`;
      for (const c of group) rejected.push({ change: c, reason });
      continue;
    }
    // No ownership pairing to protect: split it, but never between the DELETE and CREATE that
    // replace one record set, or a refused CREATE would leave the set deleted.
    for (const unit of replacementUnits(sortBatch(group))) {
      if (fits(sizeOf(unit), limits)) {
        place(unit);
        continue;
      }
      const what = unit.length > 1 ? 'the DELETE and CREATE replacing it together exceed' : 'the change alone exceeds';
      for (const c of unit) rejected.push({ change: c, reason: `${c.endpoint.dnsName} ${c.endpoint.recordType}: ${what} the request limits; ${limitText}` });
    }
  }
  flush();
  return { batches, rejected };
}
