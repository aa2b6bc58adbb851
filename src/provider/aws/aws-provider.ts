/**
 * The Route53 provider: zones and records from one or more AWS accounts, with a write-through
 * record cache, per-account rate budgets, validated and packed change batches, and dry-run.
 * Construct it with `createAwsProvider(config, deps)`; see index.ts for building `deps` from a
 * real Route53Client.
 * @module
 */
import { endpointKey, PROP, type Endpoint } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import type { ApplyResult, Provider, RejectedChange } from '../provider.ts';
import { callRoute53, silentLogger, type AwsAccount, type CallContext, type Logger } from './account.ts';
import { adjustEndpoints } from './alias.ts';
import { ApplyAbortedError, isAborted, type AbortedZone } from './apply-abort.ts';
import { applyToZone, createZoneLocks, type ApplyContext, type DryRunBatch } from './apply.ts';
import { createBudgetReporter } from './budget-report.ts';
import { zonesForEndpoint } from './change-build.ts';
import { validateAwsProviderConfig, type AwsProviderConfig } from './config.ts';
import { createApiCallCounter, type ApiCallCounter } from './metrics.ts';
import { planZone, type Intent } from './plan-zone.ts';
import { createQuarantine, type Quarantine } from './quarantine.ts';
import { realClock, type Clock, type RateBudgetStats } from './rate-budget.ts';
import { createRecordCache } from './record-cache.ts';
import { listRecordSets, recordSetToEndpoints } from './record-sets.ts';
import { createZoneDirectory, type ManagedZone } from './zones.ts';

export type AwsProviderDeps = Readonly<{
  /** One entry per AWS account (credentials); zones are discovered in each. */
  accounts: readonly AwsAccount[];
  clock?: Clock;
  /** Jitter source in [0,1). */
  random?: () => number;
  logger?: Logger;
  metrics?: ApiCallCounter;
  /** Called with every batch a dry run would have sent. */
  onDryRunBatch?: (batch: DryRunBatch) => void;
  /** Real ms a write already on the wire may still answer after the apply is aborted (default 5 s). */
  inFlightGraceMs?: number;
}>;

export interface AwsProvider extends Provider {
  adjustEndpoints(endpoints: readonly Endpoint[]): readonly Endpoint[];
  /** Marks the start of a reconcile pass: zones are listed at most once per pass. */
  beginPass(): void;
  /** Batches the last dry-run applyChanges would have sent. */
  readonly lastDryRunBatches: readonly DryRunBatch[];
  readonly metrics: ApiCallCounter;
  /** Per account: the request bucket, and the change-throughput bucket when configured. */
  budgetStats(): readonly (RateBudgetStats & { account: string; changeBudget?: RateBudgetStats })[];
  /** Change elements currently held back because Route53 refused them (their backoff has not run out). */
  quarantinedChanges(): number;
  /**
   * Logs one info line per account whose budget made callers wait or saw throttling since the last
   * summary. Runs after every applyChanges and at the start of every pass (covering a pass that
   * only read); call it yourself to close a pass explicitly.
   */
  reportBudgetUse(): void;
}

