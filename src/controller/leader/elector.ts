/**
 * Lease-based leader election (coordination.k8s.io/v1), after client-go's rules:
 * - acquire by create, or by replacing at the read resourceVersion (HTTP 409 = someone was faster);
 * - a lease held by another identity is taken only once it has not changed for its duration on OUR
 *   monotonic clock (see decide.ts);
 * - the leader renews every retry period; a renewal that finds another holder steps down at once, and
 *   a leader that cannot renew for `renewDeadlineMs` steps down even while its request is still hanging;
 * - `assertLeadership(margin)` is what guards every provider write: we hold the lease, the latest
 *   renewal attempt did not fail, and the lease we last renewed is valid for at least `margin` more
 *   milliseconds (measured from the moment the renewal request was SENT, the conservative end).
 * A process frozen (SIGSTOP, GC pause, VM stall) past its lease wakes up with assertLeadership() false:
 * the monotonic clock kept running while it was frozen.
 * @module
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../../log/logger.ts';
import { claim, decide, observe, type Observation } from './decide.ts';
import { createKubeLeaseApi, LeaseConflict, type LeaseApi, type LeaseRecord } from './lease-api.ts';

export type MonotonicClock = Readonly<{ now: () => number }>;

export const MONOTONIC: MonotonicClock = { now: () => performance.now() };

export type LeaderElectorOptions = Readonly<{
  kubeConfig?: KubeConfig;
  /** Replaces the client-node adapter (tests inject failures through it). One of kubeConfig or leaseApi. */
  leaseApi?: LeaseApi;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Default margin for assertLeadership(): an allowance for clock-rate skew and write latency. */
  defaultMarginMs?: number;
  clock?: MonotonicClock;
  logger: Logger;
}>;

export interface LeaderElector {
  /** Starts campaigning in the background. */
  start(): void;
  /** Stops campaigning and releases the lease if we hold it (the next replica takes over at once). */
  stop(): Promise<void>;
  isLeader(): boolean;
  /** Calls `listener(isLeader)` on every change; returns an unsubscribe function. */
  onChange(listener: (leader: boolean) => void): () => void;
  /** True only if a write started now is still covered by our lease (see module comment). */
  assertLeadership(marginMs?: number): boolean;
}

export const LEADER_DEFAULTS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, marginMs: 2_000 } as const;

