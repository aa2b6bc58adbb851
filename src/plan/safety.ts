/**
 * The delete safety threshold (`--max-delete-fraction`, `--force`): per zone, if this owner holds
 * at least MIN_OWNED_FOR_THRESHOLD records there and the plan would delete more than the allowed
 * fraction of them, all of that zone's changes are held back and a refusal is reported. A sudden
 * mass delete usually means a broken source (empty list, wrong filter), not intent. Other zones proceed.
 * "Owned" counts the zone's current records in scope that are ours (all of them without an owner id);
 * deletes are counted after policy and ownership, so only deletes that would really be sent count.
 * @module
 */
import type { Proposal } from './proposal.ts';
import type { DeleteRefusal } from './types.ts';

/** Below this many owned records a zone is too small for a fraction to mean anything. */
export const MIN_OWNED_FOR_THRESHOLD = 10;

/** One zone's share of the plan: the changes that passed policy and ownership, and the counts. */
export type ZoneTally = { proposals: Proposal[]; owned: number; deletes: number };

export function tallyOf(tallies: Map<string, ZoneTally>, zone: string): ZoneTally {
  let tally = tallies.get(zone);
  if (tally === undefined) {
    tally = { proposals: [], owned: 0, deletes: 0 };
    tallies.set(zone, tally);
  }
  return tally;
}

/** The changes of the zones that pass, and a refusal for each zone that does not. */
export function applySafetyThreshold(
  tallies: ReadonlyMap<string, ZoneTally>,
  maxDeleteFraction: number,
  force: boolean,
): { kept: Proposal[]; refusals: DeleteRefusal[] } {
  const kept: Proposal[] = [];
  const refusals: DeleteRefusal[] = [];
  for (const [zone, { proposals, owned, deletes }] of tallies) {
    if (!force && owned >= MIN_OWNED_FOR_THRESHOLD && deletes / owned > maxDeleteFraction) {
      refusals.push({ zone, deletes, owned, maxDeleteFraction });
    } else {
      for (const p of proposals) kept.push(p);
    }
  }
  refusals.sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  return { kept, refusals };
}
