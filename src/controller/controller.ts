/**
 * The long-running controller: event-driven reconcile passes (startTrigger: debounce, max delay,
 * interval), guarded writes, feedback, metrics, and the health/readiness the HTTP server reports.
 *
 * - Writes are gated: `leader.assertLeadership()` is checked immediately before registry.applyChanges;
 *   a replica that lost its lease between planning and writing writes nothing (NotLeaderError), and
 *   losing it during the write aborts the pass's signal (providers stop between change batches).
 * - A standby (elector present, lease not held) computes NOTHING: it reads no provider state, because
 *   Route53's 5 req/s budget is per account and a standby's reads would starve the leader. Its source
 *   caches stay warm on their own; on gaining the lease it runs a pass at once.
 * - Readiness: caches synced, and for a replica that leads (or runs without election) the first pass
 *   succeeded. A standby is ready once synced, so rolling updates are not blocked by the lease.
 * - Liveness fails only when one pass has run longer than `stallMs` (a hung call the kubelet should
 *   cure by restarting us).
 * - Every pass re-plans everything. Source.onChange carries no names, and even where a source knows
 *   the changed object (KubeSources.onObjectChange), conflicts, ownership and the per-zone delete
 *   threshold need the whole view; the plan is fast (100k endpoints in about a second) and sources
 *   translate incrementally, so partial re-planning is not done.
 * - Feedback (Events, status) follows a successful pass; none in a dry run, and none from a replica
 *   that lost the lease after its write (the new leader reports from then on).
 * @module
 */
import type { Endpoint } from '../endpoint/index.ts';
import type { Logger } from '../log/logger.ts';
import { hasChanges } from '../plan/changes.ts';
import type { Registry } from '../registry/registry.ts';
import type { HealthChecks } from '../server/http-server.ts';
import type { Source } from '../source/source.ts';
import { feedbackFrom, heldBackChanges, type FeedbackApplier } from './feedback/index.ts';
import type { LeaderElector } from './leader/index.ts';
import type { ControllerMetrics, PassOutcome } from './metrics.ts';
import { reconcileOnce, type ReconcileDeps, type ReconcileResult } from './reconcile.ts';
import { startTrigger, REAL_TIMERS, type Timers } from './trigger.ts';

/** Thrown by the write gate: the lease was lost (or could not be renewed) after planning. */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
}

export type ControllerOptions = Readonly<{
  deps: ReconcileDeps;
  dryRun?: boolean;
  /** --interval: a full pass at least this often. */
  intervalMs: number;
  /** --event-debounce (default 200 ms). */
  debounceMs?: number;
  /** --max-event-delay (default 2 s): a stream of changes never delays a pass longer. */
  maxDelayMs?: number;
  /** Delay before retrying a failed pass (default 5 s, never more than the interval). */
  retryMs?: number;
  leader?: LeaderElector;
  /** Margin passed to assertLeadership() before each write (default: the elector's). */
  leadershipMarginMs?: number;
  feedback?: FeedbackApplier;
  metrics?: ControllerMetrics;
  logger: Logger;
  /** Resolves once the sources' caches hold a full list (live cluster sources); no pass runs before. */
  synced?: Promise<void>;
  /** Liveness fails when one pass runs longer than this (default max(10 min, 5 × interval)). */
  stallMs?: number;
  timers?: Timers;
}>;

export type PassReport = Readonly<{ outcome: PassOutcome | 'standby'; result?: ReconcileResult; error?: unknown }>;

export interface Controller {
  readonly health: HealthChecks;
  /** Resolves with the report of the next pass to finish (tests and `--once`-style callers). */
  nextPass(): Promise<PassReport>;
  /** Lets the running pass finish (aborting it after `graceMs`), then stops scheduling passes. */
  stop(graceMs?: number): Promise<void>;
}

/** Which side a failed pass failed on (for the error metrics). */
type Recorded = { failedAt?: 'source' | 'registry' };