export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const leaseDurationMs = options.leaseDurationMs ?? LEADER_DEFAULTS.leaseDurationMs;
  const renewDeadlineMs = options.renewDeadlineMs ?? LEADER_DEFAULTS.renewDeadlineMs;
  const retryPeriodMs = options.retryPeriodMs ?? LEADER_DEFAULTS.retryPeriodMs;
  const defaultMarginMs = options.defaultMarginMs ?? LEADER_DEFAULTS.marginMs;
  if (!(retryPeriodMs < renewDeadlineMs && renewDeadlineMs < leaseDurationMs)) {
    throw new Error(
      `leader election: need retry period (${retryPeriodMs} ms) < renew deadline (${renewDeadlineMs} ms) < lease duration (${leaseDurationMs} ms)`,
    );
  }
  const clock = options.clock ?? MONOTONIC;
  const { identity, logger } = options;
  const leaseName = `${options.namespace}/${options.name}`;
  const api =
    options.leaseApi ??
    (options.kubeConfig === undefined
      ? undefined
      : createKubeLeaseApi({ kubeConfig: options.kubeConfig, namespace: options.namespace, name: options.name, requestTimeoutMs: renewDeadlineMs }));
  if (api === undefined) throw new Error('leader election: pass kubeConfig or leaseApi');

  const listeners = new Set<(leader: boolean) => void>();
  let leader = false;
  let lastRenewSentAt = Number.NEGATIVE_INFINITY;
  let lastAttemptFailed = false;
  let observation: Observation | undefined;
  let held: LeaseRecord | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let stopping = false;

  const setLeader = (value: boolean, why: string): void => {
    if (value === leader) return;
    leader = value;
    if (!value) {
      held = undefined;
      lastRenewSentAt = Number.NEGATIVE_INFINITY;
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
      deadlineTimer = undefined;
    }
    if (value) logger.info({ lease: leaseName, identity }, `Became leader: ${why}`);
    else logger.warn({ lease: leaseName, identity }, `Stopped leading: ${why}`);
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        logger.error({ err: error }, 'Leader change listener failed');
      }
    }
  };

  let currentAttempt = 0;
  let nextDelayMs = retryPeriodMs;
  const renewed = (record: LeaseRecord, sentAt: number, why: string, attemptId: number): void => {
    // A late answer to an attempt the loop already gave up on is ignored.
    if (attemptId !== currentAttempt) return;
    // Our write landed: keep its version even while stopping, so the release is not refused as stale.
    held = record;
    if (stopping) return;
    observation = { record, observedAt: clock.now() };
    lastRenewSentAt = sentAt;
    lastAttemptFailed = false;
    if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
    // Steps down on time even when the renewal request itself hangs.
    deadlineTimer = setTimeout(() => {
      setLeader(false, `no successful renewal for ${renewDeadlineMs} ms (renew deadline)`);
    }, Math.max(0, sentAt + renewDeadlineMs - clock.now()));
    setLeader(true, why);
  };

  const attempt = async (): Promise<void> => {
    const id = ++currentAttempt;
    const sentAt = clock.now();
    if (leader && held !== undefined) {
      // Optimistic renewal with the version we wrote last; a 409 falls through to a fresh read.
      try {
        renewed(await api.update(claim(identity, held, leaseDurationMs, new Date())), sentAt, 'renewed', id);
        return;
      } catch (error) {
        if (!(error instanceof LeaseConflict)) throw error;
      }
    }
    const current = await api.get();
    const now = clock.now();
    observation = current === undefined ? undefined : observe(observation, current, now);
    const decision = decide(identity, observation, now, leaseDurationMs);
    switch (decision.action) {
      case 'create':
        renewed(await api.create(claim(identity, undefined, leaseDurationMs, new Date())), sentAt, 'created the lease', id);
        return;
      case 'renew':
      case 'takeover':
        renewed(
          await api.update(claim(identity, current, leaseDurationMs, new Date())),
          sentAt,
          decision.action === 'renew' ? 'renewed' : `took over the lease from "${decision.previousHolder}" after it expired`,
          id,
        );
        return;
      case 'wait':
        if (id === currentAttempt) setLeader(false, `the lease is held by "${decision.holder}"`);
        // A standby polls at a quarter of the retry period: it counts the holder's lease from the
        // moment it sees a renewal, so seeing it sooner means taking over sooner after a crash
        // (never earlier than the lease allows). And it tries again the moment the lease expires.
        nextDelayMs = Math.min(Math.max(50, retryPeriodMs / 4), decision.expiresInMs + 1);
        return;
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      nextDelayMs = retryPeriodMs;
      try {
        await bounded(attempt(), renewDeadlineMs);
      } catch (error) {
        if (leader) {
          lastAttemptFailed = true;
          if (error instanceof LeaseConflict) setLeader(false, 'another replica wrote the lease');
          else logger.warn({ err: error, lease: leaseName }, 'Lease renewal failed; writes paused until it succeeds');
        } else {
          logger.debug({ err: error, lease: leaseName }, 'Lease acquisition attempt failed');
        }
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, nextDelayMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  return {
    start: () => {
      if (running !== undefined) return;
      stopping = false;
      running = loop();
    },
    stop: async () => {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
      const release = leader ? held : undefined;
      setLeader(false, 'stopping');
      if (release === undefined) return;
      const released = (record: LeaseRecord): LeaseRecord => ({ ...record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new Date().toISOString() });
      try {
        try {
          await api.update(released(held ?? release));
        } catch (error) {
          // A renewal that landed after we read our version: release again if the lease is still ours.
          const current = error instanceof LeaseConflict ? await api.get() : undefined;
          if (current?.holderIdentity !== identity) throw error;
          await api.update(released(current));
        }
        logger.info({ lease: leaseName, identity }, 'Released the lease');
      } catch (error) {
        logger.warn({ err: error, lease: leaseName }, 'Could not release the lease; another replica takes over when it expires');
      }
    },
    isLeader: () => leader,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    assertLeadership: (marginMs = defaultMarginMs) =>
      leader && !lastAttemptFailed && clock.now() < lastRenewSentAt + leaseDurationMs - marginMs,
  };
}

/** The loop never waits on a hung request longer than `ms`; the request's late answer is ignored. */
async function bounded(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`lease request: no answer within ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
