/**
 * Applies a ChangeResourceRecordSets batch to a zone transactionally: every change is checked
 * against the zone as modified by the earlier changes of the same batch; problems are collected
 * and, if there is any, nothing is applied (InvalidChangeBatch with all messages).
 * @module
 */
import { invalidChangeBatch } from './errors.ts';
import { canonicalName, isInZone, parseName, wireName } from './names.ts';
import { sortRecordSets } from './ordering.ts';
import type { RecordSet, StateData, Zone } from './state.ts';
import { policyOf, recordProblems } from './validate-change.ts';
import type { Change } from './validate-change.ts';

const MAX_ROUTED_PER_NAME_TYPE = 100;
const MAX_GEOPROXIMITY_PER_NAME_TYPE = 30;

const keyOf = (r: RecordSet): string => `${r.Name}\u0000${r.Type}\u0000${r.SetIdentifier ?? ''}`;
const nameTypeOf = (r: RecordSet): string => `${r.Name}\u0000${r.Type}`;

function label(r: RecordSet): string {
  const id = r.SetIdentifier !== undefined ? `, set-identifier='${r.SetIdentifier}'` : '';
  return `[name='${r.Name}', type='${r.Type}'${id}]`;
}

/** Stable text of everything DELETE must match: values compared as a set, keys sorted. */
function fingerprint(r: RecordSet): string {
  const values = (r.ResourceRecords ?? []).map((v) => v.Value).sort();
  const sorted = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)]))
      : v;
  return JSON.stringify(sorted({ ...r, ResourceRecords: values }));
}

