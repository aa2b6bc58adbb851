/**
 * Record-set identity and comparison as Route53 sees them: a set is identified by (name, type,
 * set identifier) and matches another when targets, TTL and provider-specific fields are equal.
 * Stored sets carry no labels: a DNS provider does not keep them (ownership lives in TXT records).
 * @module
 */
import { sameProviderSpecific, sameTargets, type Endpoint } from '../../endpoint/index.ts';

/** Key of a record set within one name: type and set identifier. */
export function rrKey(e: Pick<Endpoint, 'recordType' | 'setIdentifier'>): string {
  return `${e.recordType} ${e.setIdentifier}`;
}

/** A detached copy, without labels. */
export function storedCopy(e: Endpoint): Endpoint {
  return {
    dnsName: e.dnsName,
    recordType: e.recordType,
    targets: [...e.targets],
    setIdentifier: e.setIdentifier,
    ttl: e.ttl,
    labels: {},
    providerSpecific: { ...e.providerSpecific },
  };
}

/** True when `given` carries the same values as the stored set `current` (Route53's DELETE rule). */
export function sameValues(given: Endpoint, current: Endpoint): boolean {
  return (
    given.setIdentifier === current.setIdentifier &&
    given.ttl === current.ttl &&
    sameTargets(given.targets, current.targets) &&
    sameProviderSpecific(given.providerSpecific, current.providerSpecific)
  );
}

/** `[name='x.example.com.', type='A', set='v1']`, the way Route53 names a set in its errors. */
export function describeSet(e: Pick<Endpoint, 'dnsName' | 'recordType' | 'setIdentifier'>): string {
  const set = e.setIdentifier === '' ? '' : `, set-identifier='${e.setIdentifier}'`;
  return `[name='${e.dnsName}.', type='${e.recordType}'${set}]`;
}
