/**
 * One reconcile pass: current records from the registry, desired endpoints from the source,
 * provider adjustment, the pure plan, then apply. Everything the pass learns (problems, conflicts,
 * ownership skips, safety refusals, rejected changes) is returned and logged, never thrown.
 * A pass fails (throws) when reading the source or the provider fails, and then nothing is written;
 * or when the write itself fails (lost lease, provider error), after the batches already sent.
 * @module
 */
import { LABEL, formatProblem, type DomainFilter, type Endpoint, type Problem, type RecordType } from '../endpoint/index.ts';
import type { Logger } from '../log/logger.ts';
import { hasChanges, type Changes, type PolicyName } from '../plan/changes.ts';
import { calculatePlan } from '../plan/plan.ts';
import type { Plan, PlanInput } from '../plan/types.ts';
import type { RejectedChange } from '../provider/provider.ts';
import type { Registry } from '../registry/registry.ts';
import type { Source } from '../source/source.ts';

export type PlanSettings = Readonly<{
  policy: PolicyName;
  domainFilter: DomainFilter;
  managedTypes: readonly RecordType[];
  excludeTypes: readonly RecordType[];
  maxDeleteFraction: number;
  force: boolean;
}>;

export type ReconcileDeps = Readonly<{
  source: Source;
  registry: Registry;
  settings: PlanSettings;
  logger: Logger;
  /** Called at the start of every pass (the aws provider lists zones at most once per pass). */
  beginPass?: () => void;
  /**
   * The provider implements --dry-run itself (it builds and reports the exact requests it would
   * send, and sends nothing), so a dry run still hands it the changes.
   */
  providerDryRun?: boolean;
}>;

/** What a pass read and planned from, and the plan. */
export type PlanComputation = Readonly<{
  plan: Plan;
  problems: readonly Problem[];
  /** The plan's exact input: current records, adjusted desired endpoints, zones, settings. */
  input: PlanInput;
  /** The sources' endpoints before provider adjustment. */
  sourceEndpoints: readonly Endpoint[];
}>;

export type ReconcileResult = PlanComputation &
  Readonly<{
    rejected: readonly RejectedChange[];
    /** False in a dry run or when there was nothing to do. */
    applied: boolean;
  }>;

/** Reads both sides and computes the plan, without writing anything. */
export async function computePlan(deps: ReconcileDeps, signal?: AbortSignal): Promise<PlanComputation> {
  const { source, registry, settings } = deps;
  deps.beginPass?.();
  const zones = await registry.zones(signal);
  const current = await registry.records(signal);
  const desired = await source.endpoints(signal);
  const adjusted = registry.adjustEndpoints?.(desired.endpoints) ?? desired.endpoints;
  const input: PlanInput = {
    current,
    desired: adjusted,
    policy: settings.policy,
    ownerId: registry.ownerId,
    domainFilter: settings.domainFilter,
    managedTypes: settings.managedTypes,
    excludeTypes: settings.excludeTypes,
    frozenResources: desired.frozenResources,
    zones,
    maxDeleteFraction: settings.maxDeleteFraction,
    force: settings.force,
  };
  return { plan: calculatePlan(input), problems: desired.problems, input, sourceEndpoints: desired.endpoints };
}

export async function reconcileOnce(deps: ReconcileDeps, options: { dryRun: boolean; signal?: AbortSignal }): Promise<ReconcileResult> {
  const { logger } = deps;
  const computed = await computePlan(deps, options.signal);
  const { plan, problems } = computed;
  reportFindings(logger, plan, problems);
  if (!hasChanges(plan.changes)) {
    logger.info('All records are already up to date');
    return { ...computed, rejected: [], applied: false };
  }
  if (options.dryRun) {
    for (const change of describeChanges(plan.changes, deps.registry.ownerId)) logger.info(change, 'Would apply change (dry run)');
    if (deps.providerDryRun === true) await deps.registry.applyChanges(plan.changes, options.signal);
    return { ...computed, rejected: [], applied: false };
  }
  const result = await deps.registry.applyChanges(plan.changes, options.signal);
  const rejected = new Set(result.rejected.map((r) => r.endpoint));
  for (const change of describeChanges(plan.changes, deps.registry.ownerId, rejected)) logger.info(change, 'Applied change');
  for (const r of result.rejected) {
    logger.error(
      { action: r.action, name: r.endpoint.dnsName, type: r.endpoint.recordType, resource: r.endpoint.labels[LABEL.resource] ?? '', reason: r.reason },
      'Provider rejected change',
    );
  }
  return { ...computed, rejected: result.rejected, applied: true };
}

function reportFindings(logger: Logger, plan: Plan, problems: readonly Problem[]): void {
  for (const p of problems) {
    const entry = { object: p.object, field: p.field, value: p.value };
    if (p.severity === 'error') logger.error(entry, `Invalid input, records of this object kept as they are: ${formatProblem(p)}`);
    else logger.warn(entry, `Invalid input, default used: ${formatProblem(p)}`);
  }
  for (const c of plan.conflicts) {
    logger.warn(
      {
        name: c.dnsName,
        setIdentifier: c.setIdentifier,
        winner: c.winner.labels[LABEL.resource] ?? '',
        losers: c.losers.map((l) => l.labels[LABEL.resource] ?? ''),
      },
      `Conflict: ${c.reason}`,
    );
  }
  for (const s of plan.skipped) {
    logger.warn(
      { name: s.endpoint.dnsName, type: s.endpoint.recordType, foreignOwner: s.foreignOwner, resource: s.endpoint.labels[LABEL.resource] ?? '' },
      `Not touching a name this owner does not own: ${s.reason}`,
    );
  }
  for (const r of plan.refusals) {
    logger.error(
      { zone: r.zone, deletes: r.deletes, owned: r.owned, maxDeleteFraction: r.maxDeleteFraction },
      `SAFETY: refusing to delete ${r.deletes} of ${r.owned} owned records in zone ${r.zone} (more than --max-delete-fraction=${r.maxDeleteFraction}); no change applied to this zone. Check the sources, or re-run with --force if this is intended.`,
    );
  }
}

export type ChangeLogEntry = Readonly<{
  action: 'create' | 'update' | 'delete';
  name: string;
  type: string;
  setIdentifier?: string;
  targets: readonly string[];
  previousTargets?: readonly string[];
  ttl: number;
  owner: string;
  resource: string;
}>;

/** One log entry per change: action, name, type, targets, owner and source object. */
export function describeChanges(changes: Changes, ownerId: string, exclude: ReadonlySet<Endpoint> = new Set()): ChangeLogEntry[] {
  const entry = (action: ChangeLogEntry['action'], e: Endpoint, old?: Endpoint): ChangeLogEntry => ({
    action,
    name: e.dnsName,
    type: e.recordType,
    ...(e.setIdentifier === '' ? {} : { setIdentifier: e.setIdentifier }),
    targets: e.targets,
    ...(old === undefined ? {} : { previousTargets: old.targets }),
    ttl: e.ttl,
    owner: e.labels[LABEL.owner] ?? old?.labels[LABEL.owner] ?? ownerId,
    resource: e.labels[LABEL.resource] ?? old?.labels[LABEL.resource] ?? '',
  });
  return [
    ...changes.create.filter((e) => !exclude.has(e)).map((e) => entry('create', e)),
    ...changes.updateNew.flatMap((e, i) => (exclude.has(e) ? [] : [entry('update', e, changes.updateOld[i])])),
    ...changes.delete.filter((e) => !exclude.has(e)).map((e) => entry('delete', e)),
  ];
}
