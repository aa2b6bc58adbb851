/**
 * Response shapes: schema-driven encoding (so a record set or health-check config renders back
 * in the API's member order) and the shared fragments (HostedZone, ChangeInfo, DelegationSet).
 * @module
 */
import type { Decoded, DecodedValue, Field, Schema } from './schema.ts';
import type { ChangeRecord, Zone } from './state.ts';
import { leaf, node } from './xml.ts';
import type { XmlNode } from './xml.ts';

function encodeField(name: string, value: DecodedValue, field: Field): XmlNode {
  if (typeof field === 'string') {
    if (typeof value === 'object') throw new Error(`route53 emulator: member ${name} holds an object where a scalar belongs`);
    return { name, text: String(value) };
  }
  if ('struct' in field) return { name, children: encode(value as Decoded, field.struct) };
  const items = Array.isArray(value) ? value : [];
  return { name, children: items.map((item) => encodeField(field.list, item, field.of)) };
}

/** Encodes `value` by `schema`, members in schema order, absent members skipped. */
export function encode(value: Decoded | object, schema: Schema): XmlNode[] {
  const record = value as Record<string, DecodedValue | undefined>;
  const out: XmlNode[] = [];
  for (const [name, field] of Object.entries(schema)) {
    const v = record[name];
    if (v !== undefined) out.push(encodeField(name, v, field));
  }
  return out;
}

export function hostedZoneXml(zone: Zone): XmlNode {
  return node(
    'HostedZone',
    leaf('Id', `/hostedzone/${zone.id}`),
    leaf('Name', zone.name),
    leaf('CallerReference', zone.callerReference),
    node('Config', leaf('Comment', zone.comment), leaf('PrivateZone', zone.privateZone)),
    leaf('ResourceRecordSetCount', zone.records.length),
  );
}

export function delegationSetXml(zone: Zone): XmlNode | undefined {
  if (zone.privateZone) return undefined;
  return node('DelegationSet', node('NameServers', ...zone.nameServers.map((ns) => leaf('NameServer', ns))));
}

export function vpcsXml(zone: Zone): XmlNode | undefined {
  if (!zone.privateZone) return undefined;
  return node('VPCs', ...zone.vpcs.map((v) => node('VPC', leaf('VPCRegion', v.VPCRegion), leaf('VPCId', v.VPCId))));
}

/** ChangeInfo; `status` is PENDING until the in-sync delay has passed. */
export function changeInfoXml(change: ChangeRecord, status: 'PENDING' | 'INSYNC'): XmlNode {
  return node(
    'ChangeInfo',
    leaf('Id', `/change/${change.id}`),
    leaf('Status', status),
    leaf('SubmittedAt', new Date(change.submittedAt).toISOString()),
    leaf('Comment', change.comment),
  );
}
