/**
 * Which records the plan looks at (ExternalDNS `filterRecordsForPlan`): the name must pass the
 * domain filter and lie in a managed zone; the type must be managed and not excluded. The same
 * filter applies to current and desired records, so records outside it are never touched.
 * @module
 */
import type { Endpoint, RecordType } from '../endpoint/index.ts';
import type { PlanInput } from './types.ts';
import type { ZoneLookup } from './zones.ts';

export type RecordFilter = (e: Endpoint) => boolean;

export function createRecordFilter(
  input: Pick<PlanInput, 'domainFilter' | 'managedTypes' | 'excludeTypes'>,
  zoneOf: ZoneLookup,
): RecordFilter {
  const types = new Set<RecordType>(input.managedTypes);
  for (const t of input.excludeTypes) types.delete(t);
  // Current and desired mostly share names; remembering the verdict halves the filter calls.
  const nameVerdict = new Map<string, boolean>();
  return (e) => {
    if (!types.has(e.recordType)) return false;
    let ok = nameVerdict.get(e.dnsName);
    if (ok === undefined) {
      ok = zoneOf(e.dnsName) !== undefined && input.domainFilter(e.dnsName);
      nameVerdict.set(e.dnsName, ok);
    }
    return ok;
  };
}
