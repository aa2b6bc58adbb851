/**
 * The narrow port the elector needs on a coordination.k8s.io/v1 Lease: read, create, and replace with
 * optimistic concurrency. The client-node adapter maps HTTP 404 to `undefined` and 409 to LeaseConflict,
 * and bounds every request with a timeout (a hung request must not hold leadership hostage).
 * @module
 */
import { ApiException, CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { withTimeout } from '../timeout.ts';

/** The fields of a Lease the election reads and writes. Times are wall-clock ISO strings, for humans only. */
export type LeaseRecord = Readonly<{
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
  /** Empty for a record not yet written. */
  resourceVersion: string;
}>;

export interface LeaseApi {
  /** The lease, or undefined when it does not exist. */
  get(): Promise<LeaseRecord | undefined>;
  /** Creates the lease; LeaseConflict when it already exists. */
  create(record: LeaseRecord): Promise<LeaseRecord>;
  /** Replaces the lease at `record.resourceVersion`; LeaseConflict when someone wrote it since. */
  update(record: LeaseRecord): Promise<LeaseRecord>;
}

/** Someone else wrote the lease between our read and our write (HTTP 409). */
export class LeaseConflict extends Error {
  override readonly name = 'LeaseConflict';
}

export type KubeLeaseApiOptions = Readonly<{ kubeConfig: KubeConfig; namespace: string; name: string; requestTimeoutMs: number }>;

export function createKubeLeaseApi(options: KubeLeaseApiOptions): LeaseApi {
  const api = options.kubeConfig.makeApiClient(CoordinationV1Api);
  const { namespace, name } = options;
  const where = `lease ${namespace}/${name}`;
  const call = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(request(), options.requestTimeoutMs, `${what} ${where}`);
    } catch (error) {
      if (error instanceof ApiException && (error as ApiException<unknown>).code === 409) {
        throw new LeaseConflict(`${what} ${where}: written by someone else since it was read (HTTP 409)`, { cause: error });
      }
      throw error;
    }
  };
  return {
    get: async () => {
      try {
        return fromLease(await call('read', () => api.readNamespacedLease({ name, namespace })));
      } catch (error) {
        if (error instanceof ApiException && (error as ApiException<unknown>).code === 404) return undefined;
        throw error;
      }
    },
    create: async (record) => fromLease(await call('create', () => api.createNamespacedLease({ namespace, body: toLease(namespace, name, record) }))),
    update: async (record) =>
      fromLease(await call('update', () => api.replaceNamespacedLease({ name, namespace, body: toLease(namespace, name, record) }))),
  };
}

// client-node models are plain-field classes the serializer reads by name; object literals are what its own docs pass.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
function toLease(namespace: string, name: string, r: LeaseRecord): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(r.resourceVersion === '' ? {} : { resourceVersion: r.resourceVersion }) },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      leaseTransitions: r.leaseTransitions,
      ...micro('acquireTime', r.acquireTime),
      ...micro('renewTime', r.renewTime),
    },
  };
}

/** A MicroTime field, left out when the text is empty or not a time (another writer's garbage must not break ours). */
function micro<K extends string>(key: K, text: string): Partial<Record<K, V1MicroTime>> {
  const time = new V1MicroTime(text);
  return text === '' || Number.isNaN(time.getTime()) ? {} : ({ [key]: time } as Partial<Record<K, V1MicroTime>>);
}

function timeText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : '';
}

function fromLease(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: timeText(spec.acquireTime),
    renewTime: timeText(spec.renewTime),
    leaseTransitions: spec.leaseTransitions ?? 0,
    resourceVersion: lease.metadata?.resourceVersion ?? '',
  };
}
/* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */
