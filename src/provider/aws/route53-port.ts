/**
 * The narrow port to Route53: the five calls the provider uses, with plain data shaped like the
 * Route53 API (field names as in the API, so dry-run output reads like a real request). The SDK
 * adapter is route53-sdk.ts; everything else in this folder depends only on this file.
 * @module
 */

export type HostedZone = Readonly<{
  /** Bare id, without the `/hostedzone/` prefix. */
  id: string;
  /** As Route53 returns it: lower case, trailing dot, `\ooo` escapes possible. */
  name: string;
  privateZone: boolean;
}>;

export type ResourceRecord = { Value: string };
export type AliasTarget = { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
export type GeoLocation = { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string };
export type GeoProximityLocation = {
  AWSRegion?: string;
  LocalZoneGroup?: string;
  Coordinates?: { Latitude: string; Longitude: string };
  Bias?: number;
};

export type ResourceRecordSet = {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Region?: string;
  GeoLocation?: GeoLocation;
  Failover?: string;
  MultiValueAnswer?: boolean;
  TTL?: number;
  ResourceRecords?: ResourceRecord[];
  AliasTarget?: AliasTarget;
  HealthCheckId?: string;
  GeoProximityLocation?: GeoProximityLocation;
};

export type ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';
export type Change = { Action: ChangeAction; ResourceRecordSet: ResourceRecordSet };

export type ChangeInfo = Readonly<{ id: string; status: 'PENDING' | 'INSYNC' }>;

export type Tag = Readonly<{ key: string; value: string }>;

/** Where a truncated ListResourceRecordSets page says to continue. */
export type RecordSetCursor = Readonly<{ name: string; type: string; identifier?: string }>;

export type RecordSetPage = Readonly<{ sets: readonly ResourceRecordSet[]; next?: RecordSetCursor }>;
export type HostedZonePage = Readonly<{ zones: readonly HostedZone[]; nextMarker?: string }>;

export interface Route53Port {
  listHostedZones(marker: string | undefined, signal?: AbortSignal): Promise<HostedZonePage>;
  listResourceRecordSets(
    zoneId: string,
    start: RecordSetCursor | undefined,
    maxItems: number,
    signal?: AbortSignal,
  ): Promise<RecordSetPage>;
  changeResourceRecordSets(zoneId: string, changes: readonly Change[], signal?: AbortSignal): Promise<ChangeInfo>;
  /** At most 10 zone ids per call (Route53 limit). Returns tags by bare zone id. */
  listTagsForHostedZones(zoneIds: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, readonly Tag[]>>;
  getChange(changeId: string, signal?: AbortSignal): Promise<ChangeInfo>;
}

export type Route53Operation =
  | 'ListHostedZones'
  | 'ListResourceRecordSets'
  | 'ChangeResourceRecordSets'
  | 'ListTagsForResources'
  | 'GetChange';

/** How the provider reacts to a failed call. */
export type ErrorKind =
  | 'throttling' // Throttling / Rate exceeded: back off, slow the budget, retry
  | 'prior-request' // PriorRequestNotComplete: the zone is still busy; back off and retry
  | 'refused' // refused for its content (InvalidChangeBatch, InvalidInput, NoSuchHealthCheck, ...): nothing applied
  | 'transient' // 5xx or network: may retry; a write may or may not have landed
  | 'aborted'
  | 'fatal'; // anything else (auth, NoSuchHostedZone, InvalidInput): do not retry

/** A failed Route53 call, classified. The message is Route53's own (no credentials in it). */
export class Route53CallError extends Error {
  readonly operation: Route53Operation;
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(operation: Route53Operation, code: string, kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(`Route53 ${operation} failed: ${code}: ${message}`, options);
    this.name = 'Route53CallError';
    this.operation = operation;
    this.code = code;
    this.kind = kind;
  }
  /** Route53's message without our prefix. */
  get detail(): string {
    return this.message.slice(`Route53 ${this.operation} failed: ${this.code}: `.length);
  }
}

/** Maps a Route53 error code (and HTTP status) to how we react. */
export function classifyErrorCode(code: string, httpStatus: number | undefined): ErrorKind {
  if (code === 'Throttling' || code === 'ThrottlingException' || code === 'TooManyRequestsException') return 'throttling';
  if (code === 'PriorRequestNotComplete') return 'prior-request';
  if (['InvalidChangeBatch', 'InvalidInput', 'InvalidDomainName', 'NoSuchHealthCheck'].includes(code)) return 'refused';
  if (code === 'AbortError') return 'aborted';
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
  if (['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'TimeoutError', 'RequestTimeout', 'ServiceUnavailable'].includes(code)) {
    return 'transient';
  }
  return 'fatal';
}

/** Strips `/hostedzone/` or `/change/` from an id as Route53 returns it. */
export function bareId(id: string): string {
  return id.replace(/^\/(hostedzone|change)\//, '');
}
