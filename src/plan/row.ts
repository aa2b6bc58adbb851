/**
 * Plans one table row: resolves conflicts, keeps frozen records as they are, and proposes a
 * create, update or delete per record type (ExternalDNS `planTableRow` semantics).
 * @module
 */
import { LABEL, type Endpoint, type RecordType } from '../endpoint/index.ts';
import {
  cnameReason,
  conflictOf,
  frozenReason,
  hasTypeConflict,
  pickWinner,
  winReason,
} from './conflict.ts';
import { needsUpdate, updatedEndpoint } from './diff.ts';
import type { Proposal } from './proposal.ts';
import type { Row } from './table.ts';
import type { Conflict } from './types.ts';

export type RowPlan = { proposals: Proposal[]; conflicts: Conflict[] };

export function planRow(row: Row, frozenResources: ReadonlySet<string>): RowPlan {
  const proposals: Proposal[] = [];
  const conflicts: Conflict[] = [];
  const dropped = hasTypeConflict(row) ? (row.slots.get('CNAME')?.candidates ?? []) : [];
  const frozen = frozenRecords(row, frozenResources);
  // A record that stays (a winner or a frozen record) of a non-CNAME type, to name as the CNAME conflict's winner.
  let keptOther: Endpoint | undefined;

  const types = [...row.slots.keys()].sort();
  for (const type of types) {
    const slot = row.slots.get(type);
    if (slot === undefined) continue;
    const current = slot.current;
    const candidates = type === 'CNAME' && dropped.length > 0 ? [] : slot.candidates;

    if (current !== undefined && frozen.has(type)) {
      if (type !== 'CNAME') keptOther ??= current;
      if (candidates.length > 0) conflicts.push(conflictOf(current, candidates, frozenReason(current, candidates)));
      continue;
    }
    const blocker = current === undefined ? cnameBlocker(type, frozen) : undefined;
    if (blocker !== undefined && candidates.length > 0) {
      conflicts.push(conflictOf(blocker, candidates, frozenReason(blocker, candidates)));
      continue;
    }

    const winner = pickWinner(candidates, current);
    if (winner === undefined) {
      if (current !== undefined) proposals.push({ kind: 'delete', current });
      continue;
    }
    if (type !== 'CNAME') keptOther ??= winner;
    if (candidates.length > 1) {
      conflicts.push(conflictOf(winner, candidates.filter((c) => c !== winner), winReason(slot, winner)));
    }
    if (current === undefined) proposals.push({ kind: 'create', desired: winner });
    else if (needsUpdate(current, winner)) {
      proposals.push({ kind: 'update', current, desired: updatedEndpoint(current, winner) });
    }
  }

  if (dropped.length > 0) {
    const winner = keptOther ?? frozen.get('CNAME') ?? dropped[0];
    if (winner !== undefined) conflicts.push(conflictOf(winner, dropped, cnameReason(winner, dropped)));
  }
  return { proposals, conflicts };
}

/** Current records of the row that belong to a frozen resource, by type. */
function frozenRecords(row: Row, frozenResources: ReadonlySet<string>): Map<RecordType, Endpoint> {
  const frozen = new Map<RecordType, Endpoint>();
  if (frozenResources.size === 0) return frozen;
  for (const [type, slot] of row.slots) {
    const resource = slot.current?.labels[LABEL.resource];
    if (slot.current !== undefined && resource !== undefined && frozenResources.has(resource)) {
      frozen.set(type, slot.current);
    }
  }
  return frozen;
}

/** A frozen record that a new record of `type` could not sit beside (CNAME vs anything else). */
function cnameBlocker(type: RecordType, frozen: ReadonlyMap<RecordType, Endpoint>): Endpoint | undefined {
  if (frozen.size === 0) return undefined;
  if (type !== 'CNAME') return frozen.get('CNAME');
  for (const [t, e] of frozen) if (t !== 'CNAME') return e;
  return undefined;
}
