/**
 * Turns the provider-level changes that fall into one zone into Route53 changes, and rejects
 * (before anything is sent) what Route53 would refuse: bad routing properties, a CNAME at the apex,
 * routing policies mixed among the record sets of one name and type. A rejection takes its whole
 * ownership group with it, so a record and its TXT are never split.
 * @module
 */
import { endpointKey, type Endpoint } from '../../endpoint/index.ts';
import type { ChangeAction as ProviderAction } from '../provider.ts';
import { buildChange, needsDeleteCreate, ownershipGroup, setKey, type PlannedChange } from './change-build.ts';
import { keyOfSet } from './record-cache.ts';
import type { ChangeAction, ResourceRecordSet } from './route53-port.ts';
import { conflictingKinds, routingKindOfSet, type RoutingKind } from './routing.ts';

export type Intent = Readonly<{ origin: ProviderAction; old?: Endpoint; next?: Endpoint }>;

export type ZoneRejection = Readonly<{ origin: ProviderAction; endpoint: Endpoint; reason: string }>;

export type ZonePlan = Readonly<{ planned: readonly PlannedChange[]; rejected: readonly ZoneRejection[] }>;

export type ZonePlanOptions = Readonly<{ zoneId: string; zoneName: string; evaluateTargetHealth: boolean }>;

type Built = { intent: Intent; subject: Endpoint; changes: { planned: PlannedChange; kind: RoutingKind }[]; error?: string };

export function planZone(intents: readonly Intent[], current: readonly ResourceRecordSet[] | undefined, options: ZonePlanOptions): ZonePlan {
  const held = new Map((current ?? []).map((s) => [keyOfSet(s), s]));
  const built = intents.map((intent) => buildIntent(intent, held, options));
  markMixedPolicies(built, current ?? []);

  const badGroups = new Map<string, string>();
  for (const b of built) {
    if (b.error !== undefined) badGroups.set(ownershipGroup(b.subject), `${b.subject.dnsName} ${b.subject.recordType}`);
  }
  const planned: PlannedChange[] = [];
  const rejected: ZoneRejection[] = [];
  for (const b of built) {
    const group = ownershipGroup(b.subject);
    if (b.error !== undefined) rejected.push({ origin: b.intent.origin, endpoint: b.subject, reason: b.error });
    else if (badGroups.has(group)) {
      rejected.push({
        origin: b.intent.origin,
        endpoint: b.subject,
        reason: `not sent: ${badGroups.get(group) ?? ''} in the same ownership group "${group}" was rejected, and a record never goes without its TXT`,
      });
    } else planned.push(...b.changes.map((c) => c.planned));
  }
  return { planned, rejected };
}

function buildIntent(intent: Intent, held: ReadonlyMap<string, ResourceRecordSet>, options: ZonePlanOptions): Built {
  const subject = intent.next ?? intent.old;
  if (subject === undefined) throw new Error('aws provider: a change without an endpoint');
  const steps: [ChangeAction, Endpoint][] = [];
  if (intent.origin === 'create' && intent.next) steps.push(['CREATE', intent.next]);
  else if (intent.origin === 'delete' && intent.old) steps.push(['DELETE', intent.old]);
  else if (intent.old && intent.next) {
    if (needsDeleteCreate(intent.old, intent.next)) steps.push(['DELETE', intent.old], ['CREATE', intent.next]);
    else steps.push(['UPSERT', intent.next]);
  }
  const result: Built = { intent, subject, changes: [] };
  for (const [action, e] of steps) {
    const r = buildChange(action, intent.origin, e, options);
    if (!r.ok) {
      result.error = r.reason;
      return result;
    }
    let planned: PlannedChange = { ...r.change, subject };
    if (action === 'DELETE') {
      // Route53 deletes only on an exact match: send the set as Route53 holds it when we know it.
      const exact = held.get(setKey(e.dnsName, e.recordType, e.setIdentifier === '' ? undefined : e.setIdentifier));
      if (exact !== undefined) planned = { ...planned, change: { Action: 'DELETE', ResourceRecordSet: { ...exact, Name: e.dnsName } } };
    }
    result.changes.push({ planned, kind: r.kind });
  }
  return result;
}

/** Rejects writes that would mix routing policies among the sets of one name and type. */
function markMixedPolicies(built: Built[], current: readonly ResourceRecordSet[]): void {
  const touched = new Set<string>();
  const written = new Map<string, { b: Built; kind: RoutingKind; key: string }[]>();
  for (const b of built) {
    if (b.error !== undefined) continue;
    for (const { planned, kind } of b.changes) {
      const e = planned.endpoint;
      touched.add(endpointKey(e));
      if (planned.change.Action === 'DELETE') continue;
      const nameType = `${e.dnsName} ${e.recordType}`;
      const list = written.get(nameType) ?? [];
      list.push({ b, kind, key: endpointKey(e) });
      written.set(nameType, list);
    }
  }
  for (const [nameType, writes] of written) {
    const untouched: RoutingKind[] = [];
    for (const s of current) {
      const key = keyOfSet(s);
      if (key.startsWith(`${nameType} `) && !touched.has(key)) untouched.push(routingKindOfSet(s));
    }
    const bad = conflictingKinds(untouched, writes.map((w) => w.kind));
    for (const i of bad) {
      const w = writes[i];
      if (w === undefined) continue;
      const others = untouched.length > 0 ? `existing record sets use ${untouched[0] ?? ''}` : `the other written sets use ${writes.map((x) => x.kind).join('/')}`;
      w.b.error = `${nameType} (set identifier "${w.b.subject.setIdentifier}"): routing policy ${w.kind} cannot be mixed with other policies for the same name and type (${others}); give every set identifier the same policy`;
    }
  }
}
