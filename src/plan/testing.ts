/**
 * Test support: a pure model of what a registry and provider do with a plan's changes, so suites
 * can check convergence (apply, re-plan, expect nothing). Not used by production code.
 * @module
 */
import {
  createEndpoint,
  DEFAULT_MANAGED_TYPES,
  endpointKey,
  LABEL,
  type Endpoint,
  type RecordType,
} from '../endpoint/index.ts';
import type { Changes } from './changes.ts';
import type { PlanInput } from './types.ts';

/** A plan input with neutral defaults (sync, owner "me", all names, default managed types, 0.3, no force). */
export function planInputFor(overrides: Partial<PlanInput>): PlanInput {
  return {
    current: [],
    desired: [],
    policy: 'sync',
    ownerId: 'me',
    domainFilter: () => true,
    managedTypes: DEFAULT_MANAGED_TYPES,
    excludeTypes: [],
    frozenResources: new Set(),
    zones: [],
    maxDeleteFraction: 0.3,
    force: false,
    ...overrides,
  };
}

export type RecordOptions = {
  owner?: string;
  resource?: string;
  ttl?: number;
  setIdentifier?: string;
  providerSpecific?: Record<string, string>;
};

/** A record set for tests: `record('www.example.com', 'A', ['1.2.3.4'], { owner: 'me' })`. */
export function record(dnsName: string, recordType: RecordType, targets: readonly string[], o: RecordOptions = {}): Endpoint {
  const labels: Record<string, string> = {};
  if (o.owner !== undefined) labels[LABEL.owner] = o.owner;
  if (o.resource !== undefined) labels[LABEL.resource] = o.resource;
  return createEndpoint({
    dnsName,
    recordType,
    targets,
    labels,
    ttl: o.ttl ?? 0,
    setIdentifier: o.setIdentifier ?? '',
    providerSpecific: o.providerSpecific ?? {},
  });
}

/**
 * Applies `changes` to `current` as a registry would: deletes and updateOld must exist, creates
 * must not; creates gain the `owner` label when `ownerId` is set. Throws on an impossible change,
 * which a test should treat as a plan bug. The result is in key order.
 */
export function applyChangesToRecords(current: readonly Endpoint[], changes: Changes, ownerId = ''): Endpoint[] {
  const records = new Map<string, Endpoint>();
  for (const e of current) records.set(endpointKey(e), e);
  const need = (e: Endpoint, action: string): string => {
    const key = endpointKey(e);
    if (!records.has(key)) throw new Error(`model: ${action} of ${key}, which does not exist`);
    return key;
  };
  for (const e of changes.delete) records.delete(need(e, 'delete'));
  changes.updateOld.forEach((old, i) => {
    const next = changes.updateNew[i];
    if (next === undefined) throw new Error(`model: updateOld[${i}] has no updateNew partner`);
    if (endpointKey(next) !== endpointKey(old)) throw new Error(`model: update changes the key of ${endpointKey(old)}`);
    records.set(need(old, 'update'), next);
  });
  for (const e of changes.create) {
    const key = endpointKey(e);
    if (records.has(key)) throw new Error(`model: create of ${key}, which already exists`);
    records.set(key, ownerId === '' ? e : { ...e, labels: { ...e.labels, [LABEL.owner]: ownerId } });
  }
  return [...records.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}
