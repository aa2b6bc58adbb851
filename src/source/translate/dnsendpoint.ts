/**
 * externaldns.k8s.io/v1alpha1 DNSEndpoint → endpoints. Each `spec.endpoints[i]` is validated in
 * full; one bad endpoint freezes the whole object, because applying the rest would half-change
 * what its author wrote as one unit.
 * @module
 */
import { isIP } from 'node:net';
import {
  createEndpoint,
  isRecordType,
  LABEL,
  normalizeName,
  PROP,
  RECORD_TYPES,
  type Endpoint,
  type Problem,
  type RecordType,
} from '../../endpoint/index.ts';
import { makeProblem } from './annotation-keys.ts';
import { targetProblem } from './annotations.ts';
import type { ObjectInput, ObjectOutput, Translator } from './build.ts';
import { asArray, at, isRecord } from './kube.ts';
import { TTL_MAX } from './ttl.ts';

export const dnsEndpointTranslator: Translator = {
  apiVersions: ['externaldns.k8s.io/v1alpha1'],
  kind: 'DNSEndpoint',
  resourceKind: 'crd',
  translate: translateDnsEndpoint,
};

function translateDnsEndpoint(input: ObjectInput): ObjectOutput {
  const problems: Problem[] = [];
  const { resource } = input;
  const raw = at(input.object, 'spec', 'endpoints');
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    problems.push(makeProblem(resource, 'spec.endpoints', JSON.stringify(raw), 'must be a list of endpoints', 'error'));
    return { endpoints: [], problems };
  }
  const endpoints: Endpoint[] = [];
  asArray(raw).forEach((item, i) => {
    const e = readEndpoint(item, `spec.endpoints[${i}]`, resource, problems);
    if (e !== undefined) endpoints.push(e);
  });
  return { endpoints, problems };
}

function readEndpoint(item: unknown, path: string, resource: string, problems: Problem[]): Endpoint | undefined {
  const start = problems.length;
  const bad = (field: string, value: unknown, message: string): void => {
    problems.push(makeProblem(resource, `${path}.${field}`, typeof value === 'string' ? value : JSON.stringify(value) ?? '', message, 'error'));
  };
  if (!isRecord(item)) {
    problems.push(makeProblem(resource, path, JSON.stringify(item) ?? '', 'each endpoint must be an object with dnsName, recordType and targets', 'error'));
    return undefined;
  }
  const dnsName = typeof item.dnsName === 'string' ? normalizeName(item.dnsName) : undefined;
  if (dnsName === undefined) bad('dnsName', item.dnsName, 'dnsName is required and must be a string');
  else if (!dnsName.ok) bad('dnsName', item.dnsName, `not a valid DNS name: ${dnsName.reason}`);

  const typeText = typeof item.recordType === 'string' ? item.recordType.toUpperCase() : '';
  const type: RecordType | undefined = isRecordType(typeText) ? typeText : undefined;
  if (type === undefined) bad('recordType', item.recordType, `recordType must be one of ${RECORD_TYPES.join(' ')}`);

  const targets = readStrings(item.targets, 'targets', bad) ?? [];
  const providerSpecific = readProviderSpecific(item.providerSpecific, bad);
  const alias = providerSpecific[PROP.alias];
  const isAlias = alias !== undefined && alias !== 'false';
  if (alias !== undefined && type !== undefined && !['A', 'AAAA', 'CNAME'].includes(type)) {
    bad('providerSpecific', item.providerSpecific, `the alias property is only allowed on A, AAAA and CNAME records, not ${type}`);
  }
  if (type !== undefined) {
    targets.forEach((t, j) => {
      const reason = targetReason(type, t, isAlias);
      if (reason !== undefined) bad(`targets[${j}]`, t, reason);
    });
    if (type === 'CNAME' && targets.length > 1) bad('targets', item.targets, 'a CNAME record can have only one target');
  }

  let ttl = 0;
  if (item.recordTTL !== undefined && item.recordTTL !== null) {
    const n = item.recordTTL;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > TTL_MAX) {
      bad('recordTTL', n, `recordTTL must be a whole number of seconds from 0 to ${TTL_MAX}`);
    } else ttl = n;
  }
  let setIdentifier = '';
  if (item.setIdentifier !== undefined && item.setIdentifier !== null) {
    if (typeof item.setIdentifier === 'string') setIdentifier = item.setIdentifier;
    else bad('setIdentifier', item.setIdentifier, 'setIdentifier must be a string');
  }
  const labels = readLabels(item.labels, bad);

  if (problems.length > start || dnsName === undefined || !dnsName.ok || type === undefined) return undefined;
  return createEndpoint({
    dnsName: dnsName.name,
    recordType: type,
    targets,
    setIdentifier,
    ttl,
    labels: { ...labels, [LABEL.resource]: resource },
    providerSpecific,
  });
}

