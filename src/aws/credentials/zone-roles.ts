/**
 * `--aws-zone-role zone-or-domain=roleArn` (or `=profile:NAME`): which hosted zones are served by
 * which credentials. Pure. A zone belongs to the mapping with the longest domain equal to or above
 * its name (or to the mapping naming its hosted-zone id); zones no mapping claims stay with the
 * default account.
 * @module
 */
import { ROLE_ARN } from './settings.ts';

export type ZoneMatch = { readonly kind: 'domain'; readonly domain: string } | { readonly kind: 'zone-id'; readonly id: string };
export type ZoneTarget = { readonly kind: 'role'; readonly roleArn: string } | { readonly kind: 'profile'; readonly profile: string };

export interface ZoneRoleMapping {
  readonly match: ZoneMatch;
  readonly target: ZoneTarget;
  /** The flag value as given, for messages. */
  readonly raw: string;
}

/** Identity of a target: mappings with equal keys share one account. */
export function targetKey(t: ZoneTarget): string {
  return t.kind === 'role' ? `role:${t.roleArn}` : `profile:${t.profile}`;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const ZONE_ID = /^(?:\/hostedzone\/)?(Z[A-Z0-9]{1,32})$/;
const PROFILE_NAME = /^[\w+=,.@:/-]{1,128}$/;

/** Lowercase, no trailing dot; undefined when not a domain name. */
function canonicalDomain(text: string): string | undefined {
  const d = text.trim().toLowerCase().replace(/\.$/, '');
  if (d === '' || d.length > 253) return undefined;
  return d.split('.').every((l) => LABEL.test(l)) ? d : undefined;
}

export interface ParsedZoneRoles {
  readonly mappings: readonly ZoneRoleMapping[];
  readonly problems: readonly string[];
}

export function parseZoneRoles(values: readonly string[]): ParsedZoneRoles {
  const mappings: ZoneRoleMapping[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const bad = (raw: string, why: string): void => {
    problems.push(`--aws-zone-role "${raw}": ${why}`);
  };
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq < 0) {
      bad(raw, 'expected zone-or-domain=roleArn or zone-or-domain=profile:NAME (e.g. example.com=arn:aws:iam::111122223333:role/dns)');
      continue;
    }
    const left = raw.slice(0, eq).trim();
    const right = raw.slice(eq + 1).trim();
    const id = ZONE_ID.exec(left)?.[1];
    const domain = id === undefined ? canonicalDomain(left) : undefined;
    if (id === undefined && domain === undefined) {
      bad(raw, `"${left}" is neither a domain name nor a hosted zone id (Z…)`);
      continue;
    }
    let target: ZoneTarget;
    if (right.startsWith('profile:')) {
      const profile = right.slice('profile:'.length).trim();
      if (!PROFILE_NAME.test(profile)) {
        bad(raw, `"${profile}" is not a profile name of the shared config files`);
        continue;
      }
      target = { kind: 'profile', profile };
    } else if (ROLE_ARN.test(right)) {
      target = { kind: 'role', roleArn: right };
    } else {
      bad(raw, `"${right}" is neither a role ARN (arn:aws:iam::<12-digit account>:role/<name>) nor profile:NAME`);
      continue;
    }
    const match: ZoneMatch = id === undefined ? { kind: 'domain', domain: domain ?? '' } : { kind: 'zone-id', id };
    const matchKey = match.kind === 'domain' ? match.domain : match.id;
    const earlier = seen.get(matchKey);
    if (earlier !== undefined) {
      bad(raw, `${matchKey} is already mapped by "${earlier}"; give each zone or domain one role`);
      continue;
    }
    seen.set(matchKey, raw);
    mappings.push({ match, target, raw });
  }
  return { mappings, problems };
}

/** The mapping serving a hosted zone, or undefined for the default account. */
export function mappingFor(mappings: readonly ZoneRoleMapping[], zone: { readonly id: string; readonly name: string }): ZoneRoleMapping | undefined {
  const id = ZONE_ID.exec(zone.id)?.[1] ?? zone.id;
  const byId = mappings.find((m) => m.match.kind === 'zone-id' && m.match.id === id);
  if (byId !== undefined) return byId;
  const name = zone.name.toLowerCase().replace(/\.$/, '');
  let best: ZoneRoleMapping | undefined;
  let bestLength = -1;
  for (const m of mappings) {
    if (m.match.kind !== 'domain') continue;
    const d = m.match.domain;
    if ((name === d || name.endsWith(`.${d}`)) && d.length > bestLength) {
      best = m;
      bestLength = d.length;
    }
  }
  return best;
}

/** The 12-digit account of a role ARN (accounts sharing it share Route53's per-account limits). */
export function accountIdOf(roleArn: string): string | undefined {
  return /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}
