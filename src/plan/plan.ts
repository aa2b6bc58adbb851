/**
 * calculatePlan: the pure diff between desired and current record sets. Synchronous,
 * deterministic (independent of input order) and free of side effects.
 *
 *   table (scope filter: domain, zones, types) → per name: conflicts and proposals per row
 *     → policy → ownership (skips) → per zone: delete safety threshold (refusals) → sorted Changes
 *
 * One pass over the records builds the table; one pass over the names does the rest.
 * @module
 */
import { compareConflicts } from './conflict.ts';
import { createScope } from './filter.ts';
import { compareSkips, countOwned, foreignOwnerFor, foreignOwnersAt, ownedBy, skipOf } from './ownership.ts';
import { policyOf } from './policy.ts';
import { subjectOf, toChanges, type Proposal } from './proposal.ts';
import { planName } from './row.ts';
import { applySafetyThreshold, tallyOf, type ZoneTally } from './safety.ts';
import { buildTable, type NameEntry } from './table.ts';
import type { Conflict, OwnershipSkip, Plan, PlanInput } from './types.ts';

export function calculatePlan(input: PlanInput): Plan {
  const allowed = policyOf(input.policy);
  const isOwned = ownedBy(input.ownerId);
  const conflicts: Conflict[] = [];
  const skipped: OwnershipSkip[] = [];
  const tallies = new Map<string, ZoneTally>();
  const sink = { proposals: [] as Proposal[], conflicts };

  const entries = buildTable(input.current, input.desired, createScope(input));
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e] as NameEntry;
    const first = sink.proposals.length; // this name's proposals are the ones pushed from here on
    planName(entry, input.frozenResources, sink);
    const tally = tallyOf(tallies, entry.zone);
    tally.owned += countOwned(entry, isOwned);
    const foreign = input.ownerId === '' ? undefined : foreignOwnersAt(entry, isOwned);
    for (let i = first; i < sink.proposals.length; i++) {
      const p = sink.proposals[i] as Proposal;
      if (!allowed(p.kind)) continue;
      const foreignOwner = foreignOwnerFor(foreign, subjectOf(p).setIdentifier);
      if (foreignOwner !== undefined) {
        const skip = skipOf(p, foreignOwner, isOwned);
        if (skip !== undefined) skipped.push(skip);
        continue;
      }
      tally.proposals.push(p);
      if (p.kind === 'delete') tally.deletes++;
    }
  }

  const { kept, refusals } = applySafetyThreshold(tallies, input.maxDeleteFraction, input.force);
  return {
    changes: toChanges(kept),
    conflicts: conflicts.sort(compareConflicts),
    skipped: skipped.sort(compareSkips),
    refusals,
  };
}