export function runController(options: ControllerOptions): Controller {
  const { deps, logger, leader, metrics, feedback } = options;
  const timers = options.timers ?? REAL_TIMERS;
  const stallMs = options.stallMs ?? Math.max(600_000, 5 * options.intervalMs);
  let synced = options.synced === undefined;
  let succeededOnce = false;
  let passStartedAt: number | undefined;
  let firstChangeAt: number | undefined;
  let waiters: ((report: PassReport) => void)[] = [];
  const abort = new AbortController();

  const finish = (report: PassReport): PassReport => {
    passStartedAt = undefined;
    const pending = waiters;
    waiters = [];
    for (const w of pending) w(report);
    return report;
  };

  // The whole pass, feedback included, counts for liveness: a hung feedback call stalls the loop too.
  const pass = async (): Promise<void> => {
    try {
      await passBody();
    } finally {
      passStartedAt = undefined;
    }
  };

  const passBody = async (): Promise<void> => {
    if (leader !== undefined && !leader.isLeader()) {
      finish({ outcome: 'standby' });
      return;
    }
    const rec: Recorded = {};
    const changeSince = firstChangeAt;
    firstChangeAt = undefined;
    const recording = record(deps, rec, () => {
      if (leader !== undefined && !leader.assertLeadership(options.leadershipMarginMs)) {
        throw new NotLeaderError('not writing: this replica no longer holds a fresh leader lease (lost, expired or renewal failing)');
      }
      // A dry run may still reach the provider (providerDryRun), but nothing is written.
      if (changeSince !== undefined && options.dryRun !== true) metrics?.observeEventToWrite((timers.now() - changeSince) / 1000);
    });
    const started = timers.now();
    passStartedAt = started;
    // Losing the lease mid-pass aborts it: a provider that honours the signal stops between batches.
    const passAbort = new AbortController();
    const onStop = (): void => {
      passAbort.abort(abort.signal.reason);
    };
    abort.signal.addEventListener('abort', onStop, { once: true });
    const unwatch = leader?.onChange((isLeader) => {
      if (!isLeader) passAbort.abort(new NotLeaderError('leadership lost during the pass; remaining writes abandoned'));
    });
    let result: ReconcileResult;
    try {
      result = await reconcileOnce(recording, { dryRun: options.dryRun ?? false, signal: passAbort.signal });
    } catch (error) {
      if (changeSince !== undefined) firstChangeAt ??= changeSince; // the change is still unwritten
      metrics?.observePass({ outcome: 'failed', durationSeconds: (timers.now() - started) / 1000, endedAt: Date.now() / 1000, failedAt: rec.failedAt ?? 'other' });
      finish({ outcome: 'failed', error });
      throw error;
    } finally {
      unwatch?.();
      abort.signal.removeEventListener('abort', onStop);
    }
    const outcome: PassOutcome = !hasChanges(result.plan.changes) ? 'noop' : result.applied ? 'applied' : 'planned';
    const heldBack = result.plan.refusals.length > 0 ? heldBackChanges(result.input, result.plan.refusals.map((r) => r.zone)) : undefined;
    if (heldBack !== undefined) {
      logger.error(
        { zones: result.plan.refusals.map((r) => r.zone), heldBackDeletes: heldBack.delete.length, heldBackWrites: heldBack.create.length + heldBack.updateNew.length },
        'SAFETY: the delete safety threshold is holding zones back; DeleteRefused events name the objects whose records would go',
      );
    }
    metrics?.observePass({
      outcome,
      durationSeconds: (timers.now() - started) / 1000,
      endedAt: Date.now() / 1000,
      current: result.input.current,
      desired: result.sourceEndpoints,
      zones: result.input.zones,
      plan: result.plan,
      rejected: result.rejected.length,
      problems: {
        errors: result.problems.filter((p) => p.severity === 'error').length,
        warnings: result.problems.filter((p) => p.severity === 'warning').length,
      },
    });
    succeededOnce = true;
    // Feedback is a cluster write too: a replica that lost the lease after its write leaves it to the new leader.
    if (feedback !== undefined && !(options.dryRun ?? false) && (leader === undefined || leader.isLeader())) {
      const items = feedbackFrom({ result, ownerId: deps.registry.ownerId, desired: result.sourceEndpoints, ...(heldBack === undefined ? {} : { heldBack }) });
      const report = await feedback.apply(items);
      if (report.errors > 0) logger.warn({ ...report }, 'Some feedback could not be written to the objects');
    }
    finish({ outcome, result });
  };

  let trigger: ReturnType<typeof startTrigger> | undefined;
  let stopped = false;
  const onSourceChange = (): void => {
    firstChangeAt ??= timers.now();
    trigger?.changed();
  };
  const unsubscribe = deps.source.onChange(onSourceChange);
  metrics?.setLeader(leader === undefined ? true : leader.isLeader());
  const unwatchLeader = leader?.onChange((isLeader) => {
    metrics?.setLeader(isLeader);
    if (isLeader) trigger?.changed();
  });

  const begin = (): void => {
    if (stopped) return;
    synced = true;
    trigger = startTrigger({
      pass,
      onError: (error) => {
        if (error instanceof NotLeaderError) logger.warn({ err: error }, 'Leadership lost before writing; nothing was written in this pass');
        else logger.error({ err: error }, 'Reconcile pass failed; retrying. A failure before the write step writes nothing; after it, only the batches the provider reported as sent were written.');
      },
      intervalMs: options.intervalMs,
      debounceMs: options.debounceMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 2_000,
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
      timers,
    });
  };
  if (options.synced === undefined) begin();
  else {
    options.synced.then(begin, (error: unknown) => {
      logger.error({ err: error }, 'Source caches failed to sync; no reconcile will run');
    });
  }

  return {
    health: {
      alive: () => {
        const running = passStartedAt === undefined ? 0 : timers.now() - passStartedAt;
        return running > stallMs ? { ok: false, reason: `a reconcile pass has been running for ${Math.round(running / 1000)} s (limit ${Math.round(stallMs / 1000)} s)` } : { ok: true };
      },
      ready: () => {
        if (!synced) return { ok: false, reason: 'waiting for the source caches to sync' };
        if (leader !== undefined && !leader.isLeader()) return { ok: true };
        return succeededOnce ? { ok: true } : { ok: false, reason: 'waiting for the first successful reconcile' };
      },
    },
    nextPass: () =>
      new Promise<PassReport>((resolve) => {
        waiters.push(resolve);
      }),
    stop: async (graceMs = 15_000) => {
      stopped = true;
      unsubscribe();
      unwatchLeader?.();
      const stopping = trigger?.stop() ?? Promise.resolve();
      const timer = timers.setTimeout(() => {
        abort.abort(new Error(`controller stopping: pass aborted after ${graceMs} ms grace`));
      }, graceMs);
      await stopping;
      timers.clearTimeout(timer);
    },
  };
}

/** Wraps source and registry to note which side a failed pass failed on, and to gate writes. */
function record(deps: ReconcileDeps, rec: Recorded, beforeWrite: () => void): ReconcileDeps {
  const { source, registry } = deps;
  const mark = async <T>(side: 'source' | 'registry', work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      rec.failedAt ??= side;
      throw error;
    }
  };
  const recordingSource: Source = {
    endpoints: (signal) => mark('source', source.endpoints(signal)),
    onChange: (listener) => source.onChange(listener),
  };
  const recordingRegistry: Registry = {
    ownerId: registry.ownerId,
    zones: (signal) => mark('registry', registry.zones(signal)),
    records: (signal) => mark('registry', registry.records(signal)),
    applyChanges: async (changes, signal) => {
      beforeWrite();
      return mark('registry', registry.applyChanges(changes, signal));
    },
    ...(registry.adjustEndpoints === undefined ? {} : { adjustEndpoints: (endpoints: readonly Endpoint[]) => registry.adjustEndpoints?.(endpoints) ?? endpoints }),
  };
  return { ...deps, source: recordingSource, registry: recordingRegistry };
}
