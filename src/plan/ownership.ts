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
import { nameOf, subjectOf, type Proposal } from './proposal.ts';
import type { OwnershipSkip } from './types.ts';

export type OwnershipGate = Readonly<{
  /** True when the record is ours (always true without an owner id). */
  isOwned: (e: Endpoint) => boolean;
  /** The owner ('' = unowned) of a record at `name` that is not ours, or undefined when the name is free. */
  blockerOf: (name: string) => string | undefined;
}>;

export function createOwnershipGate(current: readonly Endpoint[], ownerId: string): OwnershipGate {
  if (ownerId === '') return { isOwned: () => true, blockerOf: () => undefined };
  const isOwned = (e: Endpoint): boolean => e.labels[LABEL.owner] === ownerId;
  const blockers = new Map<string, string>();
  for (const e of current) {
    if (isOwned(e)) continue;
    const owner = e.labels[LABEL.owner] ?? '';
    const seen = blockers.get(e.dnsName);
    // Report a named foreign owner in preference to "unowned", the least name among several.
    if (seen === undefined || (owner !== '' && (seen === '' || owner < seen))) blockers.set(e.dnsName, owner);
  }
  return { isOwned, blockerOf: (name) => blockers.get(name) };
}

export type Gated = { kept: Proposal[]; skipped: OwnershipSkip[] };

export function applyOwnership(proposals: readonly Proposal[], gate: OwnershipGate): Gated {
  const kept: Proposal[] = [];
  const skipped: OwnershipSkip[] = [];
  for (const p of proposals) {
    const foreignOwner = gate.blockerOf(nameOf(p));
    if (foreignOwner === undefined) {
      kept.push(p);
      continue;
    }
    // Nobody asked for a foreign record's removal: it merely has no desired counterpart here.
    if (p.kind === 'delete' && !gate.isOwned(p.current)) continue;
    const endpoint = subjectOf(p);
    skipped.push({ endpoint, foreignOwner, reason: skipReason(p, foreignOwner) });
  }
  return { kept, skipped };
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
