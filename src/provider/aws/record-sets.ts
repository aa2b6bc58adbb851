/**
 * Reading Route53: ListResourceRecordSets paged 300 at a time (manual paging on NextRecordName /
 * NextRecordType / NextRecordIdentifier; the SDK has no paginator for it), and the mapping of a
 * record set to endpoints exactly as ExternalDNS does it: aliases become a single-target endpoint
 * with TTL 300, `alias=true` and `aws/evaluate-target-health`; CNAMEs get `alias=false`; routing
 * fields become `aws/*` properties.
 * @module
 */
import { createEndpoint, isRecordType, PROP, type Endpoint, type RecordType } from '../../endpoint/index.ts';
import { callRoute53, type AwsAccount, type CallContext } from './account.ts';
import { ALIAS_TTL } from './alias.ts';
import { fromRoute53Name } from './names.ts';
import type { RecordSetCursor, ResourceRecordSet } from './route53-port.ts';

export const PAGE_SIZE = 300;

/** Record types read from Route53 (SOA, PTR, SPF, DS, ... are not zonekeeper's). */
const READ_TYPES: ReadonlySet<RecordType> = new Set(['A', 'AAAA', 'CNAME', 'TXT', 'SRV', 'MX', 'NS', 'CAA']);

/** Every record set of a zone. */
export async function listRecordSets(
  ctx: CallContext,
  account: AwsAccount,
  zoneId: string,
  signal?: AbortSignal,
): Promise<ResourceRecordSet[]> {
  const sets: ResourceRecordSet[] = [];
  let cursor: RecordSetCursor | undefined;
  for (;;) {
    const start = cursor;
    const page = await callRoute53(ctx, account, 'ListResourceRecordSets', (p) => p.listResourceRecordSets(zoneId, start, PAGE_SIZE, signal), signal);
    sets.push(...page.sets);
    if (page.next === undefined) return sets;
    // The next cursor names the first set of the next page: the same cursor again would loop forever.
    if (start !== undefined && sameCursor(start, page.next)) {
      throw new Error(
        `ListResourceRecordSets of hosted zone ${zoneId} returned the page it was asked for as the next one ` +
          `(${page.next.name} ${page.next.type}); stopped paging instead of looping`,
      );
    }
    cursor = page.next;
  }
}

function sameCursor(a: RecordSetCursor, b: RecordSetCursor): boolean {
  return a.name === b.name && a.type === b.type && a.identifier === b.identifier;
}

/** Endpoints for one record set ([] for types zonekeeper does not read, or an unusable name). */
export function recordSetToEndpoints(s: ResourceRecordSet): Endpoint[] {
  const type = s.Type.toUpperCase();
  if (!isRecordType(type) || !READ_TYPES.has(type)) return [];
  const name = fromRoute53Name(s.Name);
  const routing = routingProperties(s);
  const out: Endpoint[] = [];
  try {
    if (s.ResourceRecords !== undefined && s.ResourceRecords.length > 0) {
      out.push(
        createEndpoint({
          dnsName: name,
          recordType: type,
          targets: s.ResourceRecords.map((r) => r.Value),
          setIdentifier: s.SetIdentifier ?? '',
          ttl: s.TTL ?? 0,
          providerSpecific: type === 'CNAME' ? { [PROP.alias]: 'false', ...routing } : routing,
        }),
      );
    }
    if (s.AliasTarget !== undefined) {
      out.push(
        createEndpoint({
          dnsName: name,
          recordType: type,
          targets: [fromRoute53Name(s.AliasTarget.DNSName)],
          setIdentifier: s.SetIdentifier ?? '',
          ttl: s.TTL !== undefined && s.TTL > 0 ? s.TTL : ALIAS_TTL,
          providerSpecific: {
            [PROP.alias]: 'true',
            [PROP.evaluateTargetHealth]: String(s.AliasTarget.EvaluateTargetHealth),
            ...routing,
          },
        }),
      );
    }
  } catch {
    return [];
  }
  return out;
}

/** `aws/*` properties for a set's routing fields (only with a set identifier) and health check. */
function routingProperties(s: ResourceRecordSet): Record<string, string> {
  const p: Record<string, string> = {};
  if (s.SetIdentifier !== undefined) {
    if (s.Weight !== undefined) p[PROP.weight] = String(s.Weight);
    else if (s.Region !== undefined && s.Region !== '') p[PROP.region] = s.Region;
    else if (s.Failover !== undefined && s.Failover !== '') p[PROP.failover] = s.Failover;
    else if (s.MultiValueAnswer === true) p[PROP.multiValueAnswer] = '';
    else if (s.GeoLocation !== undefined) {
      const g = s.GeoLocation;
      if (g.ContinentCode !== undefined) p[PROP.geoContinent] = g.ContinentCode;
      else {
        if (g.CountryCode !== undefined) p[PROP.geoCountry] = g.CountryCode;
        if (g.SubdivisionCode !== undefined) p[PROP.geoSubdivision] = g.SubdivisionCode;
      }
    } else if (s.GeoProximityLocation !== undefined) {
      const g = s.GeoProximityLocation;
      if (g.AWSRegion !== undefined && g.AWSRegion !== '') p[PROP.geoproximityRegion] = g.AWSRegion;
      if (g.Bias !== undefined) p[PROP.geoproximityBias] = String(g.Bias);
      if (g.Coordinates !== undefined) p[PROP.geoproximityCoordinates] = `${g.Coordinates.Latitude},${g.Coordinates.Longitude}`;
      if (g.LocalZoneGroup !== undefined && g.LocalZoneGroup !== '') p[PROP.geoproximityLocalZoneGroup] = g.LocalZoneGroup;
    }
  }
  if (s.HealthCheckId !== undefined) p[PROP.healthCheckId] = s.HealthCheckId;
  return p;
}
