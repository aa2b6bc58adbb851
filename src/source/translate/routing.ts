/**
 * Route53 routing annotations (`aws-weight`, `aws-failover`, geolocation, geoproximity, latency,
 * multi-value) validated before they reach Route53: a value Route53 would refuse is an error here,
 * so the object is frozen instead of half-applied.
 * @module
 */
import { PROP, type Problem } from '../../endpoint/index.ts';
import { makeProblem, type Annotation, type DnsAnnotationMap } from './annotation-keys.ts';

const CONTINENTS = ['AF', 'AN', 'AS', 'EU', 'OC', 'NA', 'SA'];

/**
 * Validates the routing annotations of one object and fills `props` (already holding the raw
 * `aws/<x>` mapping) with normalised values. Returns false when any error was found.
 */
export function checkAwsRouting(
  dns: DnsAnnotationMap,
  object: string,
  setIdentifier: string,
  props: Record<string, string>,
  problems: Problem[],
): boolean {
  const start = problems.length;
  const error = (a: Annotation, message: string): void => {
    problems.push(makeProblem(object, a.key, a.value, message, 'error'));
  };
  const policies: Annotation[] = [];

  const weight = dns.get('aws-weight');
  if (weight !== undefined) {
    policies.push(weight);
    const n = integerIn(weight.value, 0, 255);
    if (n === undefined) error(weight, 'a weight must be a whole number from 0 to 255; fix the value');
    else props[PROP.weight] = String(n);
  }

  const region = dns.get('aws-region');
  if (region !== undefined) {
    policies.push(region);
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region.value.trim())) {
      error(region, 'latency routing needs an AWS region name such as "us-east-1"; fix the value');
    }
  }

  const failover = dns.get('aws-failover');
  if (failover !== undefined) {
    policies.push(failover);
    if (failover.value !== 'PRIMARY' && failover.value !== 'SECONDARY') {
      error(failover, 'failover must be PRIMARY or SECONDARY; fix the value');
    }
  }

  const geo = checkGeolocation(dns, error);
  if (geo !== undefined) policies.push(geo);
  const proximity = checkGeoproximity(dns, props, error);
  if (proximity !== undefined) policies.push(proximity);

  const multi = dns.get('aws-multi-value-answer');
  if (multi !== undefined) {
    policies.push(multi);
    props[PROP.multiValueAnswer] = '';
  }

  const healthCheck = dns.get('aws-health-check-id');
  if (healthCheck !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(healthCheck.value.trim())) {
    error(healthCheck, 'a Route53 health check id is a UUID such as "abcdef11-2222-3333-4444-555555fedcba"; fix the value');
  }
  for (const suffix of ['aws-target-hosted-zone', 'aws-hosted-zone-id']) {
    const zone = dns.get(suffix);
    if (zone !== undefined && !/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/.test(zone.value.trim())) {
      error(zone, 'a Route53 hosted zone id looks like "Z35SXDOTRQ7X7K"; fix the value');
    }
  }

  const health = dns.get('aws-evaluate-target-health');
  if (health !== undefined && health.value !== 'true' && health.value !== 'false') {
    problems.push(
      makeProblem(object, health.key, health.value, 'must be "true" or "false"; the annotation is ignored and the provider default applies', 'warning'),
    );
    delete props['aws/evaluate-target-health'];
  }

  if (policies.length > 1) {
    const [first, second] = policies as [Annotation, Annotation];
    error(
      second,
      `a record set can have only one routing policy, but both ${first.key} and ${second.key} are set; keep one and move the other policy to a separate object`,
    );
  }
  if (policies.length > 0 && setIdentifier === '') {
    const first = policies[0] as Annotation;
    error(first, `Route53 routing needs a set identifier; add the annotation external-dns.kubernetes.io/set-identifier with a unique value`);
  }
  return !problems.slice(start).some((p) => p.severity === 'error');
}

function checkGeolocation(dns: DnsAnnotationMap, error: (a: Annotation, m: string) => void): Annotation | undefined {
  const continent = dns.get('aws-geolocation-continent-code');
  const country = dns.get('aws-geolocation-country-code');
  const subdivision = dns.get('aws-geolocation-subdivision-code');
  if (continent !== undefined && !CONTINENTS.includes(continent.value)) {
    error(continent, `the continent code must be one of ${CONTINENTS.join(' ')}; fix the value`);
  }
  if (country !== undefined && !/^([A-Z]{2}|\*)$/.test(country.value)) {
    error(country, 'the country code must be two upper-case letters (ISO 3166-1 alpha-2) or "*"; fix the value');
  }
  if (subdivision !== undefined) {
    if (country === undefined) {
      error(subdivision, 'a subdivision code needs external-dns.kubernetes.io/aws-geolocation-country-code as well; add it');
    } else if (!/^[A-Z0-9]{1,3}$/.test(subdivision.value)) {
      error(subdivision, 'the subdivision code must be 1 to 3 upper-case letters or digits (e.g. "CA"); fix the value');
    }
  }
  const other = country ?? subdivision;
  if (continent !== undefined && other !== undefined) {
    error(other, `a continent code excludes country and subdivision codes (${continent.key} is set); keep one of them`);
  }
  return continent ?? country ?? subdivision;
}

function checkGeoproximity(
  dns: DnsAnnotationMap,
  props: Record<string, string>,
  error: (a: Annotation, m: string) => void,
): Annotation | undefined {
  const region = dns.get('aws-geoproximity-region');
  const zoneGroup = dns.get('aws-geoproximity-local-zone-group');
  const coordinates = dns.get('aws-geoproximity-coordinates');
  const bias = dns.get('aws-geoproximity-bias');
  const locations = [region, zoneGroup, coordinates].filter((a) => a !== undefined);
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region.value.trim())) {
    error(region, 'geoproximity needs an AWS region name such as "us-west-2"; fix the value');
  }
  if (zoneGroup !== undefined && !/^[a-z]{2}(-[a-z0-9]+)+$/.test(zoneGroup.value.trim())) {
    error(zoneGroup, 'geoproximity needs a local zone group such as "us-west-2-lax-1"; fix the value');
  }
  if (coordinates !== undefined && !validCoordinates(coordinates.value)) {
    error(coordinates, 'coordinates must be "latitude,longitude" with latitude in [-90,90] and longitude in [-180,180]; fix the value');
  }
  if (locations.length > 1) {
    const second = locations[1] as Annotation;
    error(second, 'geoproximity takes exactly one of region, local-zone-group or coordinates; keep one');
  }
  if (bias !== undefined) {
    const n = integerIn(bias.value, -99, 99);
    if (n === undefined) error(bias, 'the geoproximity bias must be a whole number from -99 to 99; fix the value');
    else props[PROP.geoproximityBias] = String(n);
    if (locations.length === 0) {
      error(bias, 'a geoproximity bias needs a region, local-zone-group or coordinates annotation as well; add one');
    }
  } else if (locations.length > 0) {
    props[PROP.geoproximityBias] = '0';
  }
  return locations[0] ?? bias;
}

function integerIn(value: string, min: number, max: number): number | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : undefined;
}

function validCoordinates(value: string): boolean {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2) return false;
  const [lat, long] = parts.map((p) => (/^[+-]?\d+(\.\d+)?$/.test(p) ? Number(p) : NaN)) as [number, number];
  return lat >= -90 && lat <= 90 && long >= -180 && long <= 180;
}