type Bad = (field: string, value: unknown, message: string) => void;

function readStrings(value: unknown, field: string, bad: Bad): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    bad(field, value, `${field} must be a list of strings`);
    return undefined;
  }
  return value;
}

function readProviderSpecific(value: unknown, bad: Bad): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) {
    bad('providerSpecific', value, 'providerSpecific must be a list of {name, value}');
    return out;
  }
  (value as unknown[]).forEach((p, k) => {
    if (isRecord(p) && typeof p.name === 'string' && p.name !== '' && (p.value === undefined || typeof p.value === 'string')) {
      out[p.name] = p.value ?? '';
    } else bad(`providerSpecific[${k}]`, p, 'each providerSpecific entry must be {name: string, value: string}');
  });
  return out;
}

function readLabels(value: unknown, bad: Bad): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) {
    bad('labels', value, 'labels must be a map of strings');
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    // Labels are written into the TXT ownership value, where "," and "=" are separators.
    if (typeof v !== 'string') bad(`labels.${k}`, v, 'label values must be strings');
    else if (/[,="]/.test(k) || /[,="]/.test(v)) bad(`labels.${k}`, v, 'labels may not contain ",", "=" or \'"\' (they would corrupt the TXT ownership record)');
    else out[k] = v;
  }
  return out;
}

/** Why `target` is not valid for a record of `type` (undefined: valid). */
function targetReason(type: RecordType, target: string, alias: boolean): string | undefined {
  const hostReason = (t: string): string | undefined => {
    const r = targetProblem(t.replace(/\.$/, ''));
    return r === undefined && isIP(t) === 0 ? undefined : (r ?? 'is an IP address, but a host name is needed');
  };
  switch (type) {
    case 'A':
    case 'AAAA': {
      if (alias) return hostReason(target) === undefined ? undefined : 'an alias record needs a host name target';
      const family = type === 'A' ? 4 : 6;
      return isIP(target) === family ? undefined : `an ${type} record needs an IPv${family} address`;
    }
    case 'CNAME':
    case 'NS': {
      const r = hostReason(target);
      return r === undefined ? undefined : `a ${type} record needs a host name target: "${target}" ${r}`;
    }
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(target);
      const ok = m !== null && Number(m[1]) <= 65535 && hostReason(m[2] ?? '') === undefined;
      return ok ? undefined : 'an MX target must be "<priority> <host>", e.g. "10 mail.example.com"';
    }
    case 'SRV': {
      const m = /^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)$/.exec(target);
      const ok = m !== null && [m[1], m[2], m[3]].every((n) => Number(n) <= 65535) && (m[4] === '.' || hostReason(m[4] ?? '') === undefined);
      return ok ? undefined : 'an SRV target must be "<priority> <weight> <port> <host>", e.g. "0 50 443 svc.example.com."';
    }
    case 'CAA': {
      const m = /^(\d+)\s+([A-Za-z0-9]+)\s+(.+)$/.exec(target);
      return m !== null && Number(m[1]) <= 255 ? undefined : 'a CAA target must be "<flags> <tag> <value>", e.g. "0 issue \\"letsencrypt.org\\""';
    }
    case 'TXT':
      return undefined;
  }
}
