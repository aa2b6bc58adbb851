/**
 * ListResourceRecordSets order and paging: by name with labels reversed (trailing dot included),
 * then type, then set identifier; a page starts at the first set ≥ (name, type, identifier).
 * @module
 */
import { sortKey } from './names.ts';
import type { RecordSet } from './state.ts';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two record sets in Route53's listing order. */
export function compareRecordSets(a: RecordSet, b: RecordSet): number {
  return (
    cmp(sortKey(a.Name), sortKey(b.Name)) || cmp(a.Type, b.Type) || cmp(a.SetIdentifier ?? '', b.SetIdentifier ?? '')
  );
}

/** Sorts in place and returns the array. */
export function sortRecordSets(records: RecordSet[]): RecordSet[] {
  // decorate once: computing the reversed-name key inside the comparator dominates large zones
  const keyed = records.map((r) => ({ r, key: sortKey(r.Name) }));
  keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.r.Type, b.r.Type) || cmp(a.r.SetIdentifier ?? '', b.r.SetIdentifier ?? ''));
  keyed.forEach((k, i) => {
    records[i] = k.r;
  });
  return records;
}

export interface PageStart {
  /** Wire-form name. */
  readonly name?: string;
  readonly type?: string;
  readonly identifier?: string;
}

export interface RecordPage {
  readonly items: readonly RecordSet[];
  readonly next?: RecordSet;
}

/** One page of `sorted` from `start`, at most `max` sets. */
export function pageOf(sorted: readonly RecordSet[], start: PageStart, max: number): RecordPage {
  let first = 0;
  if (start.name !== undefined) {
    const key = sortKey(start.name);
    const type = start.type ?? '';
    const id = start.identifier ?? '';
    // binary search for the first set ≥ (name, type, identifier); `sorted` is in listing order
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = sorted[mid] as RecordSet;
      if ((cmp(sortKey(r.Name), key) || cmp(r.Type, type) || cmp(r.SetIdentifier ?? '', id)) < 0) lo = mid + 1;
      else hi = mid;
    }
    first = lo;
  }
  const items = sorted.slice(first, first + max);
  const next = sorted[first + max];
  return next === undefined ? { items } : { items, next };
}
