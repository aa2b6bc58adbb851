/**
 * Hosted zone discovery across AWS accounts: ListHostedZones (paged) per account, filtered by zone
 * type, zone id suffix, domain filter and tags (ListTagsForResources, 10 zones per call). The list
 * is cached for --aws-zones-cache-duration and, whatever that is, fetched at most once per
 * reconcile pass (`beginPass`), so zones(), records() and applyChanges() of one pass share it.
 * @module
 */
import { callRoute53, type AwsAccount, type CallContext } from './account.ts';
import type { AwsProviderConfig } from './config.ts';
import { zoneNameOf } from './names.ts';
import type { HostedZone, Tag } from './route53-port.ts';

export type ManagedZone = Readonly<{
  id: string;
  /** Canonical zone name (no trailing dot). */
  name: string;
  privateZone: boolean;
  account: AwsAccount;
}>;

export interface ZoneDirectory {
  /** Starts a reconcile pass: the next zones() call may list again (if the cache allows). */
  beginPass(): void;
  zones(signal?: AbortSignal): Promise<readonly ManagedZone[]>;
  /** Last known zones without any API call (empty before the first listing). */
  known(): readonly ManagedZone[];
  /** Forget the cached list (e.g. after NoSuchHostedZone). */
  invalidate(): void;
}

type TagFilter = ReadonlyArray<{ key: string; value?: string }>;

export function parseZoneTags(entries: readonly string[]): TagFilter {
  return entries.map((entry) => {
    const i = entry.indexOf('=');
    return i < 0 ? { key: entry.trim() } : { key: entry.slice(0, i).trim(), value: entry.slice(i + 1).trim() };
  });
}

export function matchesTags(tags: readonly Tag[], filter: TagFilter): boolean {
  return filter.every((f) => tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)));
}

/** The filters that need no API call: type, id suffix and domain. */
export function zonePassesFilters(zone: HostedZone, config: AwsProviderConfig): boolean {
  if (config.zoneType === 'public' && zone.privateZone) return false;
  if (config.zoneType === 'private' && !zone.privateZone) return false;
  const fullId = `/hostedzone/${zone.id}`;
  if (config.zoneIdFilters.length > 0 && !config.zoneIdFilters.some((f) => f !== '' && fullId.endsWith(f))) return false;
  if (config.domainFilter !== undefined && !config.domainFilter(zoneNameOf(zone.name))) return false;
  return true;
}

export type ZoneDirectoryDeps = Readonly<{ accounts: readonly AwsAccount[]; call: CallContext }>;

export function createZoneDirectory(config: AwsProviderConfig, deps: ZoneDirectoryDeps): ZoneDirectory {
  const tagFilter = parseZoneTags(config.zoneTags);
  let cached: readonly ManagedZone[] | undefined;
  let listedAt = -Infinity;
  let listedInPass = -1;
  let pass = -1; // -1: the caller never uses passes; then only the duration cache applies
  let inFlight: Promise<readonly ManagedZone[]> | undefined;

  async function listAccount(account: AwsAccount, signal?: AbortSignal): Promise<ManagedZone[]> {
    const kept: HostedZone[] = [];
    let marker: string | undefined;
    do {
      const page = await callRoute53(deps.call, account, 'ListHostedZones', (p) => p.listHostedZones(marker, signal), signal);
      kept.push(...page.zones.filter((z) => zonePassesFilters(z, config)));
      // A marker that does not move would page forever.
      if (page.nextMarker !== undefined && page.nextMarker === marker) {
        throw new Error(`ListHostedZones returned marker "${marker}" again as the next one; stopped paging instead of looping`);
      }
      marker = page.nextMarker;
    } while (marker !== undefined);
    let zones = kept;
    if (tagFilter.length > 0) {
      const tags = new Map<string, readonly Tag[]>();
      for (let i = 0; i < kept.length; i += 10) {
        const ids = kept.slice(i, i + 10).map((z) => z.id);
        const page = await callRoute53(deps.call, account, 'ListTagsForResources', (p) => p.listTagsForHostedZones(ids, signal), signal);
        for (const [id, t] of page) tags.set(id, t);
      }
      zones = kept.filter((z) => matchesTags(tags.get(z.id) ?? [], tagFilter));
    }
    return zones.map((z) => ({ id: z.id, name: zoneNameOf(z.name), privateZone: z.privateZone, account }));
  }

  async function list(signal?: AbortSignal): Promise<readonly ManagedZone[]> {
    const perAccount = await Promise.all(
      deps.accounts.map((a) =>
        listAccount(a, signal).catch((error: unknown) => {
          throw new Error(`listing hosted zones of account "${a.name}" failed: ${String(error)}`, { cause: error });
        }),
      ),
    );
    const byId = new Map<string, ManagedZone>();
    for (const zone of perAccount.flat()) {
      const seen = byId.get(zone.id);
      if (seen === undefined) byId.set(zone.id, zone);
      else deps.call.logger.warn({ zoneId: zone.id, accounts: [seen.account.name, zone.account.name] }, 'hosted zone visible from several accounts; using the first');
    }
    return [...byId.values()].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  }

  function fresh(): boolean {
    if (cached === undefined) return false;
    if (pass >= 0 && listedInPass === pass) return true;
    return deps.call.clock.now() - listedAt < config.zonesCacheDurationMs;
  }

  return {
    beginPass() {
      pass = Math.max(pass, 0) + 1;
    },
    async zones(signal) {
      if (fresh() && cached !== undefined) return cached;
      inFlight ??= list(signal).then(
        (zones) => {
          cached = zones;
          listedAt = deps.call.clock.now();
          listedInPass = pass;
          inFlight = undefined;
          return zones;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
      return inFlight;
    },
    known: () => cached ?? [],
    invalidate() {
      cached = undefined;
    },
  };
}
