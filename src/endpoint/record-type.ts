/**
 * DNS record types zonekeeper manages, and the record-type sets used by the plan filters.
 * @module
 */

/** Every record type an endpoint may carry. */
export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'SRV', 'MX', 'NS', 'CAA'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** ExternalDNS's default for `--managed-record-types`. */
export const DEFAULT_MANAGED_TYPES: readonly RecordType[] = ['A', 'AAAA', 'CNAME'];

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}