/** Canonical stored form: wire names, bare hosted-zone IDs in alias targets. */
export function normalizeRecord(r: RecordSet, name: string): RecordSet {
  const out: RecordSet = { ...r, Name: name };
  if (r.AliasTarget !== undefined) {
    out.AliasTarget = {
      HostedZoneId: r.AliasTarget.HostedZoneId.replace(/^\/hostedzone\//, ''),
      DNSName: canonicalName(r.AliasTarget.DNSName) ?? r.AliasTarget.DNSName,
      EvaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth,
    };
  }
  return out;
}

export interface BatchOptions {
  readonly maxRecordsPerZone: number;
}

/** Working copy of one zone's sets during a batch, indexed by key and by name. */
class Working {
  readonly byKey = new Map<string, RecordSet>();
  private readonly byName = new Map<string, Map<string, RecordSet>>();
  constructor(records: readonly RecordSet[]) {
    for (const r of records) this.set(r);
  }
  set(r: RecordSet): void {
    const key = keyOf(r);
    this.byKey.set(key, r);
    let at = this.byName.get(r.Name);
    if (at === undefined) this.byName.set(r.Name, (at = new Map<string, RecordSet>()));
    at.set(key, r);
  }
  delete(r: RecordSet): void {
    const key = keyOf(r);
    this.byKey.delete(key);
    this.byName.get(r.Name)?.delete(key);
  }
  atName(name: string): RecordSet[] {
    return [...(this.byName.get(name)?.values() ?? [])];
  }
  sameNameType(r: RecordSet): RecordSet[] {
    const nt = nameTypeOf(r);
    return this.atName(r.Name).filter((x) => nameTypeOf(x) === nt && keyOf(x) !== keyOf(r));
  }
  has(name: string, type: string): boolean {
    return this.atName(name).some((x) => x.Type === type || x.Type === 'CNAME');
  }
}

function conflicts(r: RecordSet, w: Working, zone: Zone): string[] {
  const out: string[] = [];
  const others = w.atName(r.Name).filter((x) => keyOf(x) !== keyOf(r));
  if (r.Type === 'CNAME' && others.some((x) => x.Type !== 'CNAME')) {
    out.push(`RRSet of type CNAME with DNS name ${r.Name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`);
  }
  if (r.Type !== 'CNAME' && others.some((x) => x.Type === 'CNAME')) {
    out.push(`RRSet of type ${r.Type} with DNS name ${r.Name} is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone ${zone.name}`);
  }
  const siblings = w.sameNameType(r);
  const policy = policyOf(r);
  const mixed = siblings.find((x) => policyOf(x) !== policy);
  if (mixed !== undefined) {
    out.push(`Tried to create resource record set ${label(r)} with routing policy ${policy} but ${label(mixed)} uses routing policy ${policyOf(mixed)}; one name and type cannot mix routing policies`);
    return out;
  }
  const clash = (what: string, same: (x: RecordSet) => boolean): void => {
    const hit = siblings.find(same);
    if (hit !== undefined) out.push(`Tried to create resource record set ${label(r)} but ${label(hit)} already has ${what}`);
  };
  if (r.Failover !== undefined) clash(`Failover ${r.Failover}`, (x) => x.Failover === r.Failover);
  if (r.Region !== undefined) clash(`Region ${r.Region}`, (x) => x.Region === r.Region);
  const geo = r.GeoLocation;
  if (geo !== undefined) {
    const where = JSON.stringify(geo);
    clash(`GeoLocation ${where}`, (x) => JSON.stringify(x.GeoLocation) === where);
  }
  const limit = policy === 'geoproximity' ? MAX_GEOPROXIMITY_PER_NAME_TYPE : MAX_ROUTED_PER_NAME_TYPE;
  if (policy !== 'simple' && siblings.length + 1 > limit) {
    out.push(`Exceeded limit on number of ${policy} RRSets for ${r.Name}, type ${r.Type} in this zone.`);
  }
  return out;
}

function aliasProblem(r: RecordSet, w: Working, zone: Zone, state: StateData): string | undefined {
  const target = r.AliasTarget;
  if (target === undefined) return undefined;
  let found: boolean;
  if (target.HostedZoneId === zone.id) found = w.has(target.DNSName, r.Type);
  else {
    const other = state.zones.find((z) => z.id === target.HostedZoneId);
    if (other === undefined) return undefined; // an AWS service's zone (ELB, CloudFront …): not checkable here
    found = other.records.some((x) => x.Name === target.DNSName && (x.Type === r.Type || x.Type === 'CNAME'));
  }
  return found
    ? undefined
    : `Tried to create an alias that targets ${target.DNSName}, type ${r.Type} in zone ${target.HostedZoneId}, but that target was not found`;
}

function apexProblem(r: RecordSet, zone: Zone, deleting: boolean): string | undefined {
  if (r.Name === zone.name && r.Type === 'CNAME') return `RRSet of type CNAME with DNS name ${r.Name} is not permitted at apex in zone ${zone.name}`;
  if (r.Type === 'SOA' && r.Name !== zone.name) return `RRSet of type SOA with DNS name ${r.Name} is not permitted: SOA records are only allowed at the apex of zone ${zone.name}`;
  if (deleting && r.Name === zone.name && r.Type === 'SOA') return 'A HostedZone must contain exactly one SOA record.';
  if (deleting && r.Name === zone.name && r.Type === 'NS') return 'A HostedZone must contain at least one NS record for the zone itself.';
  return undefined;
}

/** Validates and applies `changes` to `zone` in `state`, all or nothing. Throws InvalidChangeBatch. */
export function applyBatch(state: StateData, zone: Zone, changes: readonly Change[], options: BatchOptions): void {
  const w = new Working(zone.records);
  const problems: string[] = [];
  // The last action per set in this batch: only DELETE followed by CREATE/UPSERT may touch a set twice.
  const touched = new Map<string, string>();
  for (const change of changes) {
    const given = change.ResourceRecordSet;
    const parsed = parseName(given.Name);
    if (!parsed.ok) {
      problems.push(`RRSet with DNS name ${given.Name} is not valid: ${parsed.reason}`);
      continue;
    }
    const name = wireName(parsed.labels);
    if (!isInZone(name, zone.name)) {
      problems.push(`RRSet with DNS name ${name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const r = normalizeRecord(given, name);
    const previous = touched.get(keyOf(r));
    touched.set(keyOf(r), change.Action);
    if (previous !== undefined && !(previous === 'DELETE' && change.Action !== 'DELETE')) {
      problems.push(`The request contains an invalid set of changes for a resource record set '${r.Type} ${r.Name}'`);
      continue;
    }
    const own = [...recordProblems(r, name)];
    const apex = apexProblem(r, zone, change.Action === 'DELETE');
    if (apex !== undefined) own.push(apex);
    if (own.length > 0) {
      problems.push(...own);
      continue;
    }
    const existing = w.byKey.get(keyOf(r));
    if (change.Action === 'DELETE') {
      if (existing === undefined) problems.push(`Tried to delete resource record set ${label(r)} but it was not found`);
      else if (fingerprint(existing) !== fingerprint(r)) {
        problems.push(`Tried to delete resource record set ${label(r)} but the values provided do not match the current values`);
      } else w.delete(r);
      continue;
    }
    if (change.Action === 'CREATE' && existing !== undefined) {
      problems.push(`Tried to create resource record set ${label(r)} but it already exists`);
      continue;
    }
    const found = [...conflicts(r, w, zone)];
    const alias = aliasProblem(r, w, zone, state);
    if (alias !== undefined) found.push(alias);
    if (found.length > 0) problems.push(...found);
    else w.set(r);
  }
  if (problems.length === 0 && w.byKey.size > options.maxRecordsPerZone) {
    problems.push(`The hosted zone ${zone.name} would hold ${w.byKey.size} resource record sets; its limit is ${options.maxRecordsPerZone} (MAX_RRSETS_BY_ZONE)`);
  }
  if (problems.length > 0) throw invalidChangeBatch(problems);
  zone.records = sortRecordSets([...w.byKey.values()]);
}
