/**
 * The endpoint: one DNS record set zonekeeper wants or has (name, type, set identifier, targets,
 * TTL, provider-specific routing properties and labels). Plain readonly data, JSON-compatible with
 * ExternalDNS's Endpoint (the DNSEndpoint CRD and webhook wire format).
 * @module
 */
import { normalizeName } from './name.ts';
import { isRecordType, type RecordType } from './record-type.ts';
import { canonicalTargets } from './targets.ts';

export type Labels = Readonly<Record<string, string>>;
/** Provider-specific properties by name, e.g. `{ alias: 'true', 'aws/weight': '10' }`. */
export type ProviderSpecific = Readonly<Record<string, string>>;

export type Endpoint = Readonly<{
  /** Canonical name: lower case, no trailing dot, punycode. */
  dnsName: string;
  recordType: RecordType;
  /** Canonical target set (see targets.ts). */
  targets: readonly string[];
  /** '' when the record has no routing policy. */
  setIdentifier: string;
  /** Seconds; 0 means "not configured" (the provider's default applies). */
  ttl: number;
  labels: Labels;
  providerSpecific: ProviderSpecific;
}>;

export type EndpointInit = {
  dnsName: string;
  recordType: RecordType;
  targets: readonly string[];
  setIdentifier?: string;
  ttl?: number;
  labels?: Labels;
  providerSpecific?: ProviderSpecific;
};

/** Shared empty maps: most endpoints have no labels or properties, and 100k endpoints add up. */
const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** Builds an endpoint from already-valid parts, canonicalising name and targets. Throws on an invalid name. */
export function createEndpoint(init: EndpointInit): Endpoint {
  const name = normalizeName(init.dnsName, { literalAsterisk: init.recordType === 'TXT' });
  if (!name.ok) throw new Error(`invalid DNS name "${init.dnsName}": ${name.reason}`);
  return {
    dnsName: name.name,
    recordType: init.recordType,
    targets: canonicalTargets(init.recordType, init.targets),
    setIdentifier: init.setIdentifier ?? '',
    ttl: init.ttl ?? 0,
    labels: init.labels ?? NONE,
    providerSpecific: init.providerSpecific ?? NONE,
  };
}

/** Identity of a record set: name, type and set identifier. */
export function endpointKey(e: Pick<Endpoint, 'dnsName' | 'recordType' | 'setIdentifier'>): string {
  return `${e.dnsName} ${e.recordType} ${e.setIdentifier}`;
}

/** A copy of `e` with some fields replaced; targets are re-canonicalised. */
export function withChanges(e: Endpoint, changes: Partial<EndpointInit>): Endpoint {
  const merged = { ...e, ...changes };
  return {
    ...merged,
    targets: changes.targets === undefined ? e.targets : canonicalTargets(merged.recordType, changes.targets),
    setIdentifier: merged.setIdentifier ?? '',
    ttl: merged.ttl ?? 0,
    labels: merged.labels ?? {},
    providerSpecific: merged.providerSpecific ?? {},
  };
}

export function withLabels(e: Endpoint, labels: Labels): Endpoint {
  return { ...e, labels: { ...e.labels, ...labels } };
}

export function sameProviderSpecific(a: ProviderSpecific, b: ProviderSpecific): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Stable order for output and tests: name, type, set identifier. */
export function compareEndpoints(a: Endpoint, b: Endpoint): number {
  if (a.dnsName !== b.dnsName) return a.dnsName < b.dnsName ? -1 : 1;
  if (a.recordType !== b.recordType) return a.recordType < b.recordType ? -1 : 1;
  if (a.setIdentifier !== b.setIdentifier) return a.setIdentifier < b.setIdentifier ? -1 : 1;
  return 0;
}

/** ExternalDNS's JSON shape of an endpoint (DNSEndpoint `spec.endpoints[]`, webhook bodies). */
export type WireEndpoint = {
  dnsName?: string;
  targets?: string[];
  recordType?: string;
  setIdentifier?: string;
  recordTTL?: number;
  labels?: Record<string, string>;
  providerSpecific?: { name: string; value: string }[];
};

export function toWire(e: Endpoint): WireEndpoint {
  const wire: WireEndpoint = { dnsName: e.dnsName, targets: [...e.targets], recordType: e.recordType };
  if (e.setIdentifier !== '') wire.setIdentifier = e.setIdentifier;
  if (e.ttl > 0) wire.recordTTL = e.ttl;
  if (Object.keys(e.labels).length > 0) wire.labels = { ...e.labels };
  const props = Object.entries(e.providerSpecific);
  if (props.length > 0) wire.providerSpecific = props.map(([name, value]) => ({ name, value }));
  return wire;
}

/** Parses the wire shape, or returns why it cannot be an endpoint. */
export function fromWire(wire: WireEndpoint): { ok: true; endpoint: Endpoint } | { ok: false; reason: string } {
  const type = (wire.recordType ?? '').toUpperCase();
  if (!isRecordType(type)) return { ok: false, reason: `unsupported record type "${wire.recordType ?? ''}"` };
  const name = normalizeName(wire.dnsName ?? '', { literalAsterisk: type === 'TXT' });
  if (!name.ok) return { ok: false, reason: `invalid dnsName "${wire.dnsName ?? ''}": ${name.reason}` };
  // fromEntries defines own properties, so a name such as "__proto__" is stored, not interpreted.
  const providerSpecific = Object.fromEntries((wire.providerSpecific ?? []).map((p) => [p.name, p.value]));
  return {
    ok: true,
    endpoint: createEndpoint({
      dnsName: name.name,
      recordType: type,
      targets: wire.targets ?? [],
      setIdentifier: wire.setIdentifier ?? '',
      ttl: wire.recordTTL ?? 0,
      labels: wire.labels ?? {},
      providerSpecific,
    }),
  };
}
