/**
 * When an existing record set needs an update (ExternalDNS `shouldUpdate*`). Only real differences
 * count, so two controllers reading the same objects never flap: labels are ignored, and a desired
 * TTL of 0 ("not configured") accepts whatever TTL the record has.
 * @module
 */
import {
  LABEL,
  PROP,
  sameTargets,
  type Endpoint,
  type ProviderSpecific,
} from '../endpoint/index.ts';

export function needsUpdate(current: Endpoint, desired: Endpoint): boolean {
  // The TXT registry marks a record this way when its ownership record must be rewritten.
  if (current.providerSpecific[PROP.txtForceUpdate] !== undefined) return true;
  if (desired.ttl > 0 && desired.ttl !== current.ttl) return true;
  // Targets are canonical sets (Endpoint contract), so order, case and IPv6 spelling are already equal.
  if (!sameTargets(current.targets, desired.targets)) return true;
  return !sameProps(current.providerSpecific, desired.providerSpecific);
}

/** sameProviderSpecific without its two key arrays: this runs for every matched record set. */
function sameProps(a: ProviderSpecific, b: ProviderSpecific): boolean {
  if (a === b) return true;
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
    count++;
  }
  for (const key in b) if (Object.hasOwn(b, key)) count--;
  return count === 0;
}

/** The new record set of an update: the desired one, still carrying the current record's owner. */
export function updatedEndpoint(current: Endpoint, desired: Endpoint): Endpoint {
  const owner = current.labels[LABEL.owner];
  if (owner === undefined || desired.labels[LABEL.owner] === owner) return desired;
  return { ...desired, labels: { ...desired.labels, [LABEL.owner]: owner } };
}
