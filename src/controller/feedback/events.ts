/**
 * Kubernetes Events (events.k8s.io/v1) on source objects, deduplicated and rate-capped:
 * - the same object + reason + note seen again within `windowMs` does not make a new Event; it bumps
 *   the existing Event's `series.count` (by merge patch, at most once per `seriesIntervalMs`, so a
 *   conflict seen every pass costs one write per interval, not one per pass);
 * - each object has a token bucket (`burst`, one token back per `refillMs`) shared by creates and
 *   series patches, so one object with a thousand records cannot flood the API server, and all
 *   objects share a global bucket (`globalBurst`, one token back per `globalRefillMs`) so a pass
 *   touching thousands of objects cannot either.
 * Dropped events are counted (metric) and logged at debug; they are never an error.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../log/logger.ts';
import type { FeedbackEvent } from './feedback.ts';
import { truncate } from './feedback.ts';
import type { FeedbackApi } from './kube-api.ts';
import { refKey, type ObjectRef } from './object-ref.ts';

export const REPORTING_CONTROLLER = 'zonekeeper';

export type EventRecorderOptions = Readonly<{
  api: FeedbackApi;
  /** reportingInstance: this replica's identity (pod name). */
  identity: string;
  windowMs?: number;
  seriesIntervalMs?: number;
  burst?: number;
  refillMs?: number;
  /** All objects together (default 100 events, then 10 per second). */
  globalBurst?: number;
  globalRefillMs?: number;
  /** Wall clock in epoch ms (Event times are wall-clock). */
  now?: () => number;
  logger: Logger;
  onOutcome?: (reason: string, outcome: 'created' | 'series' | 'dropped' | 'failed') => void;
}>;

export interface EventRecorder {
  /** Emits (or folds into a series) one event; never throws. */
  emit(ref: ObjectRef, event: FeedbackEvent): Promise<void>;
}

type Seen = { namespace: string; name: string; count: number; written: number; lastObserved: number; lastWrite: number };
type Bucket = { tokens: number; at: number };

/** events.k8s.io wants microsecond precision: `2026-01-02T03:04:05.678000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  const windowMs = options.windowMs ?? 10 * 60_000;
  const seriesIntervalMs = options.seriesIntervalMs ?? 60_000;
  const burst = options.burst ?? 25;
  const refillMs = options.refillMs ?? 10_000;
  const globalBurst = options.globalBurst ?? 100;
  const globalRefillMs = options.globalRefillMs ?? 100;

  const now = options.now ?? Date.now;
  let global: Bucket = { tokens: globalBurst, at: now() };
  const { api, logger } = options;
  const seen = new Map<string, Seen>();
  const buckets = new Map<string, Bucket>();
  let lastPrune = 0;

  const take = (object: string, at: number): boolean => {
    const b = buckets.get(object) ?? { tokens: burst, at };
    const tokens = Math.min(burst, b.tokens + (at - b.at) / refillMs);
    const globalTokens = Math.min(globalBurst, global.tokens + (at - global.at) / globalRefillMs);
    const ok = tokens >= 1 && globalTokens >= 1;
    buckets.set(object, { tokens: ok ? tokens - 1 : tokens, at });
    global = { tokens: ok ? globalTokens - 1 : globalTokens, at };
    return ok;
  };
  const prune = (at: number): void => {
    if (at - lastPrune < windowMs) return;
    lastPrune = at;
    for (const [key, s] of seen) if (at - s.lastObserved >= windowMs) seen.delete(key);
    for (const [key, b] of buckets) if (b.tokens + (at - b.at) / refillMs >= burst) buckets.delete(key);
  };
  const outcome = (reason: string, o: 'created' | 'series' | 'dropped' | 'failed'): void => options.onOutcome?.(reason, o);

  const create = async (ref: ObjectRef, event: FeedbackEvent, key: string, at: number): Promise<void> => {
    const namespace = ref.namespace === '' ? 'default' : ref.namespace;
    const name = `${ref.name.slice(0, 230)}.${at.toString(16)}${randomBytes(3).toString('hex')}`;
    await api.createEvent(namespace, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name, namespace },
      eventTime: microTime(at),
      reportingController: REPORTING_CONTROLLER,
      reportingInstance: options.identity,
      action: event.action,
      reason: event.reason,
      note: truncate(event.note, 1024),
      type: event.type,
      regarding: {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        ...(ref.namespace === '' ? {} : { namespace: ref.namespace }),
        ...(ref.uid === undefined ? {} : { uid: ref.uid }),
      },
    });
    seen.set(key, { namespace, name, count: 1, written: 1, lastObserved: at, lastWrite: at });
    outcome(event.reason, 'created');
  };

  return {
    emit: async (ref, event) => {
      const at = now();
      prune(at);
      const object = refKey(ref);
      const key = `${object}\u0000${event.type}\u0000${event.reason}\u0000${event.note}`;
      const previous = seen.get(key);
      try {
        if (previous !== undefined && at - previous.lastObserved < windowMs) {
          previous.count++;
          previous.lastObserved = at;
          if (at - previous.lastWrite < seriesIntervalMs) return;
          if (!take(object, at)) {
            outcome(event.reason, 'dropped');
            return;
          }
          const patched = await api.patchEvent(previous.namespace, previous.name, {
            series: { count: previous.count, lastObservedTime: microTime(at) },
          });
          if (patched) {
            previous.written = previous.count;
            previous.lastWrite = at;
            outcome(event.reason, 'series');
            return;
          }
          // The API server expired the Event (its TTL is about an hour): start a new one.
          seen.delete(key);
        } else if (!take(object, at)) {
          outcome(event.reason, 'dropped');
          logger.debug({ object, reason: event.reason }, 'Event dropped: this object is over its event rate');
          return;
        }
        await create(ref, event, key, at);
      } catch (error) {
        outcome(event.reason, 'failed');
        logger.warn({ err: error, object, reason: event.reason }, 'Could not write a Kubernetes Event');
      }
    },
  };
}
