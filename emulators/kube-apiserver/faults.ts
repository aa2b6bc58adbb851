// Fault injection and request accounting for tests: end or reset watches, fail the next watch
// requests, compact history, add latency, and count open watches and requests by verb and resource.

import type { ObjectStore } from './store.ts';
import type { ExpiredMode, WatchHub } from './watch.ts';

export interface KubeFaults {
  /** Ends every open watch cleanly (as a server-side timeout does). Returns how many were open. */
  closeWatches(): number;
  /** Resets every open watch connection (ECONNRESET on the client). Returns how many were open. */
  resetWatches(): number;
  /** The next `count` watch requests answer HTTP `code` (default 500) with a Status body. */
  failNextWatches(count: number, code?: number): void;
  /** Forgets all watch history: a watch from any older resourceVersion gets 410 Expired. */
  compactHistory(): void;
  /** How a too-old resourceVersion is refused: 'error-event' (200 + ERROR event, default) or 'http' (410). */
  setExpiredMode(mode: ExpiredMode): void;
  /** Delay before every request is handled (0 to turn off). */
  setLatency(ms: number): void;
  openWatches(): number;
  /** Resolves once exactly `count` watches are open; rejects after `timeoutMs` naming what it saw. */
  waitForOpenWatches(count: number, timeoutMs?: number): Promise<void>;
  /** Requests seen, by verb and resource: requestCount('watch', 'services'), requestCount('list'). */
  requestCount(verb?: string, resource?: string): number;
  /** Snapshot of "<verb> <resource>" → count, e.g. "patch leases.coordination.k8s.io". */
  requests(): ReadonlyMap<string, number>;
  resetCounters(): void;
}

/** Mutable fault state read by the server on every request. */
export class FaultState {
  latencyMs = 0;
  expiredMode: ExpiredMode = 'error-event';
  failWatches = 0;
  failWatchCode = 500;
  readonly counts = new Map<string, number>();

  count(verb: string, resource: string): void {
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Consumes one injected watch failure, returning its HTTP code. */
  takeWatchFailure(): number | undefined {
    if (this.failWatches <= 0) return undefined;
    this.failWatches -= 1;
    return this.failWatchCode;
  }
}

export function createFaults(state: FaultState, hub: WatchHub, store: ObjectStore): KubeFaults {
  return {
    closeWatches: () => hub.closeAll(),
    resetWatches: () => hub.resetAll(),
    failNextWatches: (count, code = 500) => {
      state.failWatches = count;
      state.failWatchCode = code;
    },
    compactHistory: () => {
      store.compact();
    },
    setExpiredMode: (mode) => {
      state.expiredMode = mode;
    },
    setLatency: (ms) => {
      state.latencyMs = Math.max(0, ms);
    },
    openWatches: () => hub.openCount,
    waitForOpenWatches: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (hub.openCount !== count) {
        if (Date.now() > deadline) {
          throw new Error(`waited ${timeoutMs} ms for ${count} open watches; ${hub.openCount} are open`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    requestCount: (verb, resource) => {
      let total = 0;
      for (const [key, value] of state.counts) {
        const [v, r] = key.split(' ');
        if ((verb === undefined || v === verb) && (resource === undefined || r === resource)) total += value;
      }
      return total;
    },
    requests: () => new Map(state.counts),
    resetCounters: () => {
      state.counts.clear();
    },
  };
}
