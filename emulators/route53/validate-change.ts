/**
 * Checks of a ChangeResourceRecordSets request that do not depend on the zone's contents:
 * schema-level rules (InvalidInput, thrown on the first problem like AWS request validation) and
 * per-record rules (InvalidChangeBatch messages, collected). Also the per-request size limits.
 * @module
 */
import { constraint, invalidChangeBatch, invalidInput } from './errors.ts';
import { RECORD_TYPES, checkValue } from './record-values.ts';
import type { RecordSet } from './state.ts';

export const ACTIONS = ['CREATE', 'DELETE', 'UPSERT'] as const;
export type Action = (typeof ACTIONS)[number];
export interface Change {
  readonly Action: Action;
  readonly ResourceRecordSet: RecordSet;
}

export const MAX_VALUES_PER_REQUEST = 1000;
export const MAX_CHARS_PER_REQUEST = 32_000;
export const MAX_VALUES_PER_RECORD = 400;
const CONTINENTS = ['AF', 'AN', 'AS', 'EU', 'OC', 'NA', 'SA'];
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ROUTED_EXCLUDED = new Set(['NS', 'SOA']);

const enumeration = (value: string, allowed: readonly string[]): string =>
  `Invalid XML ; cvc-enumeration-valid: Value '${value}' is not facet-valid with respect to enumeration '[${allowed.join(', ')}]'. It must be a value from the enumeration.`;

/** The "Change with [...]" tail Route53 puts on InvalidInput messages about one change. */
export function describeChange(action: string, rrs: Partial<RecordSet>): string {
  return `Change with [Action=${action}, Name=${rrs.Name ?? 'null'}, Type=${rrs.Type ?? 'null'}, SetIdentifier=${rrs.SetIdentifier ?? 'null'}]`;
}

/** The routing policy of a set, by which field is present. */
export function policyOf(rrs: RecordSet): string {
  if (rrs.Weight !== undefined) return 'weighted';
  if (rrs.Region !== undefined) return 'latency';
  if (rrs.Failover !== undefined) return 'failover';
  if (rrs.GeoLocation !== undefined) return 'geolocation';
  if (rrs.GeoProximityLocation !== undefined) return 'geoproximity';
  if (rrs.CidrRoutingConfig !== undefined) return 'cidr';
  if (rrs.MultiValueAnswer !== undefined) return 'multivalue';
  return 'simple';
}

function policyFields(rrs: RecordSet): number {
  return [rrs.Weight, rrs.Region, rrs.Failover, rrs.GeoLocation, rrs.GeoProximityLocation, rrs.CidrRoutingConfig, rrs.MultiValueAnswer]
    .filter((v) => v !== undefined).length;
}

