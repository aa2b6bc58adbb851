/**
 * Ownership: never touch what this owner does not own. A record not owned by `ownerId` (owned by
 * another owner, or unowned) blocks every create, update and delete of this owner that it covers;
 * the wanted changes are reported as skipped. What a foreign record covers:
 *
 *   foreign record at the name        │ blocks our changes at that name
 *   ──────────────────────────────────┼─────────────────────────────────────────────────────────
 *   simple (no set identifier)        │ all of them, whatever type or set identifier
 *   routed, set identifier S          │ those with set identifier S, and every simple record
 *
 * So two clusters can each own their weighted (or latency, failover…) member of one shared name,
 * which is how multi-cluster traffic splitting works, while a simple record claims the whole name.
 * Stricter than ExternalDNS, which only checks the (name, set identifier) row, and only on create.
 * Only managed record types count. With ownerId '' (noop registry) there are no checks.
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

/** The foreign owners ('' = unowned) at one name, by what they cover (see the table above). */
export type ForeignOwners = Readonly<{
  /** Any foreign record at the name: blocks our simple records. */
  any: string | undefined;
  /** A foreign simple record: blocks everything at the name. */
  simple: string | undefined;
  /** Foreign routed records by set identifier. */
  bySet: ReadonlyMap<string, string>;
}>;

/**
 * The foreign owners at this name, or undefined when the name is wholly ours (the common case,
 * checked without allocating). A named foreign owner is reported before "unowned"; the least name among several.
 */
export function foreignOwnersAt(entry: NameEntry, isOwned: IsOwned): ForeignOwners | undefined {
  let any: string | undefined;
  let simple: string | undefined;
  let bySet: Map<string, string> | undefined;
  for (const { current } of entry.slots) {
    if (current === undefined || isOwned(current)) continue;
    const owner = current.labels[LABEL.owner] ?? '';
    any = preferred(any, owner);
    if (current.setIdentifier === '') simple = preferred(simple, owner);
    else {
      bySet ??= new Map();
      bySet.set(current.setIdentifier, preferred(bySet.get(current.setIdentifier), owner));
    }
  }
  return any === undefined ? undefined : { any, simple, bySet: bySet ?? new Map() };
}

function preferred(held: string | undefined, owner: string): string {
  if (held === undefined) return owner;
  return owner !== '' && (held === '' || owner < held) ? owner : held;
}

/** The foreign owner that blocks a change of the record set with this set identifier, if any. */
export function foreignOwnerFor(foreign: ForeignOwners | undefined, setIdentifier: string): string | undefined {
  if (foreign === undefined) return undefined;
  if (setIdentifier === '') return foreign.any;
  return foreign.simple ?? foreign.bySet.get(setIdentifier);
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
  return `skipped ${what}: the name holds ${holder}; zonekeeper leaves record sets it does not own alone. Remove or take over that record to let zonekeeper manage it`;
}

export function compareSkips(a: OwnershipSkip, b: OwnershipSkip): number {
  return compareEndpoints(a.endpoint, b.endpoint) || compareStrings(a.reason, b.reason);
}
