/**
 * Reading ownership: splits a provider's records into ordinary records and registry TXT records,
 * and indexes the labels those TXT records carry by the record they name (§3.1 Records() step 2).
 * Pure: the registry keeps the index of its last read to decide how to write.
 * @module
 */
import type { Endpoint, Labels } from '../../endpoint/index.ts';
import { parseOwnershipValue } from './labels-format.ts';
import type { NameMapper } from './name-mapper.ts';

export type OwnershipIndex = Readonly<{
  /** Records to return: every non-TXT record and every TXT that is not an ownership record. */
  records: readonly Endpoint[];
  /** Labels by `labelKey(record name, type or '' for legacy, set identifier)`. */
  labels: ReadonlyMap<string, Labels>;
  /** Every TXT record read (ours or not), by `txtKey(TXT name, set identifier)`. */
  txts: ReadonlyMap<string, Endpoint>;
  /** Ownership TXT records exactly as read (raw value, TTL, properties), by `txtKey`. */
  owned: ReadonlyMap<string, Endpoint>;
}>;

export function labelKey(name: string, recordType: string, setIdentifier: string): string {
  return `${name} ${recordType} ${setIdentifier}`;
}

export function txtKey(txtName: string, setIdentifier: string): string {
  return `${txtName} ${setIdentifier}`;
}

/** Indexes `all`. `key` also lets encrypted values be read (even with encryption disabled for writing). */
export function indexOwnership(all: readonly Endpoint[], mapper: NameMapper, key?: Buffer): OwnershipIndex {
  const records: Endpoint[] = [];
  const labels = new Map<string, Labels>();
  const txts = new Map<string, Endpoint>();
  const owned = new Map<string, Endpoint>();
  for (const e of all) {
    if (e.recordType !== 'TXT') {
      records.push(e);
      continue;
    }
    // A TXT without values carries nothing to read; ExternalDNS skips it too.
    if (e.targets.length === 0) continue;
    txts.set(txtKey(e.dnsName, e.setIdentifier), e);
    // Targets are a sorted set here (ExternalDNS reads only the first value in provider order), so
    // the first value that parses as an ownership value is taken.
    const parsed = firstOwnershipValue(e.targets, key);
    if (parsed === undefined) {
      records.push(e); // a foreign TXT: an ordinary record
      continue;
    }
    const target = mapper.toEndpointName(e.dnsName);
    labels.set(labelKey(target.name, target.recordType, e.setIdentifier), parsed);
    owned.set(txtKey(e.dnsName, e.setIdentifier), e);
  }
  return { records, labels, txts, owned };
}

function firstOwnershipValue(values: readonly string[], key?: Buffer): Labels | undefined {
  for (const value of values) {
    const parsed = parseOwnershipValue(value, key);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}
