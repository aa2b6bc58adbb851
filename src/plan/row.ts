/**
 * Plans the rows of one name: resolves conflicts, keeps frozen records as they are, and proposes
 * a create, update or delete per record type (ExternalDNS `planTableRow` semantics).
 * @module
 */
import { LABEL, type Endpoint, type RecordType } from '../endpoint/index.ts';
import { cnameReason, conflictOf, droppedCnames, frozenReason, pickWinner, winReason } from './conflict.ts';
import { needsUpdate, updatedEndpoint } from './diff.ts';
import type { Proposal } from './proposal.ts';
import type { NameEntry, Slot } from './table.ts';
import type { Conflict } from './types.ts';

/** Where planning puts its results (shared across names: no per-name allocations on the hot path). */
export type RowSink = Readonly<{ proposals: Proposal[]; conflicts: Conflict[] }>;

const NONE: readonly Endpoint[] = Object.freeze([]);

/** Plans every row (run of slots sharing a set identifier) of the name. */
export function planName(entry: NameEntry, frozenResources: ReadonlySet<string>, sink: RowSink): void {
  const slots = entry.slots;
  let from = 0;
  while (from < slots.length) {
    const setIdentifier = (slots[from] as Slot).setIdentifier;
    let to = from + 1;
    while (to < slots.length && (slots[to] as Slot).setIdentifier === setIdentifier) to++;
    planRow(slots, from, to, frozenResources, sink);
    from = to;
  }
}

/** Plans the row slots[from..to). */
function planRow(slots: readonly Slot[], from: number, to: number, frozenResources: ReadonlySet<string>, sink: RowSink): void {
  const dropped = droppedCnames(slots, from, to);
  const frozen = frozenResources.size === 0 ? undefined : frozenRecords(slots, from, to, frozenResources);
  // A record that stays (a winner or a frozen record) of a non-CNAME type, to name as the CNAME conflict's winner.
  let keptOther: Endpoint | undefined;

  for (let i = from; i < to; i++) {
    const slot = slots[i] as Slot;
    const { type, current } = slot;
    const candidates = type === 'CNAME' && dropped.length > 0 ? NONE : slot.candidates;

    if (current !== undefined && frozen?.has(type) === true) {
      if (type !== 'CNAME') keptOther ??= current;
      if (candidates.length > 0) sink.conflicts.push(conflictOf(current, candidates, frozenReason(current, candidates)));
      continue;
    }
    const blocker = current === undefined && frozen !== undefined ? cnameBlocker(type, frozen) : undefined;
    if (blocker !== undefined && candidates.length > 0) {
      sink.conflicts.push(conflictOf(blocker, candidates, frozenReason(blocker, candidates)));
      continue;
    }

    const winner = pickWinner(candidates, current);
    if (winner === undefined) {
      if (current !== undefined) sink.proposals.push({ kind: 'delete', current });
      continue;
    }
    if (type !== 'CNAME') keptOther ??= winner;
    if (candidates.length > 1) {
      const losers = candidates.filter((c) => c !== winner);
      sink.conflicts.push(conflictOf(winner, losers, winReason(slot, winner)));
    }
    if (current === undefined) sink.proposals.push({ kind: 'create', desired: winner });
    else if (needsUpdate(current, winner)) {
      sink.proposals.push({ kind: 'update', current, desired: updatedEndpoint(current, winner) });
    }
  }

  if (dropped.length > 0) {
    const winner = keptOther ?? frozen?.get('CNAME') ?? dropped[0];
    if (winner !== undefined) sink.conflicts.push(conflictOf(winner, dropped, cnameReason(winner, dropped)));
  }
}

/** Current records of the row that belong to a frozen resource, by type; undefined when there are none. */
function frozenRecords(
  slots: readonly Slot[],
  from: number,
  to: number,
  frozenResources: ReadonlySet<string>,
): Map<RecordType, Endpoint> | undefined {
  let frozen: Map<RecordType, Endpoint> | undefined;
  for (let i = from; i < to; i++) {
    const { type, current } = slots[i] as Slot;
    const resource = current?.labels[LABEL.resource];
    if (current !== undefined && resource !== undefined && frozenResources.has(resource)) {
      (frozen ??= new Map()).set(type, current);
    }
  }
  return frozen;
}

/** A frozen record that a new record of `type` could not sit beside (CNAME vs anything else). */
function cnameBlocker(type: RecordType, frozen: ReadonlyMap<RecordType, Endpoint>): Endpoint | undefined {
  if (type !== 'CNAME') return frozen.get('CNAME');
  for (const [t, e] of frozen) if (t !== 'CNAME') return e;
  return undefined;
}
