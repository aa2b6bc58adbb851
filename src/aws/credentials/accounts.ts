/**
 * The AWS accounts the Route53 provider talks through: the default account (one per
 * `--aws-profile` when several are given) plus one per distinct `--aws-zone-role` target. Each has
 * its own credentials (a zone role is assumed with the source's own credentials, not through
 * --aws-assume-role, which applies to the default account), its own Route53Client and a
 * rate budget; zone roles in one 12-digit AWS account share a budget, because Route53 throttles per
 * account. Each account sees only its zones: the listing is filtered at the port, so a zone a
 * mapping claims is never served (or even tag-listed) by the default account.
 * @module
 */
import type { Route53Client } from '@aws-sdk/client-route-53';
import {
  createRateBudget,
  createRoute53Client,
  createSdkRoute53Port,
  type AwsAccount,
  type AwsProviderConfig,
  type Clock,
  type RateBudget,
  type Route53Port,
} from '../../provider/aws/index.ts';
import { assumeRoleOver, resolveCredentials } from './resolve.ts';
import type { ResolvedCredentials } from './resolve.ts';
import type { SourceDeps } from './sources.ts';
import type { CredentialSettings } from './settings.ts';
import { accountIdOf, mappingFor, targetKey } from './zone-roles.ts';
import type { ZoneRoleMapping, ZoneTarget } from './zone-roles.ts';

export interface AccountsOptions {
  readonly settings: CredentialSettings;
  readonly zoneRoles: readonly ZoneRoleMapping[];
  readonly route53: { readonly region: string; readonly endpointUrl?: string };
  readonly budget: Pick<AwsProviderConfig, 'apiRate' | 'apiBurst'> & Partial<Pick<AwsProviderConfig, 'apiChangeRate' | 'apiChangeBurst'>>;
  readonly clock?: Clock;
  readonly deps?: SourceDeps;
}

export interface AccountEntry {
  readonly account: AwsAccount;
  readonly credentials: ResolvedCredentials;
  readonly client: Route53Client;
  /** 'default' (zones no mapping claims) or the --aws-zone-role values this account serves. */
  readonly serves: 'default' | readonly string[];
  /** Accounts with equal keys draw from one budget. */
  readonly budgetKey: string;
}

export interface AwsAccounts {
  readonly accounts: readonly AwsAccount[];
  readonly entries: readonly AccountEntry[];
  /** The default account's credentials (the first, with several profiles), --aws-assume-role included. */
  readonly base: ResolvedCredentials;
  certificateNotAfter(): Date | undefined;
  close(): void;
}

/** A port whose ListHostedZones keeps only the zones `keep` accepts; other calls pass through. */
export function filterZones(port: Route53Port, keep: (zone: { id: string; name: string }) => boolean): Route53Port {
  return {
    ...port,
    listHostedZones: async (marker, signal) => {
      const page = await port.listHostedZones(marker, signal);
      const zones = page.zones.filter(keep);
      return page.nextMarker === undefined ? { zones } : { zones, nextMarker: page.nextMarker };
    },
  };
}

type Budgets = { budget: RateBudget; changeBudget?: RateBudget };

export function buildAwsAccounts(options: AccountsOptions): AwsAccounts {
  const { settings, zoneRoles } = options;
  const deps = options.deps ?? {};
  const budgets = new Map<string, Budgets>();
  const budgetsFor = (key: string): Budgets => {
    const found = budgets.get(key);
    if (found !== undefined) return found;
    const clock = options.clock === undefined ? {} : { clock: options.clock };
    const changeRate = options.budget.apiChangeRate ?? 0;
    const made: Budgets = {
      budget: createRateBudget({ rate: options.budget.apiRate, burst: options.budget.apiBurst, ...clock }),
      ...(changeRate > 0 ? { changeBudget: createRateBudget({ rate: changeRate, burst: options.budget.apiChangeBurst ?? 1, ...clock }) } : {}),
    };
    budgets.set(key, made);
    return made;
  };
  const entries: AccountEntry[] = [];
  const owned: ResolvedCredentials[] = [];
  const add = (name: string, credentials: ResolvedCredentials, serves: AccountEntry['serves'], budgetKey: string, keep: (z: { id: string; name: string }) => boolean): void => {
    const client = createRoute53Client({
      region: options.route53.region,
      credentials: credentials.provider,
      ...(options.route53.endpointUrl === undefined ? {} : { endpointUrl: options.route53.endpointUrl }),
    });
    const route53 = zoneRoles.length === 0 ? createSdkRoute53Port(client) : filterZones(createSdkRoute53Port(client), keep);
    entries.push({ account: { name, route53, ...budgetsFor(budgetKey) }, credentials, client, serves, budgetKey });
  };

  try {
    const profiles = settings.profiles.length > 1 ? settings.profiles : [settings.profiles[0]];
    const isDefault = (z: { id: string; name: string }): boolean => mappingFor(zoneRoles, z) === undefined;
    let source: ResolvedCredentials | undefined;
    for (const profile of profiles) {
      // The source alone; --aws-assume-role goes on top for the default account only.
      const own = resolveCredentials(settings, deps, { ...(profile === undefined ? {} : { profile }), assumeRole: null });
      owned.push(own);
      source ??= own;
      const credentials = settings.assumeRole === undefined ? own : assumeRoleOver(own, settings.assumeRole, settings, deps);
      const name = settings.profiles.length > 1 && profile !== undefined ? `default:${profile}` : 'default';
      add(name, credentials, 'default', name, isDefault);
    }
    const base = entries[0]?.credentials;
    if (base === undefined || source === undefined) throw new Error('aws accounts: no default account was built');

    const byTarget = new Map<string, { target: ZoneTarget; raws: string[] }>();
    for (const m of zoneRoles) {
      const key = targetKey(m.target);
      const group = byTarget.get(key) ?? { target: m.target, raws: [] };
      group.raws.push(m.raw);
      byTarget.set(key, group);
    }
    for (const [key, { target, raws }] of byTarget) {
      let credentials: ResolvedCredentials;
      if (target.kind === 'role') {
        // The external id, when given, goes with every AssumeRole zonekeeper makes.
        const external = settings.assumeRole?.externalId;
        credentials = assumeRoleOver(source, { roleArn: target.roleArn, ...(external === undefined ? {} : { externalId: external }) }, settings, deps);
      } else {
        credentials = resolveCredentials(
          { source: 'shared-file', profiles: [target.profile], region: settings.region },
          deps,
          { profile: target.profile, assumeRole: null },
        );
        owned.push(credentials);
      }
      const budgetKey = target.kind === 'role' ? `aws-account:${accountIdOf(target.roleArn) ?? key}` : key;
      add(key, credentials, raws, budgetKey, (z) => {
        const m = mappingFor(zoneRoles, z);
        return m !== undefined && targetKey(m.target) === key;
      });
    }
    return {
      accounts: entries.map((e) => e.account),
      entries,
      base,
      certificateNotAfter: () => base.certificateNotAfter(),
      close: () => {
        for (const e of entries) e.client.destroy();
        for (const c of owned) c.close();
      },
    };
  } catch (error) {
    for (const e of entries) e.client.destroy();
    for (const c of owned) c.close();
    throw error;
  }
}