/** Schema-level checks of one change; throws InvalidInput. `n` is the 1-based position. */
export function checkChangeShape(raw: { Action?: unknown; ResourceRecordSet?: unknown }, n: number): Change {
  const path = `changeBatch.changes.${n}.member`;
  if (typeof raw.Action !== 'string') throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'Change' is not complete. One of '{Action}' is expected.`);
  if (!(ACTIONS as readonly string[]).includes(raw.Action)) throw invalidInput(enumeration(raw.Action, ACTIONS));
  if (raw.ResourceRecordSet === undefined) {
    throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'Change' is not complete. One of '{ResourceRecordSet}' is expected.`);
  }
  const rrs = raw.ResourceRecordSet as RecordSet;
  const action = raw.Action as Action;
  const where = describeChange(action, rrs);
  if (rrs.Name === undefined || rrs.Type === undefined) {
    throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'ResourceRecordSet' is not complete. One of '{${rrs.Name === undefined ? 'Name' : 'Type'}}' is expected.`);
  }
  if (!RECORD_TYPES.includes(rrs.Type)) throw invalidInput(enumeration(rrs.Type, RECORD_TYPES));
  const plain = rrs.TTL !== undefined && rrs.ResourceRecords !== undefined;
  const sources = [rrs.AliasTarget !== undefined, plain, rrs.TrafficPolicyInstanceId !== undefined].filter(Boolean).length;
  const partial = !plain && (rrs.TTL !== undefined || rrs.ResourceRecords !== undefined);
  if (sources === 0 || (sources === 1 && partial)) {
    throw invalidInput(`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in ${where}`);
  }
  if (sources > 1 || partial) {
    throw invalidInput(`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in ${where}`);
  }
  if (rrs.TrafficPolicyInstanceId !== undefined) {
    throw invalidInput(`Invalid request: TrafficPolicyInstanceId ${rrs.TrafficPolicyInstanceId} does not exist (the emulator has no traffic policies) in ${where}`);
  }
  if (rrs.TTL !== undefined && (rrs.TTL < 0 || rrs.TTL > 2147483647)) {
    throw constraint(String(rrs.TTL), `${path}.resourceRecordSet.tTL`, 'Member must have value between 0 and 2147483647');
  }
  if (rrs.ResourceRecords?.length === 0) {
    throw constraint('[]', `${path}.resourceRecordSet.resourceRecords`, 'Member must have length greater than or equal to 1');
  }
  for (const rr of rrs.ResourceRecords ?? []) {
    if ((rr as { Value?: string }).Value === undefined) {
      throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'ResourceRecord' is not complete. One of '{Value}' is expected.`);
    }
  }
  const alias = rrs.AliasTarget as Partial<RecordSet['AliasTarget']> | undefined;
  if (alias !== undefined) {
    const missing = ['HostedZoneId', 'DNSName', 'EvaluateTargetHealth'].find((k) => alias[k as keyof typeof alias] === undefined);
    if (missing !== undefined) {
      throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'AliasTarget' is not complete. One of '{${missing}}' is expected.`);
    }
    if (rrs.MultiValueAnswer !== undefined) throw invalidInput(`Invalid request: an alias record cannot use MultiValueAnswer in ${where}`);
  }
  if (rrs.SetIdentifier !== undefined && (rrs.SetIdentifier.length < 1 || rrs.SetIdentifier.length > 128)) {
    throw constraint(rrs.SetIdentifier, `${path}.resourceRecordSet.setIdentifier`, 'Member must have length between 1 and 128');
  }
  checkRoutingShape(rrs, path, where);
  return { Action: action, ResourceRecordSet: rrs };
}

function checkRoutingShape(rrs: RecordSet, path: string, where: string): void {
  const count = policyFields(rrs);
  if (count > 0 && rrs.SetIdentifier === undefined) throw invalidInput(`Invalid request: Missing field 'SetIdentifier' in ${where}`);
  const policies = '[Weight, Region, Failover, GeoLocation, GeoProximityLocation, CidrRoutingConfig, or MultiValueAnswer]';
  if (count === 0 && rrs.SetIdentifier !== undefined) throw invalidInput(`Invalid request: Expected exactly one of ${policies}, but found none in ${where}`);
  if (count > 1) throw invalidInput(`Invalid request: Expected exactly one of ${policies}, but found more than one in ${where}`);
  if (rrs.Weight !== undefined && rrs.Weight < 0) {
    throw constraint(String(rrs.Weight), `${path}.resourceRecordSet.weight`, 'Member must have value greater than or equal to 0');
  }
  if (rrs.Weight !== undefined && rrs.Weight > 255) {
    throw constraint(String(rrs.Weight), `${path}.resourceRecordSet.weight`, 'Member must have value less than or equal to 255');
  }
  if (rrs.Region !== undefined && !REGION.test(rrs.Region)) {
    throw constraint(rrs.Region, `${path}.resourceRecordSet.region`, 'Member must satisfy enum value set of AWS Regions (for example us-east-1)');
  }
  if (rrs.Failover !== undefined && rrs.Failover !== 'PRIMARY' && rrs.Failover !== 'SECONDARY') {
    throw invalidInput(enumeration(rrs.Failover, ['PRIMARY', 'SECONDARY']));
  }
  const geo = rrs.GeoLocation;
  if (geo !== undefined) {
    const hasContinent = geo.ContinentCode !== undefined;
    const hasCountry = geo.CountryCode !== undefined;
    if (hasContinent === hasCountry) {
      throw invalidInput(`Invalid request: GeoLocation needs exactly one of ContinentCode or CountryCode, in ${where}`);
    }
    if (hasContinent && !CONTINENTS.includes(geo.ContinentCode ?? '')) {
      throw constraint(geo.ContinentCode ?? '', `${path}.resourceRecordSet.geoLocation.continentCode`, `Member must be one of [${CONTINENTS.join(', ')}]`);
    }
    if (hasCountry && !/^(?:[A-Z]{2}|\*)$/.test(geo.CountryCode ?? '')) {
      throw constraint(geo.CountryCode ?? '', `${path}.resourceRecordSet.geoLocation.countryCode`, 'Member must be a two-letter ISO 3166 country code or *');
    }
    if (geo.SubdivisionCode !== undefined && (!hasCountry || !/^[A-Z0-9]{1,3}$/.test(geo.SubdivisionCode))) {
      throw invalidInput(`Invalid request: GeoLocation SubdivisionCode '${geo.SubdivisionCode}' needs a CountryCode and must be 1-3 upper-case letters or digits, in ${where}`);
    }
  }
  const prox = rrs.GeoProximityLocation;
  if (prox !== undefined) {
    const anchors = [prox.AWSRegion, prox.LocalZoneGroup, prox.Coordinates].filter((v) => v !== undefined).length;
    if (anchors !== 1) throw invalidInput(`Invalid request: GeoProximityLocation needs exactly one of AWSRegion, LocalZoneGroup or Coordinates, in ${where}`);
    if (prox.Bias !== undefined && (prox.Bias < -99 || prox.Bias > 99)) {
      throw constraint(String(prox.Bias), `${path}.resourceRecordSet.geoProximityLocation.bias`, 'Member must have value between -99 and 99');
    }
    const c = prox.Coordinates;
    if (c !== undefined && !(Math.abs(Number(c.Latitude)) <= 90 && Math.abs(Number(c.Longitude)) <= 180)) {
      throw invalidInput(`Invalid request: GeoProximityLocation Coordinates (${c.Latitude}, ${c.Longitude}) are out of range, in ${where}`);
    }
  }
}

/** Per-request size limits, UPSERT counted twice; throws InvalidChangeBatch. */
export function checkRequestLimits(changes: readonly Change[]): void {
  let values = 0;
  let chars = 0;
  for (const change of changes) {
    const factor = change.Action === 'UPSERT' ? 2 : 1;
    for (const rr of change.ResourceRecordSet.ResourceRecords ?? []) {
      values += factor;
      chars += factor * rr.Value.length;
    }
  }
  if (values > MAX_VALUES_PER_REQUEST) throw invalidChangeBatch([`Number of records limit of ${MAX_VALUES_PER_REQUEST} exceeded.`]);
  if (chars > MAX_CHARS_PER_REQUEST) {
    throw invalidChangeBatch([`Number of characters limit of ${MAX_CHARS_PER_REQUEST} exceeded: the Value elements of this request hold ${chars} characters (UPSERT counts twice).`]);
  }
}

/** Rules about one record set on its own (values, CNAME arity, routable types); returns messages. */
export function recordProblems(rrs: RecordSet, name: string): string[] {
  const problems: string[] = [];
  const values = rrs.ResourceRecords ?? [];
  if (values.length > MAX_VALUES_PER_RECORD) {
    problems.push(`RRSet of type ${rrs.Type} with DNS name ${name} has ${values.length} ResourceRecords; the limit is ${MAX_VALUES_PER_RECORD}`);
  }
  if (rrs.Type === 'CNAME' && values.length > 1) {
    problems.push(`RRSet of type CNAME with DNS name ${name} has ${values.length} ResourceRecords; a CNAME must have exactly one`);
  }
  if (rrs.Type === 'NS' && name.startsWith('\\052.')) {
    problems.push(`RRSet of type NS with DNS name ${name} is not permitted: NS records cannot have a wildcard name`);
  }
  if (rrs.SetIdentifier !== undefined && ROUTED_EXCLUDED.has(rrs.Type)) {
    problems.push(`RRSet of type ${rrs.Type} with DNS name ${name} is not permitted with a routing policy (SetIdentifier '${rrs.SetIdentifier}')`);
  }
  for (const rr of values) {
    const problem = checkValue(rrs.Type, rr.Value);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
