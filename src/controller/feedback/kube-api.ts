/**
 * The Kubernetes calls feedback needs, as a narrow port, and its client-node adapter: create and
 * merge-patch events.k8s.io/v1 Events, read an object's metadata/status, merge-patch its annotations,
 * and merge-patch a DNSEndpoint's status subresource. A 404 on a patch is "the object is gone" and
 * is reported as false, not thrown. Every request has a deadline, so a hung call fails its feedback
 * item instead of holding the reconcile loop.
 * @module
 */
import {
  ApiException,
  CustomObjectsApi,
  EventsV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { withTimeout } from '../timeout.ts';
import type { ObjectRef } from './object-ref.ts';

/** What feedback reads back from an object. */
export type LiveObject = Readonly<{
  uid?: string;
  generation?: number;
  annotations?: Readonly<Record<string, string>>;
  status?: unknown;
}>;

export type EventBody = Readonly<Record<string, unknown>>;

export interface FeedbackApi {
  createEvent(namespace: string, event: EventBody): Promise<void>;
  /** False when the Event no longer exists (expired by the API server's TTL). */
  patchEvent(namespace: string, name: string, patch: EventBody): Promise<boolean>;
  getObject(ref: ObjectRef): Promise<LiveObject | undefined>;
  /** Merge-patches metadata.annotations (null removes a key). False when the object is gone. */
  patchAnnotations(ref: ObjectRef, annotations: Readonly<Record<string, string | null>>): Promise<boolean>;
  /** Merge-patches .status through the status subresource. False when the object is gone. */
  patchStatus(ref: ObjectRef, status: unknown): Promise<boolean>;
}

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const isNotFound = (error: unknown): boolean => error instanceof ApiException && (error as ApiException<unknown>).code === 404;

async function unlessGone(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Plural of the kinds feedback writes status on (custom resources only need it). */
function pluralOf(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

/** A merge patch body: null values delete keys, which the typed header cannot say. */
function withAnnotations<T extends { metadata: object }>(header: T, annotations: Readonly<Record<string, string | null>>): T {
  return { ...header, metadata: { ...header.metadata, annotations } };
}

/** Per-request deadline of the feedback calls (Events, status, annotations). */
export const FEEDBACK_REQUEST_TIMEOUT_MS = 10_000;

export function createKubeFeedbackApi(kubeConfig: KubeConfig, requestTimeoutMs = FEEDBACK_REQUEST_TIMEOUT_MS): FeedbackApi {
  const api = unboundedFeedbackApi(kubeConfig);
  const within = <T>(what: string, request: Promise<T>): Promise<T> => withTimeout(request, requestTimeoutMs, what);
  const at = (ref: ObjectRef): string => `${ref.kind} ${ref.namespace === '' ? '' : `${ref.namespace}/`}${ref.name}`;
  return {
    createEvent: (namespace, event) => within(`create Event in ${namespace}`, api.createEvent(namespace, event)),
    patchEvent: (namespace, name, patch) => within(`patch Event ${namespace}/${name}`, api.patchEvent(namespace, name, patch)),
    getObject: (ref) => within(`read ${at(ref)}`, api.getObject(ref)),
    patchAnnotations: (ref, annotations) => within(`patch annotations of ${at(ref)}`, api.patchAnnotations(ref, annotations)),
    patchStatus: (ref, status) => within(`patch status of ${at(ref)}`, api.patchStatus(ref, status)),
  };
}

function unboundedFeedbackApi(kubeConfig: KubeConfig): FeedbackApi {
  const events = kubeConfig.makeApiClient(EventsV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  type Header = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };
  const spec = (ref: ObjectRef): Header => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace === '' ? {} : { namespace: ref.namespace }) },
  });
  return {
    createEvent: async (namespace, event) => {
      await events.createNamespacedEvent({ namespace, body: event as never });
    },
    patchEvent: (namespace, name, patch) => unlessGone(() => events.patchNamespacedEvent({ namespace, name, body: patch }, MERGE)),
    getObject: async (ref) => {
      try {
        const obj: KubernetesObject & { status?: unknown } = await objects.read<KubernetesObject & { status?: unknown }>(spec(ref));
        return {
          ...(obj.metadata?.uid === undefined ? {} : { uid: obj.metadata.uid }),
          ...(obj.metadata?.generation === undefined ? {} : { generation: obj.metadata.generation }),
          annotations: obj.metadata?.annotations ?? {},
          status: obj.status,
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    patchAnnotations: (ref, annotations) =>
      unlessGone(() =>
        objects.patch(withAnnotations(spec(ref), annotations), undefined, undefined, 'zonekeeper', undefined, PatchStrategy.MergePatch),
      ),
    patchStatus: (ref, status) => {
      const { group, version } = groupVersion(ref.apiVersion);
      return unlessGone(() =>
        custom.patchNamespacedCustomObjectStatus(
          { group, version, namespace: ref.namespace, plural: pluralOf(ref.kind), name: ref.name, body: { status } },
          MERGE,
        ),
      );
    },
  };
}
