/**
 * Hosted-zone operations: CreateHostedZone, GetHostedZone, ListHostedZones,
 * ListHostedZonesByName, DeleteHostedZone, and GetChange.
 * @module
 */
import { ApiError, NS, constraint, invalidInput, noSuchHostedZone } from './errors.ts';
import { bareId, maxItems, optionalParam } from './context.ts';
import type { ApiResponse, Context, Handler } from './context.ts';
import { parseName, sortKey, wireName } from './names.ts';
import { changeInfoXml, delegationSetXml, hostedZoneXml, vpcsXml } from './render.ts';
import { CREATE_HOSTED_ZONE, decodeBody } from './schema.ts';
import { newId } from './state.ts';
import type { Zone } from './state.ts';
import { leaf, node } from './xml.ts';

const ok = (name: string, ...children: Parameters<typeof node>[1][]): ApiResponse => ({
  status: 200,
  body: { name, attrs: { xmlns: NS }, children },
});

export function findZone(ctx: Context, rawId: string): Zone {
  const zone = ctx.store.zone(bareId(rawId));
  if (zone === undefined) throw noSuchHostedZone(bareId(rawId));
  return zone;
}

function nameServers(): string[] {
  const n = (max: number): number => Math.floor(Math.random() * max);
  const two = (): string => String(n(64)).padStart(2, '0');
  return [
    `ns-${n(512)}.awsdns-${two()}.com.`,
    `ns-${512 + n(512)}.awsdns-${two()}.net.`,
    `ns-${1024 + n(512)}.awsdns-${two()}.org.`,
    `ns-${1536 + n(512)}.awsdns-${two()}.co.uk.`,
  ];
}

interface CreateZoneBody {
  Name?: string;
  CallerReference?: string;
  VPC?: { VPCRegion?: string; VPCId?: string };
  HostedZoneConfig?: { Comment?: string; PrivateZone?: boolean };
  DelegationSetId?: string;
}

export const createHostedZone: Handler = (ctx, req) => {
  const body = decodeBody(req.body, 'CreateHostedZoneRequest', CREATE_HOSTED_ZONE) as CreateZoneBody;
  if (body.Name === undefined) throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'CreateHostedZoneRequest' is not complete. One of '{Name}' is expected.`);
  const ref = body.CallerReference;
  if (ref === undefined || ref.length < 1 || ref.length > 128) {
    throw constraint(ref ?? 'null', 'callerReference', 'Member must have length between 1 and 128 and must not be null');
  }
  const parsed = parseName(body.Name);
  if (!parsed.ok || parsed.labels.length === 0) {
    throw new ApiError('InvalidDomainName', `${body.Name} is not a valid domain name${parsed.ok ? ': the root zone cannot be hosted' : `: ${parsed.reason}`}`);
  }
  if (body.DelegationSetId !== undefined) {
    throw new ApiError('NoSuchDelegationSet', `A reusable delegation set with the ID ${body.DelegationSetId} does not exist (the emulator has none).`);
  }
  const state = ctx.store.data;
  if (state.zones.some((z) => z.callerReference === ref)) {
    throw new ApiError('HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference: ${ref}`, 409);
  }
  const vpc = body.VPC;
  if (vpc !== undefined && (vpc.VPCId === undefined || vpc.VPCRegion === undefined)) {
    throw new ApiError('InvalidVPCId', 'The VPC ID that you specified either isn\'t a valid ID or the current account is not authorized to access this VPC: give both VPCId and VPCRegion.');
  }
  if (body.HostedZoneConfig?.PrivateZone === true && vpc === undefined) {
    throw invalidInput('When you\'re creating a private hosted zone (when you specify true for PrivateZone), you must also specify values for VPCId and VPCRegion.');
  }
  if (state.zones.length >= ctx.limits.maxHostedZones) {
    throw new ApiError('TooManyHostedZones', `This operation can't be completed because the current account has reached the limit of ${ctx.limits.maxHostedZones} hosted zones.`);
  }
  const name = wireName(parsed.labels);
  const servers = vpc === undefined ? nameServers() : ['ns-0.awsdns-00.com.', 'ns-512.awsdns-00.net.', 'ns-1024.awsdns-00.org.', 'ns-1536.awsdns-00.co.uk.'];
  const zone: Zone = {
    id: newId('Z'),
    name,
    callerReference: ref,
    ...(body.HostedZoneConfig?.Comment !== undefined ? { comment: body.HostedZoneConfig.Comment } : {}),
    privateZone: vpc !== undefined,
    vpcs: vpc === undefined ? [] : [{ VPCRegion: vpc.VPCRegion ?? '', VPCId: vpc.VPCId ?? '' }],
    nameServers: servers,
    records: [
      { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: servers.map((Value) => ({ Value })) },
      { Name: name, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: `${servers[0] ?? ''} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] },
    ],
    tags: {},
  };
  state.zones.push(zone);
  const change = ctx.store.addChange(ctx.now());
  ctx.store.save();
  return {
    status: 201,
    headers: { Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}` },
    body: {
      name: 'CreateHostedZoneResponse',
      attrs: { xmlns: NS },
      children: [
        hostedZoneXml(zone),
        changeInfoXml(change, 'PENDING'),
        delegationSetXml(zone),
        zone.privateZone ? node('VPC', leaf('VPCRegion', zone.vpcs[0]?.VPCRegion), leaf('VPCId', zone.vpcs[0]?.VPCId)) : undefined,
      ],
    },
  };
};

export const getHostedZone: Handler = (ctx, req) => {
  const zone = findZone(ctx, req.params.id ?? '');
  return ok('GetHostedZoneResponse', hostedZoneXml(zone), delegationSetXml(zone), vpcsXml(zone));
};

export const listHostedZones: Handler = (ctx, req) => {
  const max = maxItems(req.query, 100, 100);
  if (req.query.has('delegationsetid')) {
    throw new ApiError('NoSuchDelegationSet', `A reusable delegation set with the ID ${req.query.get('delegationsetid') ?? ''} does not exist (the emulator has none).`);
  }
  const type = optionalParam(req.query, 'hostedzonetype');
  if (type !== undefined && type !== 'PrivateHostedZone') throw invalidInput(`Invalid request: hostedzonetype '${type}' is not one of [PrivateHostedZone]`);
  const zones = ctx.store.data.zones.filter((z) => type === undefined || z.privateZone);
  const marker = optionalParam(req.query, 'marker');
  let first = 0;
  if (marker !== undefined) {
    first = zones.findIndex((z) => z.id === bareId(marker));
    if (first < 0) throw invalidInput(`Invalid request: marker '${marker}' does not match a hosted zone; pass the NextMarker of the previous page`);
  }
  const page = zones.slice(first, first + max);
  const next = zones[first + max];
  return ok(
    'ListHostedZonesResponse',
    node('HostedZones', ...page.map(hostedZoneXml)),
    leaf('Marker', marker ?? ''),
    leaf('IsTruncated', next !== undefined),
    leaf('NextMarker', next?.id),
    leaf('MaxItems', max),
  );
};

export const listHostedZonesByName: Handler = (ctx, req) => {
  const max = maxItems(req.query, 100, 100);
  const dnsName = optionalParam(req.query, 'dnsname');
  const zoneId = optionalParam(req.query, 'hostedzoneid');
  if (zoneId !== undefined && dnsName === undefined) throw invalidInput('Invalid request: hostedzoneid requires dnsname');
  let key = '';
  let canonical: string | undefined;
  if (dnsName !== undefined) {
    const parsed = parseName(dnsName);
    if (!parsed.ok) throw new ApiError('InvalidDomainName', `${dnsName} is not a valid domain name: ${parsed.reason}`);
    canonical = wireName(parsed.labels);
    key = sortKey(canonical);
  }
  const sorted = [...ctx.store.data.zones].sort(
    (a, b) => (sortKey(a.name) < sortKey(b.name) ? -1 : sortKey(a.name) > sortKey(b.name) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const startId = zoneId === undefined ? '' : bareId(zoneId);
  let first = sorted.findIndex((z) => sortKey(z.name) > key || (sortKey(z.name) === key && z.id >= startId));
  if (first < 0) first = sorted.length;
  const page = sorted.slice(first, first + max);
  const next = sorted[first + max];
  return ok(
    'ListHostedZonesByNameResponse',
    node('HostedZones', ...page.map(hostedZoneXml)),
    leaf('DNSName', canonical),
    leaf('HostedZoneId', zoneId === undefined ? undefined : startId),
    leaf('IsTruncated', next !== undefined),
    leaf('NextDNSName', next?.name),
    leaf('NextHostedZoneId', next?.id),
    leaf('MaxItems', max),
  );
};

export const deleteHostedZone: Handler = (ctx, req) => {
  const zone = findZone(ctx, req.params.id ?? '');
  if (zone.records.some((r) => !(r.Name === zone.name && (r.Type === 'SOA' || r.Type === 'NS')))) {
    throw new ApiError('HostedZoneNotEmpty', 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.');
  }
  const state = ctx.store.data;
  state.zones = state.zones.filter((z) => z !== zone);
  const change = ctx.store.addChange(ctx.now());
  ctx.store.save();
  return ok('DeleteHostedZoneResponse', changeInfoXml(change, 'PENDING'));
};

export const getChange: Handler = (ctx, req) => {
  const id = bareId(req.params.id ?? '');
  const change = ctx.store.change(id);
  if (change === undefined) throw new ApiError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, 404);
  const insync = ctx.now() >= change.submittedAt + ctx.limits.insyncDelayMs;
  return ok('GetChangeResponse', changeInfoXml(change, insync ? 'INSYNC' : 'PENDING'));
};
