/**
 * The in-memory provider: a ZoneStore behind the Provider interface. Used by tests and dry runs;
 * it refuses what Route53 would refuse, so code tested against it behaves the same against Route53.
 * @module
 */
import { normalizeName, type Endpoint } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import type { ApplyResult, Provider } from '../provider.ts';
import { createZoneStore, type ZoneStore } from './zone-store.ts';

export type InMemoryOptions = Readonly<{ zones: readonly string[] }>;

export type InMemoryProvider = Provider & { readonly store: ZoneStore };

export function createInMemoryProvider(options: InMemoryOptions): InMemoryProvider {
  const store = createZoneStore(options.zones.map(canonicalZone));
  return {
    store,
    zones: (signal) => settle(signal, () => store.zones()),
    records: (signal) => settle(signal, (): readonly Endpoint[] => store.records()),
    applyChanges: (changes: Changes, signal) => settle(signal, (): ApplyResult => store.validateAndApply(changes)),
  };
}

/** Runs synchronous store work as a promise: an abort or a throw becomes a rejection. */
function settle<T>(signal: AbortSignal | undefined, work: () => T): Promise<T> {
  try {
    signal?.throwIfAborted();
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Zone names given by users may carry a trailing dot, capitals or IDN; throws on a name that is not a DNS name. */
export function canonicalZone(zone: string): string {
  const n = normalizeName(zone);
  if (!n.ok || n.name.startsWith('*')) {
    throw new Error(`zone "${zone}" is not a valid DNS zone name: ${n.ok ? 'a zone cannot be a wildcard' : n.reason}`);
  }
  return n.name;
}
