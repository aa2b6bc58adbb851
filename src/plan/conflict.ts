/**
 * Conflict resolution: which candidate a row keeps when several objects claim one record set.
 * Deterministic (never depends on input order) and compatible with ExternalDNS, so zonekeeper and
 * an ExternalDNS instance reading the same objects pick the same winner instead of fighting.
 *
 *   situation                                      │ rule                                       │ reported
 *   ───────────────────────────────────────────────┼────────────────────────────────────────────┼─────────
 *   row has >1 candidates, CNAME and other types   │ CNAME candidates dropped (ExternalDNS      │ yes: winner = the kept record of the
 *                                                  │ ResolveRecordTypes); current CNAME stays   │ first other type, losers = CNAMEs
 *                                                  │ in the row so it is deleted                │
 *   one type, several candidates, a current record │ keep the candidates whose `resource` label │ yes: every other candidate is a loser
 *   whose `resource` one of them carries           │ equals the current one's (stickiness), then│
 *                                                  │ the least of those (below)                 │
 *   one type, several candidates otherwise         │ least by compareCandidates: fewest targets,│ yes
 *                                                  │ IP < hostname, IPs by address, hostnames   │
 *                                                  │ lexically; then `resource` label order,    │
 *                                                  │ TTL, provider-specific, labels             │
 *   candidates equal except their `resource`       │ same rules: stickiness keeps the current   │ yes (they never flap: the sticky
 *                                                  │ owner object, else the least resource wins │ winner keeps winning)
 *   current record of a frozen resource            │ kept exactly as is; candidates ignored     │ yes: winner = the current record
 *   frozen CNAME and candidates of other types, or │ no create beside it (a CNAME cannot share  │ yes: winner = the frozen record
 *   frozen other type and CNAME candidates         │ its name)                                  │
 * @module
 */
import { LABEL, type Endpoint } from '../endpoint/index.ts';
import { compareCandidates, compareStrings, minBy } from './order.ts';
import type { Slot } from './table.ts';
import type { Conflict } from './types.ts';

/** The least candidate, preferring those of the current record's object (ExternalDNS ResolveUpdate/ResolveCreate). */
export function pickWinner(candidates: readonly Endpoint[], current: Endpoint | undefined): Endpoint | undefined {
  if (candidates.length <= 1) return candidates[0];
  const resource = current?.labels[LABEL.resource];
  const sticky = resource === undefined ? [] : candidates.filter((c) => c.labels[LABEL.resource] === resource);
  return minBy(sticky.length > 0 ? sticky : candidates, compareCandidates);
}

const NONE: readonly Endpoint[] = Object.freeze([]);

/**
 * The CNAME candidates a row (slots[from..to)) must drop: all of them when the row has more than one
 * candidate, of CNAME and of other types; none otherwise.
 */
export function droppedCnames(slots: readonly Slot[], from: number, to: number): readonly Endpoint[] {
  let total = 0;
  let cname: readonly Endpoint[] = NONE;
  let other = false;
  for (let i = from; i < to; i++) {
    const slot = slots[i] as Slot;
    if (slot.candidates.length === 0) continue;
    total += slot.candidates.length;
    if (slot.type === 'CNAME') cname = slot.candidates;
    else other = true;
  }
  return total > 1 && other ? cname : NONE;
}

export function conflictOf(winner: Endpoint, losers: readonly Endpoint[], reason: string): Conflict {
  return {
    dnsName: winner.dnsName,
    setIdentifier: winner.setIdentifier,
    winner,
    losers: [...losers].sort(compareCandidates),
    reason,
  };
}

/** Why `winner` beat the other candidates of its slot, for the conflict report. */
export function winReason(slot: Slot, winner: Endpoint): string {
  const resource = slot.current?.labels[LABEL.resource];
  const name = `${winner.dnsName} ${winner.recordType}${winner.setIdentifier === '' ? '' : ` (set ${winner.setIdentifier})`}`;
  const from = describeResource(winner);
  if (resource !== undefined && winner.labels[LABEL.resource] === resource) {
    return `${slot.candidates.length} objects want ${name}; ${from} keeps it because the existing record belongs to it`;
  }
  return `${slot.candidates.length} objects want ${name}; ${from} wins by the ExternalDNS rule (fewest targets, IP before hostname, then lowest value, then resource name)`;
}

export function cnameReason(winner: Endpoint, dropped: readonly Endpoint[]): string {
  return `${winner.dnsName}: a CNAME cannot share a name with other records; dropped the CNAME wanted by ${dropped.map(describeResource).join(', ')} and kept ${winner.recordType} from ${describeResource(winner)}`;
}

export function frozenReason(frozen: Endpoint, losers: readonly Endpoint[]): string {
  const who = losers.map(describeResource).join(', ');
  return `${frozen.dnsName} ${frozen.recordType} belongs to ${describeResource(frozen)}, whose records are frozen until its errors are fixed; ignored the record wanted by ${who}`;
}

export function describeResource(e: Endpoint): string {
  const r = e.labels[LABEL.resource];
  return r === undefined || r === '' ? 'an unnamed object' : r;
}

/** Sort order of conflict reports: name, set identifier, winner type. */
export function compareConflicts(a: Conflict, b: Conflict): number {
  return (
    compareStrings(a.dnsName, b.dnsName) ||
    compareStrings(a.setIdentifier, b.setIdentifier) ||
    compareStrings(a.winner.recordType, b.winner.recordType) ||
    compareStrings(a.reason, b.reason)
  );
}
