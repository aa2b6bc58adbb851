/**
 * What every operation handler receives (state, clock, limits) and returns (status, XML body,
 * headers), plus the small query-parameter readers the list operations share.
 * @module
 */
import { constraint, invalidInput } from './errors.ts';
import type { StateStore } from './state.ts';
import type { Throttler } from './throttle.ts';
import type { XmlNode } from './xml.ts';

export interface Limits {
  readonly insyncDelayMs: number;
  readonly inFlightMs: number;
  readonly maxRecordsPerZone: number;
  readonly maxHostedZones: number;
  readonly maxHealthChecks: number;
}

export interface Context {
  readonly store: StateStore;
  readonly now: () => number;
  readonly limits: Limits;
  /** Per hosted zone: until when its last ChangeResourceRecordSets counts as still in flight. */
  readonly inFlightUntil: Map<string, number>;
  readonly throttler: () => Throttler | undefined;
}

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: string;
  /** Extra delay (fault injection) before the answer leaves, so in-flight windows cover it. */
  readonly answerDelayMs: number;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: XmlNode;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (ctx: Context, req: ApiRequest) => ApiResponse;

/** Reads `maxitems`: a positive integer, capped at `cap`, `fallback` when absent. */
export function maxItems(query: URLSearchParams, fallback: number, cap: number): number {
  const raw = query.get('maxitems');
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw constraint(raw, 'maxItems', 'Member must be a positive integer');
  return Math.min(Number(raw), cap);
}

/** Reads an optional query parameter, rejecting an empty one. */
export function optionalParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === '') throw invalidInput(`Invalid request: query parameter '${name}' is empty; omit it or give a value`);
  return raw;
}

/** Strips the `/hostedzone/`, `/change/` or `/healthcheck/` prefix a client may leave on an ID. */
export const bareId = (id: string): string => id.replace(/^\/?(?:hostedzone|change|healthcheck|delegationset)\//, '');
