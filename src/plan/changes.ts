/**
 * Changes: what a plan asks a registry/provider to do. Same shape as ExternalDNS's plan.Changes
 * (updateOld[i] pairs with updateNew[i]), so it also serves as the webhook wire format.
 * @module
 */
import type { Endpoint } from '../endpoint/index.ts';

export type Changes = Readonly<{
  create: readonly Endpoint[];
  updateOld: readonly Endpoint[];
  updateNew: readonly Endpoint[];
  delete: readonly Endpoint[];
}>;

export const NO_CHANGES: Changes = { create: [], updateOld: [], updateNew: [], delete: [] };

export function hasChanges(c: Changes): boolean {
  return c.create.length + c.updateNew.length + c.delete.length > 0;
}

/** The `--policy` values. */
export const POLICIES = ['sync', 'upsert-only', 'create-only'] as const;
export type PolicyName = (typeof POLICIES)[number];
