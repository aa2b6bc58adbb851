/**
 * Test support (not used in production): the provider against the Route53 emulator through the
 * real SDK client, all on one simulated clock, plus a minimal desired-vs-current diff so tests can
 * drive reconcile passes without the planner.
 * @module
 */
import { compareEndpoints, createEndpoint, endpointKey, sameProviderSpecific, sameTargets, toWire, type Endpoint, type EndpointInit } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import { startRoute53Emulator, type Route53Emulator, type Route53EmulatorOptions } from '../../../emulators/route53/index.ts';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ApplyResult } from '../provider.ts';
import { createAwsProvider, type AwsProvider, type AwsProviderDeps } from './aws-provider.ts';
import { DEFAULT_AWS_PROVIDER_CONFIG, type AwsProviderConfig } from './config.ts';
import { createAwsAccount } from './index.ts';
import { createRoute53Client } from './route53-sdk.ts';
import { createSimulatedClock, type SimulatedClock } from './sim-clock.ts';

export type Harness = {
  clock: SimulatedClock;
  emulator: Route53Emulator;
  client: Route53Client;
  config: AwsProviderConfig;
  provider: AwsProvider;
  /** A second provider on the same emulator (cold caches), e.g. to read what Route53 really holds. */
  makeProvider(config?: Partial<AwsProviderConfig>, deps?: Partial<AwsProviderDeps>): AwsProvider;
  close(): Promise<void>;
};

/** Deterministic jitter. */
export function seededRandom(seed = 7): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

export async function startHarness(overrides: Partial<AwsProviderConfig> = {}, emulatorOptions: Route53EmulatorOptions = {}): Promise<Harness> {
  const clock = createSimulatedClock(Date.parse('2026-01-01T00:00:00Z'));
  const emulator = await startRoute53Emulator({ now: () => clock.now(), ...emulatorOptions });
  const client = createRoute53Client({
    region: 'us-east-1',
    endpointUrl: emulator.url,
    credentials: { accessKeyId: 'AKIDZONEKEEPERTEST', secretAccessKey: 'emulator-secret' },
  });
  const base = { ...DEFAULT_AWS_PROVIDER_CONFIG, ...overrides };
  const makeProvider = (config: Partial<AwsProviderConfig> = {}, deps: Partial<AwsProviderDeps> = {}): AwsProvider => {
    const c = { ...base, ...config };
    return createAwsProvider(c, { accounts: [createAwsAccount('main', client, c, clock)], clock, random: seededRandom(), ...deps });
  };
  return {
    clock,
    emulator,
    client,
    config: base,
    provider: makeProvider(),
    makeProvider,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

/** Records zonekeeper manages in tests: everything except the zone's own NS and SOA. */
export function managed(records: readonly Endpoint[], zones: readonly string[]): Endpoint[] {
  return records.filter((e) => !(e.recordType === 'NS' && zones.includes(e.dnsName))).sort(compareEndpoints);
}

function differs(a: Endpoint, b: Endpoint): boolean {
  return !sameTargets(a.targets, b.targets) || (b.ttl > 0 && a.ttl !== b.ttl) || !sameProviderSpecific(a.providerSpecific, b.providerSpecific);
}

/** Changes that turn `current` into `desired` (both already adjusted). */
export function diff(current: readonly Endpoint[], desired: readonly Endpoint[]): Changes {
  const cur = new Map(current.map((e) => [endpointKey(e), e]));
  const want = new Map(desired.map((e) => [endpointKey(e), e]));
  const create: Endpoint[] = [];
  const updateOld: Endpoint[] = [];
  const updateNew: Endpoint[] = [];
  const del: Endpoint[] = [];
  for (const [k, e] of want) {
    const c = cur.get(k);
    if (c === undefined) create.push(e);
    else if (differs(c, e)) {
      updateOld.push(c);
      updateNew.push(e);
    }
  }
  for (const [k, c] of cur) if (!want.has(k)) del.push(c);
  return { create, updateOld, updateNew, delete: del };
}

/** One reconcile pass: list, adjust, diff, apply. */
export async function reconcile(provider: AwsProvider, desired: readonly Endpoint[]): Promise<{ changes: Changes; result: ApplyResult }> {
  provider.beginPass();
  const zones = await provider.zones();
  const current = managed(await provider.records(), zones);
  const changes = diff(current, provider.adjustEndpoints(desired));
  const result = await provider.applyChanges(changes);
  return { changes, result };
}

/** An endpoint with the TTL Route53 reports for our records. */
export const ep = (init: EndpointInit): Endpoint => createEndpoint({ ttl: 300, ...init });

/** A record and its ownership TXT, owned by owner `t`. */
export const owned = (name: string, ip: string): Endpoint[] => [
  ep({ dnsName: name, recordType: 'A', targets: [ip] }),
  ep({ dnsName: `a-${name}`, recordType: 'TXT', targets: ['"heritage=external-dns,external-dns/owner=t"'], labels: { ownedRecord: name } }),
];

/** Managed records of example.com in wire form without labels, for comparing zone contents. */
export const wireOf = (es: readonly Endpoint[]): unknown[] =>
  managed(es, ['example.com']).map((e) => {
    const w = toWire(e);
    delete w.labels;
    return w;
  });

/** What Route53 holds, read back by a provider with cold caches, as wireOf. */
export async function readBackWire(h: Harness): Promise<unknown[]> {
  const fresh = h.makeProvider();
  return wireOf(managed(await fresh.records(), await fresh.zones()));
}
