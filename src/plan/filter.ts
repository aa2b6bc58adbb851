/**
 * Which records the plan looks at (ExternalDNS `filterRecordsForPlan`): the name must pass the
 * domain filter and lie in a managed zone; the type must be managed and not excluded. The same
 * filter applies to current and desired records, so records outside it are never touched.
 * @module
 */
import type { RecordType } from '../endpoint/index.ts';
import type { PlanInput } from './types.ts';
import { createZoneLookup } from './zones.ts';

export type Scope = Readonly<{
  /** True for a managed, not excluded record type. */
  manages: (type: RecordType) => boolean;
  /** The zone of a name in scope ('' when the plan has no zones), or null when the name is out of scope. */
  zoneOf: (name: string) => string | null;
}>;

export function createScope(input: Pick<PlanInput, 'domainFilter' | 'managedTypes' | 'excludeTypes' | 'zones'>): Scope {
  const types = new Set<RecordType>(input.managedTypes);
  for (const t of input.excludeTypes) types.delete(t);
  const lookup = createZoneLookup(input.zones);
  return {
    manages: (type) => types.has(type),
    zoneOf: (name) => {
      const zone = lookup(name);
      return zone !== undefined && input.domainFilter(name) ? zone : null;
    },
  };
}
