/**
 * Sends one zone's changes. Requests to a zone are serialised (Route53 answers
 * PriorRequestNotComplete to concurrent ones). A batch refused for its content (InvalidChangeBatch,
 * InvalidInput, NoSuchHealthCheck: Route53 applies all or nothing) is bisected
 * by ownership group until the bad groups are isolated: the good ones land, the bad ones are
 * quarantined by content with exponential backoff and reported with Route53's message, and the
 * zone is re-listed before the next plan. Throttling is retried inside callRoute53.
 *
 * An aborted signal (leadership lost, shutdown) stops the zone between batches: nothing more is
 * sent and ApplyAbortedError says how much landed. A write already on the wire is not cut off at
 * once: its answer tells whether Route53 applied it, so the cache stays exact; only if no answer
 * comes within `inFlightGraceMs` is the request dropped and the zone re-read next pass.
 * @module
 */
import { callRoute53, type CallContext } from './account.ts';
import { ApplyAbortedError, isAborted } from './apply-abort.ts';
import { groupChanges, packBatches, type BatchLimits } from './change-batches.ts';
import type { PlannedChange } from './change-build.ts';
import { quarantineKey, type Quarantine } from './quarantine.ts';
import type { RecordCache } from './record-cache.ts';
import { Route53CallError, type Change } from './route53-port.ts';
import type { ManagedZone } from './zones.ts';

/** A batch as it would be sent: JSON-able, for --dry-run output and tests. */
export type DryRunBatch = Readonly<{ account: string; zoneId: string; zoneName: string; changes: readonly Change[] }>;

export type Rejection = Readonly<{ change: PlannedChange; reason: string }>;

export type ZoneApplyResult = Readonly<{ rejected: readonly Rejection[]; changeIds: readonly string[] }>;

export type ApplyContext = Readonly<{
  call: CallContext;
  cache: RecordCache;
  quarantine: Quarantine;
  limits: BatchLimits;
  dryRun: boolean;
  onDryRunBatch: (batch: DryRunBatch) => void;
  lock: ZoneLocks;
  /** Route53 says the zone no longer exists: forget the zone list. */
  zoneGone: (zoneId: string) => void;
  /** Real milliseconds an in-flight write may still answer after the abort (default IN_FLIGHT_GRACE_MS). */
  inFlightGraceMs?: number;
}>;

export const IN_FLIGHT_GRACE_MS = 5_000;

/** One in-flight ChangeResourceRecordSets per zone. */
export interface ZoneLocks {
  run<T>(zoneId: string, task: () => Promise<T>): Promise<T>;
}

export function createZoneLocks(): ZoneLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(zoneId, task) {
      const prev = tails.get(zoneId) ?? Promise.resolve();
      const next = prev.then(task, task);
      const tail = next.catch(() => undefined);
      tails.set(zoneId, tail);
      void tail.then(() => {
        if (tails.get(zoneId) === tail) tails.delete(zoneId);
      });
      return next;
    },
  };
}

const changesOf = (cs: readonly PlannedChange[]): Change[] => cs.map((c) => c.change);

