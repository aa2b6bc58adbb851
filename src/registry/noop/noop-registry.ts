/**
 * The noop registry (`--registry=noop`): no ownership at all. Owner id '' tells the plan not to
 * filter by owner, so every record in scope is managed; records and changes pass through unchanged.
 * @module
 */
import type { Provider } from '../../provider/provider.ts';
import type { Registry } from '../registry.ts';

export function createNoopRegistry(provider: Provider): Registry {
  return {
    ownerId: '',
    zones: (signal) => provider.zones(signal),
    records: (signal) => provider.records(signal),
    applyChanges: (changes, signal) => provider.applyChanges(changes, signal),
    adjustEndpoints: (endpoints) => provider.adjustEndpoints?.(endpoints) ?? endpoints,
  };
}
