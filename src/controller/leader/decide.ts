/**
 * The election rule, pure: given the lease as last read and WHEN we saw it last change (on our own
 * monotonic clock), what to do. A lease held by someone else is taken only after it has gone
 * unchanged for its whole duration as we observed it: we never compare their wall clock with ours.
 * @module
 */
import type { LeaseRecord } from './lease-api.ts';

export type Decision =
  | Readonly<{ action: 'create' }>
  | Readonly<{ action: 'renew' }>
  | Readonly<{ action: 'takeover'; previousHolder: string }>
  | Readonly<{ action: 'wait'; holder: string; expiresInMs: number }>;

/** What we remember of the lease: the record and the monotonic time we first saw this version of it. */
export type Observation = Readonly<{ record: LeaseRecord; observedAt: number }>;

/** Keeps the first-seen time while the record is unchanged, so a frozen holder's lease runs out on our clock. */
export function observe(previous: Observation | undefined, record: LeaseRecord, now: number): Observation {
  if (previous !== undefined && sameVersion(previous.record, record)) return previous;
  return { record, observedAt: now };
}

function sameVersion(a: LeaseRecord, b: LeaseRecord): boolean {
  if (a.resourceVersion !== '' && b.resourceVersion !== '') return a.resourceVersion === b.resourceVersion;
  return a.holderIdentity === b.holderIdentity && a.renewTime === b.renewTime && a.leaseTransitions === b.leaseTransitions;
}

export function decide(identity: string, observation: Observation | undefined, now: number, ourLeaseDurationMs: number): Decision {
  if (observation === undefined) return { action: 'create' };
  const { record, observedAt } = observation;
  if (record.holderIdentity === identity) return { action: 'renew' };
  if (record.holderIdentity === '') return { action: 'takeover', previousHolder: '' };
  // Their declared duration, but never less than ours: a misconfigured peer must not shorten our wait.
  const durationMs = Math.max(record.leaseDurationSeconds * 1000, ourLeaseDurationMs);
  const expiresAt = observedAt + durationMs;
  if (now > expiresAt) return { action: 'takeover', previousHolder: record.holderIdentity };
  return { action: 'wait', holder: record.holderIdentity, expiresInMs: expiresAt - now };
}

/** The record we write when we take or renew the lease. */
export function claim(
  identity: string,
  base: LeaseRecord | undefined,
  leaseDurationMs: number,
  wallNow: Date,
): LeaseRecord {
  const now = wallNow.toISOString();
  const holderChanges = base?.holderIdentity !== identity;
  return {
    holderIdentity: identity,
    leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
    acquireTime: holderChanges || base.acquireTime === '' ? now : base.acquireTime,
    renewTime: now,
    leaseTransitions: (base?.leaseTransitions ?? 0) + (base !== undefined && holderChanges ? 1 : 0),
    resourceVersion: base?.resourceVersion ?? '',
  };
}
