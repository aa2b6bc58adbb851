/**
 * Writing ownership: the TXT record that accompanies a record (§3.1 "Generated TXT endpoint"),
 * and where it would land relative to the record's zone.
 * @module
 */
import {
  LABEL,
  MAX_LABEL_OCTETS,
  MAX_NAME_OCTETS,
  PROP,
  isInZone,
  zoneOf,
  type Endpoint,
  type ProviderSpecific,
} from '../../endpoint/index.ts';
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
 * `bad-name` (a label over 63 octets or a name over 253, which no DNS provider stores), or
 * `no-zone` when the record itself is in none of the provider's zones (the provider refuses it).
 */
export type TxtPlacement = 'same-zone' | 'other-zone' | 'bad-name' | 'no-zone';

export function txtPlacement(recordName: string, txtName: string, zones: readonly string[]): TxtPlacement {
  const zone = zoneOf(recordName, zones);
  if (zone === undefined) return 'no-zone';
  if (!isInZone(txtName, zone) || zoneOf(txtName, zones) !== zone) return 'other-zone';
  const tooLong = txtName.length > MAX_NAME_OCTETS || txtName.split('.').some((l) => l.length > MAX_LABEL_OCTETS);
  return tooLong ? 'bad-name' : 'same-zone';
}

/** Why a create is refused because its TXT cannot be written, and what to do. */
export function refusalReason(placement: 'other-zone' | 'bad-name', record: Endpoint, txtName: string, zones: readonly string[]): string {
  const what = `ownership TXT "${txtName}" for ${record.recordType} record "${record.dnsName}"`;
  if (placement === 'bad-name') {
    return (
      `${what} would have a label over ${MAX_LABEL_OCTETS} octets or exceed ${MAX_NAME_OCTETS} octets, so the record could not ` +
      `be created owned; shorten the record's first label or the --txt-prefix/--txt-suffix`
    );
  }
  const zone = zoneOf(record.dnsName, zones) ?? '';
  return (
    `${what} would fall outside its zone "${zone}", so the record could not be created owned; ` +
    `set --txt-prefix to a form that contains %{record_type} and ends in "." ` +
    `(for example --txt-prefix=extdns-%{record_type}.), which keeps the TXT inside the zone`
  );
}
