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
  return records.sort(compareRecordSets);
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
    first = sorted.findIndex(
      (r) => (cmp(sortKey(r.Name), key) || cmp(r.Type, type) || cmp(r.SetIdentifier ?? '', id)) >= 0,
    );
    if (first < 0) first = sorted.length;
  }
  const items = sorted.slice(first, first + max);
  const next = sorted[first + max];
  return next === undefined ? { items } : { items, next };
}
