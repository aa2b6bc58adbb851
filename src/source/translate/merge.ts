/**
 * ExternalDNS's MergeEndpoints plus the dedup wrapper: record sets with the same name, type, set
 * identifier and TTL coming from several objects become one with the union of targets (CNAMEs are
 * never merged: a CNAME has one target); exact duplicates are dropped.
 * @module
 */
import { compareEndpoints, endpointKey, LABEL, withChanges, type Endpoint } from '../../endpoint/index.ts';

function resourceOf(e: Endpoint): string {
  return e.labels[LABEL.resource] ?? '';
}

/** Merged, de-duplicated endpoints in a stable order (name, type, set identifier, resource). */
export function mergeEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  // Ordered by resource first, so the merged record keeps the labels of the same object every time.
  const sorted = [...endpoints].sort((a, b) => (resourceOf(a) < resourceOf(b) ? -1 : resourceOf(a) > resourceOf(b) ? 1 : 0));
  const groups = new Map<string, Endpoint>();
  const kept: Endpoint[] = [];
  for (const e of sorted) {
    if (e.recordType === 'CNAME') {
      kept.push(e);
      continue;
    }
    const key = `${endpointKey(e)} ${e.ttl}`;
    const first = groups.get(key);
    groups.set(key, first === undefined ? e : withChanges(first, { targets: [...first.targets, ...e.targets] }));
  }
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const e of [...groups.values(), ...kept]) {
    const identity = `${endpointKey(e)} ${e.targets.join(',')}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(e);
  }
  return out.sort((a, b) => compareEndpoints(a, b) || (resourceOf(a) < resourceOf(b) ? -1 : resourceOf(a) > resourceOf(b) ? 1 : 0));
}
