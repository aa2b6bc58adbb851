/**
 * Quota read-outs a careful client uses to size its work: GetHostedZoneLimit (MAX_RRSETS_BY_ZONE,
 * MAX_VPCS_ASSOCIATED_BY_ZONE), GetAccountLimit and GetHostedZoneCount.
 * @module
 */
import { NS, invalidInput } from './errors.ts';
import type { ApiResponse, Handler } from './context.ts';
import { findZone } from './handlers-zones.ts';
import { leaf, node } from './xml.ts';

const limitAnswer = (root: string, type: string, value: number, count: number): ApiResponse => ({
  status: 200,
  body: { name: root, attrs: { xmlns: NS }, children: [node('Limit', leaf('Type', type), leaf('Value', value)), leaf('Count', count)] },
});

const enumeration = (value: string, allowed: readonly string[]): string =>
  `Invalid XML ; cvc-enumeration-valid: Value '${value}' is not facet-valid with respect to enumeration '[${allowed.join(', ')}]'. It must be a value from the enumeration.`;

const ZONE_LIMITS = ['MAX_RRSETS_BY_ZONE', 'MAX_VPCS_ASSOCIATED_BY_ZONE'];
const ACCOUNT_LIMITS = [
  'MAX_HEALTH_CHECKS_BY_OWNER',
  'MAX_HOSTED_ZONES_BY_OWNER',
  'MAX_TRAFFIC_POLICY_INSTANCES_BY_OWNER',
  'MAX_REUSABLE_DELEGATION_SETS_BY_OWNER',
  'MAX_TRAFFIC_POLICIES_BY_OWNER',
];

export const getHostedZoneLimit: Handler = (ctx, req) => {
  const zone = findZone(ctx, req.params.id ?? '');
  const type = req.params.type ?? '';
  if (!ZONE_LIMITS.includes(type)) throw invalidInput(enumeration(type, ZONE_LIMITS));
  return type === 'MAX_RRSETS_BY_ZONE'
    ? limitAnswer('GetHostedZoneLimitResponse', type, ctx.limits.maxRecordsPerZone, zone.records.length)
    : limitAnswer('GetHostedZoneLimitResponse', type, 300, zone.vpcs.length);
};

export const getAccountLimit: Handler = (ctx, req) => {
  const type = req.params.type ?? '';
  if (!ACCOUNT_LIMITS.includes(type)) throw invalidInput(enumeration(type, ACCOUNT_LIMITS));
  const data = ctx.store.data;
  if (type === 'MAX_HEALTH_CHECKS_BY_OWNER') return limitAnswer('GetAccountLimitResponse', type, ctx.limits.maxHealthChecks, data.healthChecks.length);
  if (type === 'MAX_HOSTED_ZONES_BY_OWNER') return limitAnswer('GetAccountLimitResponse', type, ctx.limits.maxHostedZones, data.zones.length);
  return limitAnswer('GetAccountLimitResponse', type, type === 'MAX_TRAFFIC_POLICY_INSTANCES_BY_OWNER' ? 5 : 100, 0);
};

export const getHostedZoneCount: Handler = (ctx) => ({
  status: 200,
  body: { name: 'GetHostedZoneCountResponse', attrs: { xmlns: NS }, children: [leaf('HostedZoneCount', ctx.store.data.zones.length)] },
});
