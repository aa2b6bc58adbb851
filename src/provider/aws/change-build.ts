/**
 * Endpoints → Route53 changes: the ResourceRecordSet for an endpoint in a given zone, its size as
 * Route53 counts it (UPSERT counts twice), UPSERT vs DELETE+CREATE for updates, and which zones a
 * name is written to (every matching private zone plus the longest matching public zone).
 * @module
 */
import { isInZone, LABEL, PROP, type Endpoint } from '../../endpoint/index.ts';
import type { ChangeAction as ProviderAction } from '../provider.ts';
import { ALIAS_TTL, isAlias, parseBool } from './alias.ts';
import { canonicalHostedZone } from './canonical-zones.ts';
import type { Change, ChangeAction, ResourceRecordSet } from './route53-port.ts';
import { routingOf, type RoutingKind } from './routing.ts';

/** A Route53 change plus what we need to pack it, report it and cache it. */
export type PlannedChange = Readonly<{
  change: Change;
  /** The provider-level change it comes from (for ApplyResult.rejected). */
  origin: ProviderAction;
  endpoint: Endpoint;
  /** The endpoint to name when reporting it (the new endpoint of an update). */
  subject: Endpoint;
  /** Ownership group: `ownedRecord` label, else the record name. */
  group: string;
  values: number;
  bytes: number;
}>;

export type BuildResult = { ok: true; change: PlannedChange; kind: RoutingKind } | { ok: false; reason: string };

export type BuildOptions = Readonly<{ zoneId: string; zoneName: string; evaluateTargetHealth: boolean }>;

export function ownershipGroup(e: Endpoint): string {
  const owned = e.labels[LABEL.ownedRecord];
  return owned !== undefined && owned !== '' ? owned : e.dnsName;
}

/** Builds the change for `e` in one zone, or explains why it must not be sent. */
export function buildChange(action: ChangeAction, origin: ProviderAction, e: Endpoint, options: BuildOptions): BuildResult {
  const routing = routingOf(e);
  if (!routing.ok) return routing;
  if (e.recordType === 'CNAME' && e.dnsName === options.zoneName) {
    return {
      ok: false,
      reason: `${e.dnsName} CNAME: a CNAME is not allowed at the apex of zone ${options.zoneName}; target an AWS load balancer, CloudFront or a name in the same zone (alias), or publish A/AAAA records`,
    };
  }
  if (e.targets.length === 0) return { ok: false, reason: `${e.dnsName} ${e.recordType}: the record has no targets` };
  const set: ResourceRecordSet = { Name: e.dnsName, Type: e.recordType, ...routing.fields };
  let values = 0;
  let bytes = 0;
  if (isAlias(e)) {
    const target = e.targets[0] ?? '';
    const pinned = e.providerSpecific[PROP.targetHostedZone];
    set.AliasTarget = {
      HostedZoneId: pinned ?? canonicalHostedZone(target) ?? options.zoneId,
      DNSName: target,
      EvaluateTargetHealth: parseBool(e.providerSpecific[PROP.evaluateTargetHealth]) ?? options.evaluateTargetHealth,
    };
    values = 1;
    bytes = Buffer.byteLength(target);
  } else {
    set.TTL = e.ttl > 0 ? e.ttl : ALIAS_TTL;
    set.ResourceRecords = e.targets.map((t) => ({ Value: t }));
    values = e.targets.length;
    bytes = e.targets.reduce((n, t) => n + Buffer.byteLength(t), 0);
  }
  const factor = action === 'UPSERT' ? 2 : 1;
  return {
    ok: true,
    kind: routing.kind,
    change: { change: { Action: action, ResourceRecordSet: set }, origin, endpoint: e, subject: e, group: ownershipGroup(e), values: values * factor, bytes: bytes * factor },
  };
}

/**
 * An update can be an UPSERT only when it keeps the record set's identity and shape: same type,
 * same set identifier, same alias-ness and same routing policy. Otherwise the old set is deleted
 * and the new one created in the same (transactional) batch.
 */
export function needsDeleteCreate(old: Endpoint, next: Endpoint): boolean {
  if (old.recordType !== next.recordType) return true;
  if (old.setIdentifier !== next.setIdentifier) return true;
  if (isAlias(old) !== isAlias(next)) return true;
  const ko = routingOf(old);
  const kn = routingOf(next);
  return (ko.ok ? ko.kind : 'invalid') !== (kn.ok ? kn.kind : 'invalid');
}

export type ZoneRef = Readonly<{ id: string; name: string; privateZone: boolean }>;

/**
 * Zones a record is written to: all private zones holding the name plus the longest public one
 * (as ExternalDNS); `aws/hosted-zone-id` pins it to that zone only.
 */
export function zonesForEndpoint<Z extends ZoneRef>(e: Endpoint, zones: readonly Z[]): Z[] {
  const matching = zones.filter((z) => isInZone(e.dnsName, z.name));
  const pinned = e.providerSpecific[PROP.hostedZoneId];
  if (pinned !== undefined && pinned !== '') {
    const id = pinned.replace(/^\/hostedzone\//, '');
    return matching.filter((z) => z.id === id);
  }
  const privateZones = matching.filter((z) => z.privateZone);
  const publicZone = matching.filter((z) => !z.privateZone).sort((a, b) => b.name.length - a.name.length)[0];
  return publicZone === undefined ? privateZones : [...privateZones, publicZone];
}

/** Identity of a record set inside one zone (name, type, set identifier). */
export function setKey(name: string, type: string, setIdentifier: string | undefined): string {
  return `${name} ${type} ${setIdentifier ?? ''}`;
}
