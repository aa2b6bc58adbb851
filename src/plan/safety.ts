/**
 * The delete safety threshold (`--max-delete-fraction`, `--force`): per zone, if this owner holds
 * at least MIN_OWNED_FOR_THRESHOLD records there and the plan would delete more than the allowed
 * fraction of them, all of that zone's changes are held back and a refusal is reported. A sudden
 * mass delete usually means a broken source (empty list, wrong filter), not intent. Other zones proceed.
 * @module
 */
import { nameOf, type Proposal } from './proposal.ts';
import type { DeleteRefusal } from './types.ts';
import type { Endpoint } from '../endpoint/index.ts';
import type { ZoneLookup } from './zones.ts';

/** Below this many owned records a zone is too small for a fraction to mean anything. */
export const MIN_OWNED_FOR_THRESHOLD = 10;

export type SafetyInput = Readonly<{
  proposals: readonly Proposal[];
  /** Filtered current records. */
  current: readonly Endpoint[];
  isOwned: (e: Endpoint) => boolean;
  zoneOf: ZoneLookup;
  maxDeleteFraction: number;
  force: boolean;
}>;

export function applySafetyThreshold(input: SafetyInput): { kept: Proposal[]; refusals: DeleteRefusal[] } {
  if (input.force) return { kept: [...input.proposals], refusals: [] };
  const deletes = new Map<string, number>();
  for (const p of input.proposals) {
    if (p.kind !== 'delete') continue;
    const zone = input.zoneOf(nameOf(p)) ?? '';
    deletes.set(zone, (deletes.get(zone) ?? 0) + 1);
  }
  if (deletes.size === 0) return { kept: [...input.proposals], refusals: [] };

  const owned = new Map<string, number>();
  for (const e of input.current) {
    if (!input.isOwned(e)) continue;
    const zone = input.zoneOf(e.dnsName) ?? '';
    if (deletes.has(zone)) owned.set(zone, (owned.get(zone) ?? 0) + 1);
  }
  const refused = new Set<string>();
  const refusals: DeleteRefusal[] = [];
  for (const [zone, count] of deletes) {
    const ownedCount = owned.get(zone) ?? 0;
    if (ownedCount >= MIN_OWNED_FOR_THRESHOLD && count / ownedCount > input.maxDeleteFraction) {
      refused.add(zone);
      refusals.push({ zone, deletes: count, owned: ownedCount, maxDeleteFraction: input.maxDeleteFraction });
    }
  }
  refusals.sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  if (refused.size === 0) return { kept: [...input.proposals], refusals };
  const kept = input.proposals.filter((p) => !refused.has(input.zoneOf(nameOf(p)) ?? ''));
  return { kept, refusals };
}
