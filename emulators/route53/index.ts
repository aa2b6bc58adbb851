/**
 * Route53 emulator: an HTTP server speaking Route53's REST-XML API (2013-04-01) strictly enough
 * that `@aws-sdk/client-route-53` runs against it, for tests and local runs.
 *
 *   const r53 = await startRoute53Emulator({ insyncDelayMs: 50 });
 *   const client = new Route53Client({ region: 'us-east-1', endpoint: r53.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
 *   …
 *   await r53.close();
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeLog, type ChangeBatchListener } from './change-log.ts';
import type { Context, Limits } from './context.ts';
import { Counts } from './counts.ts';
import { Faults } from './faults.ts';
import { serve } from './server.ts';
import { StateStore } from './state.ts';
import { Throttler } from './throttle.ts';
import type { ThrottleOptions } from './throttle.ts';

export type { ChangeBatchEntry, ChangeBatchListener, LoggedChange } from './change-log.ts';
export type { CountsSnapshot, OperationCount } from './counts.ts';
export type { FaultSettings } from './faults.ts';
export type { ThrottleOptions, BucketSpec } from './throttle.ts';
export { AWS_2026_THROTTLE, LEGACY_THROTTLE } from './throttle.ts';
export type { StateData, Zone, RecordSet, HealthCheck } from './state.ts';
export { Counts } from './counts.ts';
export { Faults } from './faults.ts';
export { StateStore } from './state.ts';

export interface Route53EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Persist state to this JSON file (loaded at start, rewritten atomically after each mutation). */
  readonly stateFile?: string;
  /** Request-rate token buckets; throttling is off when absent. */
  readonly throttle?: ThrottleOptions;
  /** GetChange reports PENDING until this long after submission (default 0: INSYNC at once). */
  readonly insyncDelayMs?: number;
  /** A zone's ChangeResourceRecordSets stays "in flight" this long; another one meanwhile gets PriorRequestNotComplete (default 0). */
  readonly inFlightMs?: number;
  /** Per-zone record-set quota (default 10,000). */
  readonly maxRecordsPerZone?: number;
  /** Hosted zones per account (default 500). */
  readonly maxHostedZones?: number;
  /** Health checks per account (default 200). */
  readonly maxHealthChecks?: number;
  /** Refuse unsigned requests like AWS (default true). */
  readonly requireAuth?: boolean;
  /** Seed for random fault shares (default 1). */
  readonly faultSeed?: number;
  /** Clock in ms (default Date.now), for tests that drive time. */
  readonly now?: () => number;
}

export interface Route53Emulator {
  /** `http://127.0.0.1:<port>`: pass as the SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** The live state (zones, records, changes, health checks); read it, mutate only with care. */
  readonly state: StateStore;
  /** Call counts by operation, outcome and access key; `counts.lastAccessKeyId`; `counts.reset()`. */
  readonly counts: Counts;
  /** Fault injection: `faults.set({...})`, `faults.clear()`. */
  readonly faults: Faults;
  /** Replaces (or with undefined, turns off) the throttling buckets; they start full. */
  setThrottle(options: ThrottleOptions | undefined): void;
  /** Calls `listener` after every ChangeResourceRecordSets (signer, arrival/answer times, outcome, record sets); returns unsubscribe. */
  onChangeBatch(listener: ChangeBatchListener): () => void;
  close(): Promise<void>;
}

/** Starts the emulator on loopback and resolves once it listens. */
export async function startRoute53Emulator(options: Route53EmulatorOptions = {}): Promise<Route53Emulator> {
  const now = options.now ?? Date.now;
  const limits: Limits = {
    insyncDelayMs: options.insyncDelayMs ?? 0,
    inFlightMs: options.inFlightMs ?? 0,
    maxRecordsPerZone: options.maxRecordsPerZone ?? 10_000,
    maxHostedZones: options.maxHostedZones ?? 500,
    maxHealthChecks: options.maxHealthChecks ?? 200,
  };
  const store = new StateStore(options.stateFile);
  let throttler = options.throttle === undefined ? undefined : new Throttler(options.throttle, now());
  const ctx: Context = { store, now, limits, inFlightUntil: new Map(), throttler: () => throttler };
  const counts = new Counts();
  const faults = new Faults(now, options.faultSeed ?? 1);
  const setThrottle = (next: ThrottleOptions | undefined): void => {
    throttler = next === undefined ? undefined : new Throttler(next, now());
  };
  const changeLog = new ChangeLog();
  const parts = { ctx, counts, faults, setThrottle, requireAuth: options.requireAuth ?? true, changeLog };
  const server = createServer((req, res) => {
    serve(parts, req, res).catch((error: unknown) => {
      process.stderr.write(`route53 emulator: failed to answer ${req.method ?? ''} ${req.url ?? ''}: ${String(error)}\n`);
      res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    state: store,
    counts,
    faults,
    setThrottle,
    onChangeBatch: (listener) => changeLog.on(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
