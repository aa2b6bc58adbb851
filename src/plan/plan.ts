/**
 * calculatePlan: the pure diff between desired and current record sets. Synchronous,
 * deterministic (independent of input order) and free of side effects.
 *
 *   filter (domain, zones, types) → table rows → conflicts + per-row proposals
 *     → policy → ownership (skips) → delete safety threshold (refusals) → sorted Changes
 * @module
 */
import { compareConflicts } from './conflict.ts';
import { createRecordFilter } from './filter.ts';
import { applyOwnership, compareSkips, createOwnershipGate } from './ownership.ts';
import { policyOf } from './policy.ts';
import { toChanges, type Proposal } from './proposal.ts';
import { planRow } from './row.ts';
import { applySafetyThreshold } from './safety.ts';
import { buildTable } from './table.ts';
import type { Conflict, Plan, PlanInput } from './types.ts';
import { createZoneLookup } from './zones.ts';

export function calculatePlan(input: PlanInput): Plan {
  const allowed = policyOf(input.policy);
  const zoneOf = createZoneLookup(input.zones);
  const inScope = createRecordFilter(input, zoneOf);
  const current = input.current.filter(inScope);
  const desired = input.desired.filter(inScope);

  const conflicts: Conflict[] = [];
  const proposals: Proposal[] = [];
  for (const row of buildTable(current, desired)) {
    const planned = planRow(row, input.frozenResources);
    for (const p of planned.proposals) if (allowed(p.kind)) proposals.push(p);
    conflicts.push(...planned.conflicts);
  }

  const gate = createOwnershipGate(current, input.ownerId);
  const { kept, skipped } = applyOwnership(proposals, gate);
  const safe = applySafetyThreshold({
    proposals: kept,
    current,
    isOwned: gate.isOwned,
    zoneOf,
    maxDeleteFraction: input.maxDeleteFraction,
    force: input.force,
  });

  return {
    changes: toChanges(safe.kept),
    conflicts: conflicts.sort(compareConflicts),
    skipped: skipped.sort(compareSkips),
    refusals: safe.refusals,
  };
}
