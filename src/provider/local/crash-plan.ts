/**
 * The deterministic apply sequence of the kill -9 test, shared by the test and its child process:
 * apply i rewrites record (i-1) mod N, so the zone after any number of applies can be recomputed.
 * @module
 */
import { createEndpoint, type Endpoint } from '../../endpoint/index.ts';

export const CRASH_ZONE = 'crash.test';
export const CRASH_RECORDS = 3000;

const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Value 0 is the initial one; value i > 0 was set by apply i. */
export function crashRecord(index: number, value: number): Endpoint {
  return createEndpoint({
    dnsName: `host-${index}.${CRASH_ZONE}`,
    recordType: 'A',
    targets: [value === 0 ? `192.0.${(index >> 8) & 255}.${index & 255}` : ip(value)],
    setIdentifier: index % 3 === 0 ? 'primary' : '',
    ttl: index % 2 === 0 ? 0 : 60,
    providerSpecific: index % 3 === 0 ? { 'aws/weight': String(index % 256) } : {},
  });
}

export function crashValue(apply: number): { index: number; before: number; after: number } {
  const index = (apply - 1) % CRASH_RECORDS;
  const before = apply - CRASH_RECORDS > 0 ? apply - CRASH_RECORDS : 0;
  return { index, before, after: apply };
}

/** The zone's record sets (without the apex NS) after `applies` applies. */
export function crashState(applies: number): Endpoint[] {
  const values = Array.from({ length: CRASH_RECORDS }, () => 0);
  for (let i = 1; i <= applies; i++) values[crashValue(i).index] = i;
  return values.map((v, index) => crashRecord(index, v));
}
