/**
 * The local provider, zonekeeper's embedded default: zones kept as RFC 1035 zone files in a
 * directory and served by a small authoritative DNS server. Changes go through the shared
 * ZoneStore rules, are written to disk atomically, and only then become visible to DNS queries.
 * @module
 */
import { PROP, type Endpoint } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import { canonicalZone } from '../inmemory/inmemory.ts';
import { describeSet } from '../inmemory/rrset.ts';
import { createZoneStore, type ZoneStore } from '../inmemory/zone-store.ts';
import type { ApplyResult, Provider } from '../provider.ts';
import { createDnsServer, DEFAULT_DNS_LISTEN, type DnsListen, type DnsServer, type Logger } from './dns-server.ts';
import type { ServedZones } from './resolve.ts';
import { loadZoneDir, nextSerial, writeZoneAtomically, zonePath } from './zone-dir.ts';
import type { Soa, ZoneFile } from './zone-file.ts';

export type LocalProviderOptions = Readonly<{
  zoneDir: string;
  /** Zones to manage; their files are created when missing. Other `*.zone` files in zoneDir are managed too. */
  zones: readonly string[];
  /** Where the DNS server listens; default 127.0.0.1:1053. Port 0 picks a free port (see `address()`). */
  dnsListen?: DnsListen;
  logger?: Logger;
  /** Source of randomness for weighted answers (tests). */
  random?: () => number;
}>;

export interface LocalProvider extends Provider {
  /** Loads the zone files (once); every other method waits for it. Rejects on a malformed file. */
  load(): Promise<void>;
  /** Loads the zones and starts the DNS server; resolves to the bound address. */
  start(): Promise<DnsListen>;
  /** Stops the DNS server. Safe to call more than once. */
  close(): Promise<void>;
  /** The DNS server's address while it runs. */
  address(): DnsListen | undefined;
}

type ZoneMeta = { soa: Soa; defaultTtl: number };
type Loaded = { store: ZoneStore; meta: Map<string, ZoneMeta> };

export function createLocalProvider(options: LocalProviderOptions): LocalProvider {
  const dir = options.zoneDir;
  const declared = options.zones.map(canonicalZone);
  let loading: Promise<Loaded> | undefined;
  let server: DnsServer | undefined;
  /** Applies run one at a time: each prepares against the state the previous one committed. */
  let queue: Promise<unknown> = Promise.resolve();

  const loaded = (): Promise<Loaded> => (loading ??= loadZones(dir, declared));

  async function apply(changes: Changes, signal: AbortSignal | undefined): Promise<ApplyResult> {
    const { store, meta } = await loaded();
    signal?.throwIfAborted();
    const prepared = store.prepare(changes);
    const written: string[] = [];
    try {
      for (const zone of prepared.touchedZones) {
        await writeZoneAtomically(dir, zoneFile(zone, meta, prepared.recordsAfter(zone), 1));
        written.push(zone);
      }
    } catch (error) {
      await rollBack(written, store, meta);
      throw error;
    }
    prepared.commit();
    for (const zone of written) bumpSerial(meta, zone, 1);
    if (written.length > 0) {
      options.logger?.info({ zones: written, rejected: prepared.rejected.length }, 'zone files written');
    }
    return { rejected: prepared.rejected };
  }

  /** Puts back the zones written before a failure (the store was not committed), best effort. */
  async function rollBack(written: readonly string[], store: ZoneStore, meta: Map<string, ZoneMeta>): Promise<void> {
    for (const zone of written) {
      try {
        await writeZoneAtomically(dir, zoneFile(zone, meta, store.zoneRecords(zone), 2));
        bumpSerial(meta, zone, 2);
      } catch (error) {
        options.logger?.warn({ err: error, zone, file: zonePath(dir, zone) }, 'zone file could not be rolled back; it is ahead of the served zone until the next change');
      }
    }
  }

  const served = (l: Loaded): ServedZones => ({
    zones: () => l.store.zones(),
    view: (zone) => l.store.view(zone),
    soa: (zone) => l.meta.get(zone),
  });

  return {
    async load() {
      await loaded();
    },
    async zones(signal) {
      const { store } = await loaded();
      signal?.throwIfAborted();
      return store.zones();
    },
    async records(signal) {
      const { store } = await loaded();
      signal?.throwIfAborted();
      return store.records();
    },
    applyChanges(changes, signal) {
      const run = queue.then(() => apply(changes, signal));
      queue = run.catch(() => undefined);
      return run;
    },
    adjustEndpoints: (endpoints) => endpoints.map(withoutTrailingHostDot),
    async start() {
      const l = await loaded();
      server ??= createDnsServer({ listen: options.dnsListen ?? DEFAULT_DNS_LISTEN, served: served(l), logger: options.logger, random: options.random });
      return server.start();
    },
    async close() {
      await server?.close();
    },
    address: () => server?.address(),
  };
}

async function loadZones(dir: string, declared: readonly string[]): Promise<Loaded> {
  const files = await loadZoneDir(dir, declared);
  const store = createZoneStore([...files.keys()], { checkRecord: localRule });
  const meta = new Map<string, ZoneMeta>();
  for (const [zone, file] of files) {
    const path = zonePath(dir, zone);
    for (const e of file.records) {
      const home = store.zoneFor(e.dnsName);
      if (home !== zone) throw new Error(`zone file ${path}: ${e.dnsName} belongs to zone ${home ?? '?'} (file ${zonePath(dir, home ?? '?')}); move its records there`);
    }
    const prepared = store.prepare({ create: file.records, updateOld: [], updateNew: [], delete: [] });
    const bad = prepared.rejected[0];
    if (bad !== undefined) throw new Error(`zone file ${path}: record set ${describeSet(bad.endpoint)} cannot be served: ${bad.reason}`);
    prepared.commit();
    meta.set(zone, { soa: file.soa, defaultTtl: file.defaultTtl });
  }
  return { store, meta };
}

/** What the local server cannot do although Route53 can: alias A/AAAA records name a host, not an address. */
function localRule(e: Endpoint): string | undefined {
  if (e.providerSpecific[PROP.alias] === 'true' && (e.recordType === 'A' || e.recordType === 'AAAA')) {
    return `record set ${describeSet(e)} is an alias record; the local provider serves plain records only, so publish a CNAME instead`;
  }
  return undefined;
}

function zoneFile(zone: string, meta: Map<string, ZoneMeta>, records: readonly Endpoint[], serialStep: number): ZoneFile {
  const m = meta.get(zone);
  if (m === undefined) throw new Error(`zone ${zone} is not loaded`);
  let serial = m.soa.serial;
  for (let i = 0; i < serialStep; i++) serial = nextSerial(serial);
  return { origin: zone, defaultTtl: m.defaultTtl, soa: { ...m.soa, serial }, records };
}

function bumpSerial(meta: Map<string, ZoneMeta>, zone: string, step: number): void {
  const m = meta.get(zone);
  if (m === undefined) return;
  let serial = m.soa.serial;
  for (let i = 0; i < step; i++) serial = nextSerial(serial);
  meta.set(zone, { ...m, soa: { ...m.soa, serial } });
}

/** MX and SRV hosts are stored without the trailing dot (as the zone file reads them back), so plans compare equal. */
function withoutTrailingHostDot(e: Endpoint): Endpoint {
  if (e.recordType !== 'MX' && e.recordType !== 'SRV') return e;
  const targets = e.targets.map((t) => (t.endsWith('.') && !t.endsWith(' .') ? t.slice(0, -1) : t));
  return { ...e, targets: [...new Set(targets)].sort() };
}
