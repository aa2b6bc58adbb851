/**
 * The informer's contract: what to watch, how to tune restarts and the watchdog, the hooks for
 * logs, and the counters it reports for health and metrics.
 * @module
 */
import type { PlainObject } from './project.ts';

export type InformerSpec = Readonly<{
  /** Name for logs and metrics, e.g. `services`. */
  name: string;
  apiVersion: string;
  kind: string;
  /** Key of the projection shape in SHAPES (e.g. `Route` for every route kind). */
  shape: string;
  /** Collection path, e.g. `/api/v1/namespaces/apps/services`. */
  path: string;
  /** Server-side label selector, sent on the list and on the watch. */
  labelSelector?: string;
  /** Server-side field selector, sent on the list and on the watch. */
  fieldSelector?: string;
  keepAnnotation: (key: string) => boolean;
}>;

export type InformerTuning = Readonly<{
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Restart when nothing (event, bookmark, reconnect, list) happened for this long. */
  watchdogMs: number;
  /** client-node's watch inactivity timeout (it reconnects on its own after this). */
  watchInactivityMs: number;
  /** Base of the server-side watch timeout (base..2×base). */
  watchTimeoutSeconds: number;
  /** Items per LIST page. */
  pageSize: number;
  random: () => number;
}>;

export const DEFAULT_INFORMER_TUNING: InformerTuning = {
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
  watchdogMs: 150_000,
  watchInactivityMs: 90_000,
  watchTimeoutSeconds: 300,
  pageSize: 500,
  random: Math.random,
};

export type ObjectEventType = 'add' | 'update' | 'delete';

/** Reports for logs; both are optional and must not throw (a throw is swallowed). */
export type InformerHooks = Readonly<{
  /** A handler threw. */
  onHandlerError?: (error: unknown) => void;
  /** A list or watch failed, or the watchdog fired; `message` names the collection and the cause. Called before each restart. */
  onError?: (message: string) => void;
}>;
export type ObjectHandler = (type: ObjectEventType, obj: PlainObject) => void;

export type InformerStats = Readonly<{
  name: string;
  /** The first list has completed (the cache can be read). */
  synced: boolean;
  /** Synced, no restart pending, and something was heard within the watchdog period. */
  healthy: boolean;
  objects: number;
  restarts: number;
  errors: number;
  /** Changes (add, update, delete) delivered to the handlers. */
  events: number;
  lists: number;
  connects: number;
  handlerErrors: number;
  lastError: string;
  /** Milliseconds since the last event, bookmark, reconnect or list. */
  lastActivityAgeMs: number;
}>;
