/**
 * Test wiring for the TXT registry: a real in-memory provider, observed (every applyChanges batch
 * the registry sends is recorded, then applied unchanged) so tests can check what went in one call.
 * @module
 */
import assert from 'node:assert/strict';
import { createEndpoint, type Endpoint, type EndpointInit, type RecordType } from '../../endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../plan/changes.ts';
import { createInMemoryProvider, type InMemoryProvider } from '../../provider/inmemory/index.ts';
import type { Provider } from '../../provider/provider.ts';
import { createTxtRegistry, type TxtRegistry, type TxtRegistryOptions } from './txt-registry.ts';

export type Fixture = {
  provider: InMemoryProvider;
  registry: TxtRegistry;
  /** Each Changes the registry passed to the provider, in order. */
  calls: Changes[];
  warnings: string[];
};

export function setup(options: Partial<TxtRegistryOptions> = {}, zones: readonly string[] = ['example.com']): Fixture {
  const provider = createInMemoryProvider({ zones });
  const calls: Changes[] = [];
  const warnings: string[] = [];
  const observed: Provider = {
    zones: (signal) => provider.zones(signal),
    records: (signal) => provider.records(signal),
    applyChanges: (changes, signal) => {
      calls.push(changes);
      return provider.applyChanges(changes, signal);
    },
  };
  const registry = createTxtRegistry(observed, { ownerId: 'default', warn: (m) => warnings.push(m), ...options });
  return { provider, registry, calls, warnings };
}

export function ep(dnsName: string, recordType: RecordType, targets: string[], extra: Partial<EndpointInit> = {}): Endpoint {
  return createEndpoint({ dnsName, recordType, targets, ...extra });
}

export const changes = (c: Partial<Changes>): Changes => ({ ...NO_CHANGES, ...c });

/** Puts records straight into the provider (the state another controller left behind). */
export async function seed(provider: InMemoryProvider, ...create: Endpoint[]): Promise<void> {
  const r = await provider.applyChanges(changes({ create }));
  assert.deepEqual(r.rejected, []);
}

/** The provider's TXT records as [name, values, set identifier, ttl, providerSpecific]. */
export async function txts(provider: InMemoryProvider): Promise<unknown[]> {
  return (await provider.records())
    .filter((r) => r.recordType === 'TXT')
    .map((r) => [r.dnsName, r.targets, r.setIdentifier, r.ttl, r.providerSpecific]);
}

/** The registry's view of one record. */
export async function recordOf(registry: TxtRegistry, name: string, type: RecordType, setIdentifier = ''): Promise<Endpoint> {
  const found = (await registry.records()).find((r) => r.dnsName === name && r.recordType === type && r.setIdentifier === setIdentifier);
  assert.ok(found, `record ${name} ${type} ${setIdentifier} not returned by the registry`);
  return found;
}

/** A plain ownership value as ExternalDNS writes it. */
export const owned = (owner: string, resource?: string): string =>
  `"heritage=external-dns,external-dns/owner=${owner}${resource === undefined ? '' : `,external-dns/resource=${resource}`}"`;
