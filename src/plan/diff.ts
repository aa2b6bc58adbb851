/**
 * When an existing record set needs an update (ExternalDNS `shouldUpdate*`). Only real differences
 * count, so two controllers reading the same objects never flap: labels are ignored, and a desired
 * TTL of 0 ("not configured") accepts whatever TTL the record has.
 * @module
 */
import {
  canonicalTargets,
  LABEL,
  PROP,
  sameProviderSpecific,
  sameTargets,
  type Endpoint,
} from '../endpoint/index.ts';

export function needsUpdate(current: Endpoint, desired: Endpoint): boolean {
  // The TXT registry marks a record this way when its ownership record must be rewritten.
  if (current.providerSpecific[PROP.txtForceUpdate] !== undefined) return true;
  if (desired.ttl > 0 && desired.ttl !== current.ttl) return true;
  if (!sameTargetSet(current, desired)) return true;
  return !sameProviderSpecific(current.providerSpecific, desired.providerSpecific);
}

/** Targets are canonical by contract; re-canonicalise only when the fast comparison fails. */
function sameTargetSet(a: Endpoint, b: Endpoint): boolean {
  if (sameTargets(a.targets, b.targets)) return true;
  return sameTargets(canonicalTargets(a.recordType, a.targets), canonicalTargets(b.recordType, b.targets));
}

/** The new record set of an update: the desired one, still carrying the current record's owner. */
export function updatedEndpoint(current: Endpoint, desired: Endpoint): Endpoint {
  const owner = current.labels[LABEL.owner];
  if (owner === undefined || desired.labels[LABEL.owner] === owner) return desired;
  return { ...desired, labels: { ...desired.labels, [LABEL.owner]: owner } };
}
