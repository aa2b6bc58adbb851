/**
 * Which changes the delete safety threshold held back: the plan recomputed with --force, restricted
 * to the refused zones. Only computed when a zone was refused (rare), so the second plan costs nothing
 * in the normal case. Pure.
 * @module
 */
import { zoneOf } from '../../endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../plan/changes.ts';
import { calculatePlan } from '../../plan/plan.ts';
import type { PlanInput } from '../../plan/types.ts';

export function heldBackChanges(input: PlanInput, refusedZones: readonly string[]): Changes {
  if (refusedZones.length === 0) return NO_CHANGES;
  const refused = new Set(refusedZones);
  const held = (name: string): boolean => {
    const zone = zoneOf(name, input.zones);
    return zone !== undefined && refused.has(zone);
  };
  const forced = calculatePlan({ ...input, force: true }).changes;
  const updateNew = forced.updateNew.filter((e) => held(e.dnsName));
  return {
    create: forced.create.filter((e) => held(e.dnsName)),
    updateOld: forced.updateOld.filter((_, i) => held(forced.updateNew[i]?.dnsName ?? '')),
    updateNew,
    delete: forced.delete.filter((e) => held(e.dnsName)),
  };
}
