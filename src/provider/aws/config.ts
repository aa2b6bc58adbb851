/**
 * Configuration of the Route53 provider. Field names follow ExternalDNS's `--aws-*` flags so the CLI
 * can map them one to one; durations are in milliseconds.
 * @module
 */
import type { DomainFilter } from '../../endpoint/index.ts';

export type AwsZoneType = 'public' | 'private' | 'all';

export type AwsProviderConfig = Readonly<{
  /** `--aws-zone-type`: which hosted zones to manage. */
  zoneType: AwsZoneType;
  /** `--zone-id-filter`: keep zones whose id ends with one of these (empty = all). */
  zoneIdFilters: readonly string[];
  /** `--aws-zone-tags`: `key` or `key=value`; a zone must carry every one of them. */
  zoneTags: readonly string[];
  /** Domain filter applied to zone names (`--domain-filter` and friends). */
  domainFilter?: DomainFilter;
  /** `--aws-zones-cache-duration`: 0 lists zones once per reconcile pass; the default keeps them as long as the record resync. */
  zonesCacheDurationMs: number;
  /**
   * How long the per-zone record cache is trusted before a full re-list (zonekeeper addition,
   * `--aws-records-resync`). Our own writes update the cache, so this only catches outside edits.
   */
  recordsResyncMs: number;
  /** `--aws-prefer-cname`: never turn a CNAME into an alias. */
  preferCname: boolean;
  /** `--aws-evaluate-target-health`: default for alias records. */
  evaluateTargetHealth: boolean;
  /**
   * `--aws-api-rate` / `--aws-api-burst`: client-side token bucket per AWS account. Route53's 2026
   * limits are 10 requests/s with a burst of 50 per account; accounts still on the older quota
   * (5 requests/s) should set `--aws-api-rate=5 --aws-api-burst=5`.
   */
  apiRate: number;
  apiBurst: number;
  /**
   * `--aws-api-change-rate` / `--aws-api-change-burst`: Route53's second (2026) per-account bucket
   * counts record changes per second. Its numbers are on the AWS throttling page; 0 turns our
   * bucket off. When on, a request never carries more changes than the burst.
   */
  apiChangeRate: number;
  apiChangeBurst: number;
  /** `--aws-api-retries`: attempts per API call on throttling or transient errors (total, ≥ 1). */
  apiRetries: number;
  /** `--aws-wait-for-sync`: resolve applyChanges only once Route53 reports INSYNC. */
  waitForSync: boolean;
  /** Upper bound for the INSYNC wait per apply. */
  waitForSyncTimeoutMs: number;
  /** `--aws-batch-change-size-values`: ResourceRecord elements per request (UPSERT counts twice). */
  batchChangeSizeValues: number;
  /** `--aws-batch-change-size-bytes`: value characters per request (UPSERT counts twice). */
  batchChangeSizeBytes: number;
  /** `--aws-batch-change-size`: Change elements per request. */
  batchChangeSize: number;
  /** `--dry-run`: build and report batches, send nothing. */
  dryRun: boolean;
  /** Route53 endpoint override; unset lets the SDK honour AWS_ENDPOINT_URL_ROUTE_53 / AWS_ENDPOINT_URL. */
  endpointUrl?: string;
  /** SigV4 signing region (Route53 is global: us-east-1, cn-northwest-1 or us-gov-west-1). */
  region: string;
}>;

export const DEFAULT_AWS_PROVIDER_CONFIG: AwsProviderConfig = {
  zoneType: 'all',
  zoneIdFilters: [],
  zoneTags: [],
  zonesCacheDurationMs: 10 * 60_000,
  recordsResyncMs: 10 * 60_000,
  preferCname: false,
  evaluateTargetHealth: true,
  apiRate: 10,
  apiBurst: 50,
  apiChangeRate: 0,
  apiChangeBurst: 0,
  apiRetries: 3,
  waitForSync: false,
  waitForSyncTimeoutMs: 5 * 60_000,
  batchChangeSizeValues: 1000,
  batchChangeSizeBytes: 32000,
  batchChangeSize: 1000,
  dryRun: false,
  region: 'us-east-1',
};

/** Checks the numeric fields; returns one message per bad field (empty when valid). */
export function validateAwsProviderConfig(c: AwsProviderConfig): string[] {
  const problems: string[] = [];
  const positive = (field: string, v: number): void => {
    if (!Number.isFinite(v) || v <= 0) problems.push(`aws provider config: ${field}=${v} must be a positive number`);
  };
  const nonNegative = (field: string, v: number): void => {
    if (!Number.isFinite(v) || v < 0) problems.push(`aws provider config: ${field}=${v} must be 0 or more`);
  };
  positive('apiRate', c.apiRate);
  positive('apiBurst', c.apiBurst);
  positive('apiRetries', c.apiRetries);
  positive('batchChangeSizeValues', c.batchChangeSizeValues);
  positive('batchChangeSizeBytes', c.batchChangeSizeBytes);
  positive('batchChangeSize', c.batchChangeSize);
  nonNegative('apiChangeRate', c.apiChangeRate);
  nonNegative('apiChangeBurst', c.apiChangeBurst);
  if (c.apiChangeRate > 0 && c.apiChangeBurst < 1) problems.push(`aws provider config: apiChangeBurst=${c.apiChangeBurst} must be ≥ 1 when apiChangeRate is set`);
  nonNegative('zonesCacheDurationMs', c.zonesCacheDurationMs);
  nonNegative('recordsResyncMs', c.recordsResyncMs);
  nonNegative('waitForSyncTimeoutMs', c.waitForSyncTimeoutMs);
  if (!['public', 'private', 'all'].includes(c.zoneType)) {
    problems.push(`aws provider config: zoneType="${c.zoneType as string}" must be public, private or all`);
  }
  for (const tag of c.zoneTags) {
    if (tag.trim() === '' || tag.startsWith('=')) problems.push(`aws provider config: zoneTags entry "${tag}" needs a key (key or key=value)`);
  }
  return problems;
}
