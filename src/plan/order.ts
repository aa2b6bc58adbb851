/**
 * A total order over endpoints of one record set key, so every choice the plan makes (conflict
 * winners, duplicate current records, report order) is independent of input order.
 * @module
 */
import { compareTargets, LABEL, type Endpoint } from '../endpoint/index.ts';

/**
 * Conflict order: fewest targets, then IP before hostname, IPs by address, hostnames lexically
 * (ExternalDNS `Targets.IsLess`); ties go to the `resource` label, then TTL, provider-specific
 * properties and the remaining labels. 0 only for endpoints equal in every field.
 */
export function compareCandidates(a: Endpoint, b: Endpoint): number {
  const byTargets = compareTargets(a.targets, b.targets);
  if (byTargets !== 0) return byTargets;
  const byResource = compareStrings(a.labels[LABEL.resource] ?? '', b.labels[LABEL.resource] ?? '');
  if (byResource !== 0) return byResource;
  if (a.ttl !== b.ttl) return a.ttl - b.ttl;
  const byProps = compareStrings(canonicalMap(a.providerSpecific), canonicalMap(b.providerSpecific));
  if (byProps !== 0) return byProps;
  return compareStrings(canonicalMap(a.labels), canonicalMap(b.labels));
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A map as one string with sorted keys, for ordering (only reached on ties). */
function canonicalMap(map: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(map).sort(([x], [y]) => compareStrings(x, y)));
}

/** The least element by `compare`, or undefined for an empty list. */
export function minBy<T>(items: readonly T[], compare: (a: T, b: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || compare(item, best) < 0) best = item;
  return best;
}
