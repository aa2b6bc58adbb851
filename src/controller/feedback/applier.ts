/**
 * Sends FeedbackItems to the cluster: Events through the recorder, DNSEndpoint status through the
 * status subresource, and the optional status annotation on other kinds, each written only when it
 * changes. The live object comes from `resolve` (an informer cache) when given, else from a GET.
 * Feedback never fails a pass: every error is logged and counted, then the next item goes on.
 * @module
 */
import type { Logger } from '../../log/logger.ts';
import { createEventRecorder, type EventRecorderOptions } from './events.ts';
import type { FeedbackItem } from './feedback.ts';
import type { FeedbackApi, LiveObject } from './kube-api.ts';
import { isDnsEndpoint, objectRefOf, refKey, type ObjectRef } from './object-ref.ts';
import { nextDnsEndpointStatus, statusAnnotationValue } from './status.ts';

/** The annotation `--status-annotation` writes. */
export const STATUS_ANNOTATION = 'zonekeeper.io/dns-status';

export type FeedbackApplierOptions = Readonly<{
  api: FeedbackApi;
  identity: string;
  logger: Logger;
  /** Emit Events (default true). */
  events?: boolean;
  /** Write DNSEndpoint status (default true). */
  dnsEndpointStatus?: boolean;
  /** Annotation key for the compact status on non-DNSEndpoint objects; '' or absent turns it off. */
  statusAnnotation?: string;
  /** The cached object for a reference (uid, generation, annotations, status), or undefined to GET it. */
  resolve?: (ref: ObjectRef) => LiveObject | undefined;
  /** Items handled at once. */
  concurrency?: number;
  recorder?: Omit<EventRecorderOptions, 'api' | 'identity' | 'logger'>;
}>;

export type FeedbackReport = { items: number; statusWrites: number; annotationWrites: number; errors: number };

export interface FeedbackApplier {
  apply(items: readonly FeedbackItem[]): Promise<FeedbackReport>;
}

function hasConditions(status: unknown): boolean {
  return typeof status === 'object' && status !== null && Array.isArray((status as { conditions?: unknown }).conditions);
}

export function createFeedbackApplier(options: FeedbackApplierOptions): FeedbackApplier {
  const { api, logger } = options;
  const recorder = createEventRecorder({ ...options.recorder, api, identity: options.identity, logger });
  const annotationKey = options.statusAnnotation ?? '';
  const writeStatus = options.dnsEndpointStatus ?? true;
  const writeEvents = options.events ?? true;
  const writtenStatus = new Map<string, unknown>();
  const writtenAnnotation = new Map<string, string>();

  const one = async (item: FeedbackItem, report: FeedbackReport): Promise<void> => {
    const base = objectRefOf(item.resource);
    if (base === undefined) return;
    const dnsEndpoint = isDnsEndpoint(base);
    const key = refKey(base);
    const annotation = !dnsEndpoint && annotationKey !== '' ? statusAnnotationValue(item.status) : undefined;
    // Without a cache, an annotation we already wrote costs no GET; a DNSEndpoint needs its generation.
    const needsObject = (dnsEndpoint && writeStatus) || (annotation !== undefined && writtenAnnotation.get(key) !== annotation);
    const cached = options.resolve?.(base);
    const object = cached ?? (needsObject ? await api.getObject(base) : undefined);
    const ref: ObjectRef = object?.uid === undefined ? base : { ...base, uid: object.uid };
    if (writeEvents) for (const event of item.events) await recorder.emit(ref, event);
    if (object === undefined) return; // gone (or unknown): nothing to write status on
    if (dnsEndpoint && writeStatus) {
      // A cache may strip .status; then what we wrote last stands in for it, so an unchanged status
      // is not rewritten every pass (each write is a watch event that would trigger another pass).
      const previous = hasConditions(object.status) ? object.status : writtenStatus.get(key);
      const next = nextDnsEndpointStatus(item.status, object.generation, previous, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
      if (next !== undefined && (await api.patchStatus(ref, next))) {
        writtenStatus.set(key, next);
        report.statusWrites++;
      }
    } else if (annotation !== undefined) {
      if (object.annotations?.[annotationKey] === annotation || writtenAnnotation.get(key) === annotation) return;
      if (await api.patchAnnotations(ref, { [annotationKey]: annotation })) {
        writtenAnnotation.set(key, annotation);
        report.annotationWrites++;
      }
    }
  };

  return {
    apply: async (items) => {
      const report: FeedbackReport = { items: items.length, statusWrites: 0, annotationWrites: 0, errors: 0 };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < items.length) {
          const item = items[next++];
          if (item === undefined) continue;
          try {
            await one(item, report);
          } catch (error) {
            report.errors++;
            logger.warn({ err: error, object: item.resource }, 'Could not write DNS status feedback on the object');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
      // Forget objects this pass no longer mentions (deleted, or without records): memory stays bounded.
      const mentioned = new Set(items.flatMap((i) => {
        const ref = objectRefOf(i.resource);
        return ref === undefined ? [] : [refKey(ref)];
      }));
      for (const memo of [writtenStatus, writtenAnnotation]) for (const key of memo.keys()) if (!mentioned.has(key)) memo.delete(key);
      return report;
    },
  };
}