export function createAwsProvider(config: AwsProviderConfig, deps: AwsProviderDeps): AwsProvider {
  const problems = validateAwsProviderConfig(config);
  if (problems.length > 0) throw new Error(problems.join('; '));
  if (deps.accounts.length === 0) throw new Error('aws provider: deps.accounts is empty; give at least one account with a Route53 port');
  const clock = deps.clock ?? realClock;
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? createApiCallCounter();
  const call: CallContext = { metrics, clock, attempts: Math.max(1, Math.floor(config.apiRetries)), random: deps.random ?? Math.random, logger };
  const directory = createZoneDirectory(config, { accounts: deps.accounts, call });
  const cache = createRecordCache(config.recordsResyncMs);
  let dryRunBatches: DryRunBatch[] = [];
  const quarantine: Quarantine = createQuarantine();
  const budgetReporter = createBudgetReporter(deps.accounts, logger);
  const applyCtx: ApplyContext = {
    call,
    cache,
    quarantine,
    limits: {
      values: config.batchChangeSizeValues,
      bytes: config.batchChangeSizeBytes,
      // A request with more changes than the change bucket holds could never be admitted.
      changes: config.apiChangeRate > 0 ? Math.min(config.batchChangeSize, config.apiChangeBurst) : config.batchChangeSize,
    },
    dryRun: config.dryRun,
    onDryRunBatch: (batch) => {
      dryRunBatches.push(batch);
      logger.info({ dryRun: true, ...batch }, 'dry run: would send change batch');
      deps.onDryRunBatch?.(batch);
    },
    lock: createZoneLocks(),
    ...(deps.inFlightGraceMs === undefined ? {} : { inFlightGraceMs: deps.inFlightGraceMs }),
    zoneGone: (zoneId) => {
      logger.warn({ zoneId }, 'hosted zone no longer exists; zones are listed again');
      directory.invalidate();
    },
  };

  // Endpoints derived from each zone's copy, rebuilt only when the copy changes.
  const derived = new Map<string, { version: number; endpoints: readonly Endpoint[] }>();
  async function zoneRecords(zone: ManagedZone, signal?: AbortSignal): Promise<readonly Endpoint[]> {
    let sets = cache.fresh(zone.id, clock.now());
    if (sets === undefined) {
      const listedAt = clock.now();
      const listed = await listRecordSets(call, zone.account, zone.id, signal).catch((error: unknown) => {
        throw new Error(`reading records of hosted zone ${zone.name} (${zone.id}, account "${zone.account.name}") failed: ${String(error)}`, { cause: error });
      });
      cache.replace(zone.id, listed, listedAt);
      sets = cache.peek(zone.id) ?? listed;
      // Pages read while someone writes can overlap (Route53 documents this): list again next pass.
      if (sets.length !== listed.length) {
        logger.warn({ zone: zone.name, zoneId: zone.id }, 'record listing changed while paging; the zone is read again next pass');
        cache.markDirty(zone.id);
      }
    }
    const version = cache.version(zone.id);
    const memo = derived.get(zone.id);
    if (memo !== undefined && memo.version === version) return memo.endpoints;
    const endpoints = sets.flatMap(recordSetToEndpoints);
    derived.set(zone.id, { version, endpoints });
    return endpoints;
  }

  async function waitForSync(ids: readonly { zone: ManagedZone; id: string }[], signal?: AbortSignal): Promise<void> {
    const deadline = clock.now() + config.waitForSyncTimeoutMs;
    for (const { zone, id } of ids) {
      let delay = 1000;
      for (;;) {
        const info = await callRoute53(call, zone.account, 'GetChange', (p) => p.getChange(id, signal), signal);
        if (info.status === 'INSYNC') break;
        if (clock.now() + delay > deadline) {
          logger.warn({ zone: zone.name, changeId: id, timeoutMs: config.waitForSyncTimeoutMs }, 'route53 change not INSYNC before the wait timed out');
          return;
        }
        await clock.sleep(delay, signal);
        delay = Math.min(delay * 2, 15_000);
      }
    }
  }

  return {
    beginPass: () => {
      budgetReporter.report();
      directory.beginPass();
    },
    async zones(signal) {
      const zones = await directory.zones(signal);
      return [...new Set(zones.map((z) => z.name))];
    },
    async records(signal) {
      const zones = await directory.zones(signal);
      const ids = new Set(zones.map((z) => z.id));
      cache.retain(ids);
      for (const id of derived.keys()) if (!ids.has(id)) derived.delete(id);
      const perZone = await Promise.all(zones.map((z) => zoneRecords(z, signal)));
      return perZone.flat();
    },
    adjustEndpoints(endpoints) {
      return adjustEndpoints(endpoints, {
        preferCname: config.preferCname,
        evaluateTargetHealth: config.evaluateTargetHealth,
        zoneNames: directory.known().map((z) => z.name),
      });
    },
    async applyChanges(changes: Changes, signal?: AbortSignal): Promise<ApplyResult> {
      try {
        return await apply(changes, signal);
      } finally {
        budgetReporter.report();
      }
    },
    get lastDryRunBatches() {
      return dryRunBatches;
    },
    metrics,
    budgetStats: () =>
      deps.accounts.map((a) => ({ account: a.name, ...a.budget.stats(), ...(a.changeBudget === undefined ? {} : { changeBudget: a.changeBudget.stats() }) })),
    quarantinedChanges: () => quarantine.heldChanges(clock.now()),
    reportBudgetUse: () => {
      budgetReporter.report();
    },
  };

  async function apply(changes: Changes, signal?: AbortSignal): Promise<ApplyResult> {
    if (signal?.aborted === true) throw new ApplyAbortedError([], signal.reason);
    // An update without its old half cannot be sent safely (a DELETE must match exactly): refuse all.
    if (changes.updateOld.length !== changes.updateNew.length) {
      throw new Error(
        `aws provider: updateOld has ${changes.updateOld.length} entries but updateNew has ${changes.updateNew.length}; they must pair up one to one (nothing was sent)`,
      );
    }
    const zones = await directory.zones(signal);
    const intents: Intent[] = [
      ...changes.create.map((next): Intent => ({ origin: 'create', next })),
      ...changes.delete.map((old): Intent => ({ origin: 'delete', old })),
      ...changes.updateNew.map((next, i): Intent => ({ origin: 'update', old: changes.updateOld[i], next })),
    ];
    const byZone = new Map<string, { zone: ManagedZone; intents: Intent[] }>();
    const unplaced: RejectedChange[] = [];
    for (const intent of intents) {
      const subject = intent.next ?? intent.old;
      if (subject === undefined) continue;
      const targets = zonesForEndpoint(subject, zones);
      if (targets.length === 0) unplaced.push({ action: intent.origin, endpoint: subject, reason: unplacedReason(subject) });
      for (const zone of targets) {
        const entry = byZone.get(zone.id) ?? { zone, intents: [] };
        entry.intents.push(intent);
        byZone.set(zone.id, entry);
      }
    }
    if (config.dryRun) dryRunBatches = [];
    // A change no managed zone takes (its pinned hosted zone is not managed) is reported, never dropped silently.
    const rejected: RejectedChange[] = [...unplaced];
    const seen = new Set<string>();
    const report = (r: RejectedChange): void => {
      const key = `${r.action} ${endpointKey(r.endpoint)} ${r.reason}`;
      if (seen.has(key)) return;
      seen.add(key);
      rejected.push(r);
    };
    const synced: { zone: ManagedZone; id: string }[] = [];
    // Settle every zone before returning or throwing: no write may happen after applyChanges ends.
    const outcomes = await Promise.allSettled(
      [...byZone.values()].map(async ({ zone, intents: zoneIntents }) => {
        const plan = planZone(zoneIntents, cache.peek(zone.id), { zoneId: zone.id, zoneName: zone.name, evaluateTargetHealth: config.evaluateTargetHealth });
        for (const r of plan.rejected) report({ action: r.origin, endpoint: r.endpoint, reason: `zone ${zone.name} (${zone.id}): ${r.reason}` });
        if (plan.planned.length === 0) return;
        const result = await applyToZone(zone, plan.planned, applyCtx, signal);
        for (const r of result.rejected) report({ action: r.change.origin, endpoint: r.change.subject, reason: `zone ${zone.name} (${zone.id}): ${r.reason}` });
        for (const id of result.changeIds) synced.push({ zone, id });
      }),
    );
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    const stopped = failures.filter((f): f is ApplyAbortedError => f instanceof ApplyAbortedError);
    if (stopped.length > 0) {
      const zonesStopped: AbortedZone[] = stopped.flatMap((e) => e.zones);
      const stoppedIds = new Set(zonesStopped.map((z) => z.zoneId));
      const otherSent = synced.filter((s) => !stoppedIds.has(s.zone.id)).length;
      const error = new ApplyAbortedError(zonesStopped, signal?.reason, otherSent);
      logger.warn({ sentBatches: error.sentBatches, unsentChanges: error.unsentChanges }, 'apply aborted between change batches; nothing more was sent');
      throw error;
    }
    if (failures.length > 0) throw failures[0];
    if (config.waitForSync && synced.length > 0) {
      // Every change is applied by now: a failing or aborted wait must not turn into a thrown apply.
      await waitForSync(synced, signal).catch((error: unknown) => {
        logger.warn({ error: String(error) }, isAborted(signal) ? 'stopped waiting for INSYNC (aborted); the changes were accepted by Route53' : 'could not confirm INSYNC; the changes were accepted by Route53');
      });
    }
    return { rejected };
  }
}

function unplacedReason(e: Endpoint): string {
  const pinned = e.providerSpecific[PROP.hostedZoneId];
  return pinned === undefined
    ? `no managed hosted zone holds ${e.dnsName}`
    : `aws-hosted-zone-id "${pinned}" of ${e.dnsName} is not among the managed hosted zones; check the annotation, --zone-id-filter, --aws-zone-type and --domain-filter`;
}
