export { createInMemoryProvider, canonicalZone, type InMemoryOptions, type InMemoryProvider } from './inmemory.ts';
export { createZoneStore, type ZoneStoreOptions, type ZoneStore, type ZoneView, type Prepared, type NameSets } from './zone-store.ts';
export { groupKey } from './groups.ts';
export { rrKey } from './rrset.ts';
