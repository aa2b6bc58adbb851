/**
 * `--policy`: which kinds of change the plan may make. A tiny name → predicate map, as ExternalDNS
 * keeps its policies.
 * @module
 */
import { POLICIES, type PolicyName } from './changes.ts';
import type { ProposalKind } from './proposal.ts';

export type Policy = (kind: ProposalKind) => boolean;

export const POLICY: Readonly<Record<PolicyName, Policy>> = {
  sync: () => true,
  'upsert-only': (kind) => kind !== 'delete',
  'create-only': (kind) => kind === 'create',
};

export function policyOf(name: string): Policy {
  if (!Object.hasOwn(POLICY, name)) {
    throw new Error(`plan: unknown policy "${name}"; use one of ${POLICIES.join(', ')}`);
  }
  return POLICY[name as PolicyName];
}
