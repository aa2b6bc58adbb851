/**
 * Leader election on a coordination.k8s.io/v1 Lease.
 * @module
 */
export { createLeaderElector, LEADER_DEFAULTS, MONOTONIC } from './elector.ts';
export type { LeaderElector, LeaderElectorOptions, MonotonicClock } from './elector.ts';
export { createKubeLeaseApi, LeaseConflict } from './lease-api.ts';
export type { LeaseApi, LeaseRecord } from './lease-api.ts';
export { electionIdentity, leaseNamespace } from './identity.ts';
