/**
 * Route53 routing policies from ExternalDNS's `aws/*` provider-specific properties: weighted,
 * latency (region), failover, geolocation, geoproximity and multivalue, plus health check ids.
 * Everything is validated before anything is sent, so a bad annotation becomes a clear rejected
 * change instead of an InvalidChangeBatch that takes its batch down with it.
 * @module
 */
import { PROP, type Endpoint } from '../../endpoint/index.ts';
import type { ResourceRecordSet } from './route53-port.ts';

export type RoutingKind = 'simple' | 'weighted' | 'latency' | 'failover' | 'geolocation' | 'geoproximity' | 'multivalue';

/** The routing fields of a ResourceRecordSet. */
export type RoutingFields = Pick<
  ResourceRecordSet,
  'SetIdentifier' | 'Weight' | 'Region' | 'Failover' | 'GeoLocation' | 'GeoProximityLocation' | 'MultiValueAnswer' | 'HealthCheckId'
>;

export type Routing = { ok: true; kind: RoutingKind; fields: RoutingFields } | { ok: false; reason: string };

const KIND_PROPS: Readonly<Record<Exclude<RoutingKind, 'simple'>, readonly string[]>> = {
  weighted: [PROP.weight],
  latency: [PROP.region],
  failover: [PROP.failover],
  geolocation: [PROP.geoContinent, PROP.geoCountry, PROP.geoSubdivision],
  geoproximity: [PROP.geoproximityRegion, PROP.geoproximityLocalZoneGroup, PROP.geoproximityCoordinates, PROP.geoproximityBias],
  multivalue: [PROP.multiValueAnswer],
};

function describe(e: Endpoint): string {
  return `${e.dnsName} ${e.recordType}${e.setIdentifier === '' ? '' : ` (set identifier "${e.setIdentifier}")`}`;
}

/** The routing policy of one endpoint, or why it cannot be sent. */
export function routingOf(e: Endpoint): Routing {
  const p = e.providerSpecific;
  const kinds = (Object.keys(KIND_PROPS) as (keyof typeof KIND_PROPS)[]).filter((k) => KIND_PROPS[k].some((prop) => Object.hasOwn(p, prop)));
  const fail = (why: string): Routing => ({ ok: false, reason: `${describe(e)}: ${why}` });
  if (kinds.length > 1) {
    return fail(`has properties of several routing policies (${kinds.join(', ')}); a record set has exactly one — keep one of them`);
  }
  const kind: RoutingKind = kinds[0] ?? 'simple';
  if (kind !== 'simple' && e.setIdentifier === '') {
    return fail(`the ${kind} routing policy needs a set identifier (annotation set-identifier)`);
  }
  if (kind === 'simple' && e.setIdentifier !== '') {
    return fail('a set identifier needs a routing policy (aws/weight, aws/region, aws/failover, aws/geolocation-*, aws/geoproximity-* or aws/multi-value-answer)');
  }
  const fields: RoutingFields = {};
  if (e.setIdentifier !== '') fields.SetIdentifier = e.setIdentifier;
  const health = p[PROP.healthCheckId];
  if (health !== undefined && health !== '') fields.HealthCheckId = health;
  switch (kind) {
    case 'simple':
      break;
    case 'weighted': {
      const raw = p[PROP.weight] ?? '';
      const weight = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || weight > 255) return fail(`${PROP.weight}="${raw}" must be a whole number from 0 to 255`);
      fields.Weight = weight;
      break;
    }
    case 'latency': {
      const region = (p[PROP.region] ?? '').trim();
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return fail(`${PROP.region}="${region}" must be an AWS region such as us-east-1`);
      fields.Region = region;
      break;
    }
    case 'failover': {
      const failover = (p[PROP.failover] ?? '').trim().toUpperCase();
      if (failover !== 'PRIMARY' && failover !== 'SECONDARY') return fail(`${PROP.failover}="${p[PROP.failover] ?? ''}" must be PRIMARY or SECONDARY`);
      fields.Failover = failover;
      break;
    }
    case 'geolocation': {
      const geo = geolocation(p[PROP.geoContinent], p[PROP.geoCountry], p[PROP.geoSubdivision]);
      if (typeof geo === 'string') return fail(geo);
      fields.GeoLocation = geo;
      break;
    }
    case 'geoproximity': {
      const geo = geoproximity(p);
      if (typeof geo === 'string') return fail(geo);
      fields.GeoProximityLocation = geo;
      break;
    }
    case 'multivalue':
      if (p[PROP.alias] === 'true') return fail('Route53 does not allow a multivalue alias record; drop aws/multi-value-answer or the alias');
      fields.MultiValueAnswer = true;
      break;
  }
  return { ok: true, kind, fields };
}

