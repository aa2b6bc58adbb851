/**
 * Ownership: never touch what this owner does not own. A name (across all its set identifiers and
 * managed types) that holds any current record not owned by `ownerId` (owned by another owner, or
 * unowned) gets no create, update or delete at all; the wanted changes are reported as skipped.
 * Stricter than ExternalDNS, which only checks the (name, set identifier) row on create.
 * With ownerId '' (noop registry) there are no checks.
 * @module
 */
import { LABEL, compareEndpoints, type Endpoint } from '../endpoint/index.ts';
import { compareStrings } from './order.ts';
import { subjectOf, type Proposal } from './proposal.ts';
import type { NameEntry } from './table.ts';
import type { OwnershipSkip } from './types.ts';

/** True when the record is ours; every record is ours without an owner id. */
export type IsOwned = (e: Endpoint) => boolean;

export function ownedBy(ownerId: string): IsOwned {
  return ownerId === '' ? () => true : (e) => e.labels[LABEL.owner] === ownerId;
}

/**
 * The owner ('' = unowned) of a current record at this name that is not ours, or undefined when
 * the name is wholly ours. A named foreign owner is reported before "unowned"; the least name among several.
 */
export function foreignOwnerAt(entry: NameEntry, isOwned: IsOwned): string | undefined {
  let foreign: string | undefined;
  for (const { current } of entry.slots) {
    if (current === undefined || isOwned(current)) continue;
    const owner = current.labels[LABEL.owner] ?? '';
    if (foreign === undefined || (owner !== '' && (foreign === '' || owner < foreign))) foreign = owner;
  }
  return foreign;
}

/** Owned current records at this name (for the delete safety threshold). */
export function countOwned(entry: NameEntry, isOwned: IsOwned): number {
  let owned = 0;
  for (const { current } of entry.slots) if (current !== undefined && isOwned(current)) owned++;
  return owned;
}

/**
 * The skip report for a proposal at a name held by `foreignOwner`, or undefined when there is
 * nothing to report: nobody asked for a foreign record's removal, it merely has no desired counterpart.
 */
export function skipOf(p: Proposal, foreignOwner: string, isOwned: IsOwned): OwnershipSkip | undefined {
  if (p.kind === 'delete' && !isOwned(p.current)) return undefined;
  return { endpoint: subjectOf(p), foreignOwner, reason: skipReason(p, foreignOwner) };
}

function skipReason(p: Proposal, foreignOwner: string): string {
  const e = subjectOf(p);
  const what = `${p.kind} of ${e.dnsName} ${e.recordType}${e.setIdentifier === '' ? '' : ` (set ${e.setIdentifier})`}`;
  const holder =
    foreignOwner === ''
      ? 'a record with no ownership record (created by hand or by another tool)'
      : `a record owned by "${foreignOwner}"`;
  return `skipped ${what}: the name holds ${holder}; zonekeeper leaves names it does not wholly own alone. Remove or take over that record to let zonekeeper manage the name`;
}

export function compareSkips(a: OwnershipSkip, b: OwnershipSkip): number {
  return compareEndpoints(a.endpoint, b.endpoint) || compareStrings(a.reason, b.reason);
}
