/**
 * Writing ownership: the TXT record that accompanies a record (§3.1 "Generated TXT endpoint"),
 * and where it would land relative to the record's zone.
 * @module
 */
import { LABEL, PROP, isInZone, zoneOf, type Endpoint, type ProviderSpecific } from '../../endpoint/index.ts';
import { formatOwnershipValue } from './labels-format.ts';

/**
 * Properties that make no sense on a TXT: alias targets and their health evaluation, and the
 * registry's own migration marker. Every other one (weight, region, failover, geo, health check)
 * is copied, because Route53 needs the same routing policy on every set sharing a set identifier.
 */
const NOT_ON_TXT: ReadonlySet<string> = new Set([PROP.alias, PROP.evaluateTargetHealth, PROP.txtForceUpdate]);

export function txtProviderSpecific(props: ProviderSpecific): ProviderSpecific {
  return Object.fromEntries(Object.entries(props).filter(([name]) => !NOT_ON_TXT.has(name)));
}

/**
 * The ownership TXT for `record` at `txtName`: value from the record's labels, TTL 0 (the
 * provider's default), the record's set identifier and copyable properties, and label
 * `ownedRecord` so the provider applies record and TXT as one group.
 * Built directly rather than through createEndpoint: a TXT name such as `a-*.apps.example.com`
 * is valid in DNS and in ExternalDNS but not a record name zonekeeper's name rules accept.
 */
export function ownershipTxt(record: Endpoint, txtName: string, key?: Buffer): Endpoint {
  return {
    dnsName: txtName,
    recordType: 'TXT',
    targets: [formatOwnershipValue(record.labels, key)],
    setIdentifier: record.setIdentifier,
    ttl: 0,
    labels: { [LABEL.ownedRecord]: record.dnsName },
    providerSpecific: txtProviderSpecific(record.providerSpecific),
  };
}

/** An ownership TXT as read, sent back unchanged (exact value, TTL, properties) with its group label. */
export function asReadTxt(read: Endpoint, recordName: string): Endpoint {
  return { ...read, labels: { ...read.labels, [LABEL.ownedRecord]: recordName } };
}

/**
 * Where a record's TXT lands: `same-zone` (the only case where record and TXT can change
 * atomically), `other-zone` (outside the record's zone, e.g. the apex `example.com` A → `a-example.com`),
 * or `no-zone` when the record itself is in none of the provider's zones (the provider refuses it).
 */
export function txtPlacement(recordName: string, txtName: string, zones: readonly string[]): 'same-zone' | 'other-zone' | 'no-zone' {
  const zone = zoneOf(recordName, zones);
  if (zone === undefined) return 'no-zone';
  return isInZone(txtName, zone) && zoneOf(txtName, zones) === zone ? 'same-zone' : 'other-zone';
}

/** Why a create is refused when its TXT would fall outside the record's zone, and what to do. */
export function outsideZoneReason(record: Endpoint, txtName: string, zones: readonly string[]): string {
  const zone = zoneOf(record.dnsName, zones) ?? '';
  return (
    `ownership TXT "${txtName}" for ${record.recordType} record "${record.dnsName}" would fall outside its zone "${zone}", ` +
    `so the record could not be created owned; set --txt-prefix to a form that contains %{record_type} and ends in "." ` +
    `(for example --txt-prefix=extdns-%{record_type}.), which keeps the TXT inside the zone`
  );
}