export async function applyToZone(
  zone: ManagedZone,
  planned: readonly PlannedChange[],
  ctx: ApplyContext,
  signal?: AbortSignal,
): Promise<ZoneApplyResult> {
  const rejected: Rejection[] = [];
  const fresh: PlannedChange[] = [];
  const probation: PlannedChange[][] = [];
  const now = ctx.call.clock.now();
  for (const group of groupChanges(planned)) {
    const key = quarantineKey(zone.id, changesOf(group));
    const held = ctx.quarantine.held(key, now);
    if (held !== undefined) {
      const reason = `Route53 refused this change ${held.failures} time(s): ${held.message}; held back until ${new Date(held.until).toISOString()} unless the desired record changes`;
      for (const change of group) rejected.push({ change, reason });
    } else if (ctx.quarantine.onProbation(key)) {
      probation.push(group);
    } else {
      fresh.push(...group);
    }
  }
  // Changes that failed before go last and alone, so they cannot sink a batch of good ones.
  const packs = [packBatches(fresh, ctx.limits), ...probation.map((g) => packBatches(g, ctx.limits))];
  const batches = packs.flatMap((p) => p.batches);
  for (const p of packs) rejected.push(...p.rejected);

  if (ctx.dryRun) {
    for (const b of batches) ctx.onDryRunBatch({ account: zone.account.name, zoneId: zone.id, zoneName: zone.name, changes: changesOf(b) });
    return { rejected, changeIds: [] };
  }

  const changeIds: string[] = [];
  // Changes neither accepted nor refused yet: on abort, these were not sent.
  const pending = new Set(batches.flat());
  const settle = (batch: readonly PlannedChange[]): void => {
    for (const c of batch) pending.delete(c);
  };
  const aborted = (): ApplyAbortedError =>
    new ApplyAbortedError([{ zoneName: zone.name, zoneId: zone.id, sentBatches: changeIds.length, unsentChanges: pending.size }], signal?.reason);

  const send = async (batch: readonly PlannedChange[]): Promise<void> => {
    if (isAborted(signal)) throw aborted();
    const changes = changesOf(batch);
    // The request itself gets its own signal, cut only after the grace period (see the module header).
    const request = new AbortController();
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      // Real time on purpose: this bounds a network wait, not a simulated schedule.
      grace = setTimeout(() => {
        request.abort(signal?.reason);
      }, ctx.inFlightGraceMs ?? IN_FLIGHT_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await zone.account.changeBudget?.take(signal, changes.length);
      const info = await callRoute53(ctx.call, zone.account, 'ChangeResourceRecordSets', (p) => p.changeResourceRecordSets(zone.id, changes, request.signal), signal);
      ctx.cache.applied(zone.id, changes);
      for (const g of groupChanges(batch)) ctx.quarantine.succeed(quarantineKey(zone.id, changesOf(g)));
      changeIds.push(info.id);
      settle(batch);
    } catch (error) {
      const e = error instanceof Route53CallError ? error : new Route53CallError('ChangeResourceRecordSets', 'Unknown', 'fatal', String(error));
      if (isAborted(signal)) {
        // A request dropped on the wire may or may not have been applied; a refused one may mean
        // our copy is stale. Either way the zone is read again. Throttled or never sent: no change.
        const answered = error instanceof Route53CallError && !request.signal.aborted;
        if (request.signal.aborted || (answered && e.kind !== 'throttling' && e.kind !== 'prior-request')) ctx.cache.markDirty(zone.id);
        throw aborted();
      }
      if (e.kind !== 'throttling' && e.kind !== 'prior-request') ctx.cache.markDirty(zone.id);
      if (e.code === 'NoSuchHostedZone') ctx.zoneGone(zone.id);
      const groups = groupChanges(batch);
      if (e.kind === 'refused' && groups.length > 1) {
        const mid = Math.ceil(groups.length / 2);
        await send(groups.slice(0, mid).flat());
        await send(groups.slice(mid).flat());
        return;
      }
      settle(batch);
      if (e.kind === 'refused') {
        const entry = ctx.quarantine.fail(quarantineKey(zone.id, changes), e.detail, ctx.call.clock.now(), changes.length);
        ctx.call.logger.warn(
          { zone: zone.name, zoneId: zone.id, group: batch[0]?.group, failures: entry.failures, until: new Date(entry.until).toISOString(), message: e.detail },
          'route53 refused a change; quarantined',
        );
        for (const change of batch) rejected.push({ change, reason: `Route53 refused the change: ${e.detail}` });
        return;
      }
      const why =
        e.kind === 'throttling' || e.kind === 'prior-request'
          ? `Route53 kept answering ${e.code} after ${ctx.call.attempts} attempt(s); nothing was applied and the change is retried on the next pass`
          : `Route53 ${e.code}: ${e.detail}; the zone is re-read before the next attempt`;
      ctx.call.logger.warn({ zone: zone.name, zoneId: zone.id, code: e.code, changes: batch.length }, 'route53 change batch failed');
      for (const change of batch) rejected.push({ change, reason: why });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(grace);
    }
  };

  await ctx.lock.run(zone.id, async () => {
    for (const batch of batches) await send(batch);
  });
  return { rejected, changeIds };
}