function geolocation(continent?: string, country?: string, subdivision?: string): RoutingFields['GeoLocation'] | string {
  if (continent !== undefined && (country !== undefined || subdivision !== undefined)) {
    return `set either ${PROP.geoContinent} or ${PROP.geoCountry} (with an optional subdivision), not both`;
  }
  if (continent !== undefined) {
    if (!/^(AF|AN|AS|EU|OC|NA|SA)$/.test(continent)) return `${PROP.geoContinent}="${continent}" must be one of AF, AN, AS, EU, OC, NA, SA`;
    return { ContinentCode: continent };
  }
  if (country === undefined) return `${PROP.geoSubdivision} needs ${PROP.geoCountry}`;
  if (!/^([A-Z]{2}|\*)$/.test(country)) return `${PROP.geoCountry}="${country}" must be a two-letter country code or "*"`;
  if (subdivision === undefined) return { CountryCode: country };
  if (!/^[A-Z0-9]{1,3}$/.test(subdivision)) return `${PROP.geoSubdivision}="${subdivision}" must be a subdivision code of 1-3 upper-case letters or digits (e.g. CA)`;
  return { CountryCode: country, SubdivisionCode: subdivision };
}

function geoproximity(p: Endpoint['providerSpecific']): RoutingFields['GeoProximityLocation'] | string {
  const loc: NonNullable<RoutingFields['GeoProximityLocation']> = {};
  const region = p[PROP.geoproximityRegion];
  const group = p[PROP.geoproximityLocalZoneGroup];
  const coords = p[PROP.geoproximityCoordinates];
  const located = [region, group, coords].filter((v) => v !== undefined).length;
  if (located !== 1) {
    return `geoproximity needs exactly one of ${PROP.geoproximityRegion}, ${PROP.geoproximityLocalZoneGroup} or ${PROP.geoproximityCoordinates}`;
  }
  if (region !== undefined) loc.AWSRegion = region;
  if (group !== undefined) loc.LocalZoneGroup = group;
  if (coords !== undefined) {
    const [lat = '', long = '', ...rest] = coords.split(',').map((s) => s.trim());
    const la = Number(lat);
    const lo = Number(long);
    if (rest.length > 0 || lat === '' || long === '' || !(la >= -90 && la <= 90) || !(lo >= -180 && lo <= 180)) {
      return `${PROP.geoproximityCoordinates}="${coords}" must be "latitude,longitude" with latitude in [-90,90] and longitude in [-180,180]`;
    }
    loc.Coordinates = { Latitude: lat, Longitude: long };
  }
  const bias = p[PROP.geoproximityBias];
  if (bias !== undefined) {
    if (!/^-?\d+$/.test(bias.trim()) || Math.abs(Number(bias)) > 99) return `${PROP.geoproximityBias}="${bias}" must be a whole number from -99 to 99`;
    loc.Bias = Number(bias);
  }
  return loc;
}

/** Routing kind of a record set as Route53 holds it. */
export function routingKindOfSet(s: ResourceRecordSet): RoutingKind {
  if (s.Weight !== undefined) return 'weighted';
  if (s.Region !== undefined) return 'latency';
  if (s.Failover !== undefined) return 'failover';
  if (s.GeoLocation !== undefined) return 'geolocation';
  if (s.GeoProximityLocation !== undefined) return 'geoproximity';
  if (s.MultiValueAnswer === true) return 'multivalue';
  return 'simple';
}

/**
 * Route53 forbids mixing routing policies among the record sets of one name and type. Given the
 * kinds of the sets that stay untouched and of those being written, returns the written ones that
 * would break the rule: those differing from the untouched kind, or all of them if they disagree.
 */
export function conflictingKinds(untouched: readonly RoutingKind[], written: readonly RoutingKind[]): Set<number> {
  const bad = new Set<number>();
  const anchor = untouched[0];
  if (anchor !== undefined) {
    written.forEach((k, i) => {
      if (k !== anchor) bad.add(i);
    });
    return bad;
  }
  if (new Set(written).size > 1) written.forEach((_k, i) => bad.add(i));
  return bad;
}

/**
 * Spells routing properties the way they are read back from Route53, so the plan sees no
 * difference where there is none: weights and biases as plain integers, failover in upper case,
 * multivalue as the empty string. Invalid values are left for routingOf to reject.
 */
export function normaliseRoutingProperties(props: Endpoint['providerSpecific']): Endpoint['providerSpecific'] {
  const out: Record<string, string> = { ...props };
  const int = (key: string): void => {
    const v = out[key]?.trim();
    if (v !== undefined && /^-?\d+$/.test(v)) out[key] = String(Number(v));
  };
  int(PROP.weight);
  int(PROP.geoproximityBias);
  const failover = out[PROP.failover];
  if (failover !== undefined && /^(primary|secondary)$/i.test(failover.trim())) out[PROP.failover] = failover.trim().toUpperCase();
  if (out[PROP.multiValueAnswer] !== undefined) out[PROP.multiValueAnswer] = '';
  const changed = Object.keys(out).some((k) => out[k] !== props[k]);
  return changed ? out : props;
}
