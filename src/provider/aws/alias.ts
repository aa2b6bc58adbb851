/**
 * adjustEndpoints for Route53: turns desired endpoints into the shape Route53 will report back, so
 * the plan does not churn. A CNAME to an AWS service endpoint becomes an A alias plus an AAAA alias
 * (unless --aws-prefer-cname); aliases get TTL 300 and an explicit evaluate-target-health; plain
 * A/AAAA lose alias properties; geoproximity without a bias gets bias 0; routing properties are
 * spelled as Route53 reports them (weight "080" → "80", failover in upper case). A CNAME at a zone apex
 * (never valid in DNS) becomes an alias when its target allows it; otherwise apply rejects it.
 * @module
 */
import { PROP, withChanges, type Endpoint, type ProviderSpecific } from '../../endpoint/index.ts';
import { canonicalHostedZone } from './canonical-zones.ts';
import { normaliseRoutingProperties } from './routing.ts';

/** Route53 reports alias records with this TTL; ExternalDNS uses it as the default TTL too. */
export const ALIAS_TTL = 300;

export type AliasOptions = Readonly<{
  preferCname: boolean;
  evaluateTargetHealth: boolean;
  /** Canonical names of the managed zones, to recognise apex names (may be empty). */
  zoneNames: readonly string[];
}>;

/** ExternalDNS's boolean parsing (Go strconv.ParseBool). */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** True when the endpoint is to be written as a Route53 alias record. */
export function isAlias(e: Endpoint): boolean {
  return (e.recordType === 'A' || e.recordType === 'AAAA') && parseBool(e.providerSpecific[PROP.alias]) === true && e.targets.length > 0;
}

export function adjustEndpoints(endpoints: readonly Endpoint[], options: AliasOptions): Endpoint[] {
  const out: Endpoint[] = [];
  const extra: Endpoint[] = [];
  const apexes = new Set(options.zoneNames);
  for (const original of endpoints) {
    const props = normaliseRoutingProperties(original.providerSpecific);
    const e = props === original.providerSpecific ? original : { ...original, providerSpecific: props };
    if (e.recordType === 'A' || e.recordType === 'AAAA') {
      out.push(adjustAddress(e, options));
    } else if (e.recordType === 'CNAME') {
      const adjusted = adjustCname(e, options, apexes);
      out.push(...adjusted.slice(0, 1));
      extra.push(...adjusted.slice(1));
    } else {
      out.push(e);
    }
  }
  return [...out, ...extra];
}

function adjustAddress(e: Endpoint, options: AliasOptions): Endpoint {
  if (parseBool(e.providerSpecific[PROP.alias]) === true) return asAlias(e, e.recordType === 'AAAA' ? 'AAAA' : 'A', options);
  const props = without(e.providerSpecific, PROP.alias, PROP.evaluateTargetHealth);
  return withChanges(e, { providerSpecific: geoproximityBias(e.setIdentifier, props) });
}

function adjustCname(e: Endpoint, options: AliasOptions, apexes: ReadonlySet<string>): Endpoint[] {
  const target = e.targets[0];
  const explicit = e.providerSpecific[PROP.alias];
  let alias = explicit;
  if (alias === undefined) {
    const canonical = target !== undefined && canonicalHostedZone(target) !== undefined;
    alias = String(!options.preferCname && canonical);
    // A CNAME can never sit at an apex: use an alias when the target allows one.
    if (apexes.has(e.dnsName) && target !== undefined && alias === 'false') {
      if (canonical) alias = 'true';
      else if (isInSameZone(target, e.dnsName)) alias = 'A';
    }
  }
  const parsed = parseBool(alias);
  if (parsed === true) {
    const a = asAlias(e, 'A', options);
    return [a, withChanges(a, { recordType: 'AAAA' })];
  }
  if (alias === 'A' || alias === 'AAAA') return [asAlias(e, alias, options)];
  const props = without({ ...e.providerSpecific, [PROP.alias]: 'false' }, PROP.evaluateTargetHealth);
  return [withChanges(e, { providerSpecific: geoproximityBias(e.setIdentifier, props) })];
}

/** An alias to a name below the apex lives in the same zone (Route53 "same-zone" alias). */
function isInSameZone(target: string, apex: string): boolean {
  return target.endsWith(`.${apex}`);
}

function asAlias(e: Endpoint, type: 'A' | 'AAAA', options: AliasOptions): Endpoint {
  const eth = parseBool(e.providerSpecific[PROP.evaluateTargetHealth]) ?? options.evaluateTargetHealth;
  const props = { ...e.providerSpecific, [PROP.alias]: 'true', [PROP.evaluateTargetHealth]: String(eth) };
  return withChanges(e, {
    recordType: type,
    // Route53 has no TTL on aliases and reports them with 300: keep desired equal to what is read back.
    ttl: e.ttl > 0 ? ALIAS_TTL : e.ttl,
    targets: e.targets.map((t) => t.toLowerCase().replace(/\.$/, '')),
    providerSpecific: geoproximityBias(e.setIdentifier, props),
  });
}

function geoproximityBias(setIdentifier: string, props: ProviderSpecific): ProviderSpecific {
  if (setIdentifier === '') return props;
  const geo = [PROP.geoproximityRegion, PROP.geoproximityLocalZoneGroup, PROP.geoproximityCoordinates].some((k) => Object.hasOwn(props, k));
  if (!geo || Object.hasOwn(props, PROP.geoproximityBias)) return props;
  return { ...props, [PROP.geoproximityBias]: '0' };
}

function without(props: ProviderSpecific, ...keys: string[]): ProviderSpecific {
  const copy: Record<string, string> = { ...props };
  for (const k of keys) Reflect.deleteProperty(copy, k);
  return copy;
}
