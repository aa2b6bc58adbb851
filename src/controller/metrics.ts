/**
 * The controller's Prometheus metrics, registered on a registry the caller passes in (nothing is
 * registered at import time, so tests and several controllers in one process never collide).
 * ExternalDNS's names are kept where the meaning is the same, so existing dashboards and alerts work;
 * zonekeeper's additions are prefixed `zonekeeper_`. Labels never carry secrets: zone names, record
 * types, account names, operations and outcomes only.
 *
 * Values the controller does not own (provider API call counts, rate budgets, quarantine size, the
 * Roles Anywhere certificate) are read through callbacks at scrape time.
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { zoneOf, type Endpoint } from '../endpoint/index.ts';
import type { Plan } from '../plan/types.ts';

export type ApiCallSample = Readonly<{ provider: string; operation: string; outcome: string; count: number }>;
export type BudgetSample = Readonly<{ account: string; tokens: number; waits: number; waitedMs: number; throttles: number }>;

/** Scrape-time readers of state owned elsewhere; each is optional. */
export type MetricSources = Readonly<{
  /** Cumulative API call counts (e.g. the aws provider's ApiCallCounter snapshot, tagged with the provider name). */
  apiCalls?: () => readonly ApiCallSample[];
  /** Per-account rate budget state (the aws provider's budgetStats()). */
  budgets?: () => readonly BudgetSample[];
  /** Changes the provider currently holds back after refusing them. */
  quarantinedChanges?: () => number;
  /** notAfter of the IAM Roles Anywhere certificate in use, or undefined when none is loaded. */
  certificateNotAfter?: () => Date | undefined;
}>;

export type PassOutcome = 'applied' | 'noop' | 'planned' | 'failed';

export type PassObservation = Readonly<{
  outcome: PassOutcome;
  durationSeconds: number;
  /** Epoch seconds at the end of the pass. */
  endedAt: number;
  /** Absent for a failed pass. */
  current?: readonly Endpoint[];
  desired?: readonly Endpoint[];
  zones?: readonly string[];
  plan?: Plan;
  rejected?: number;
  problems?: Readonly<{ errors: number; warnings: number }>;
  /** For a failed pass: which side failed to read, for ExternalDNS's error counters. */
  failedAt?: 'source' | 'registry' | 'other';
}>;

export interface ControllerMetrics {
  readonly registry: Registry;
  observePass(pass: PassObservation): void;
  /** Seconds from the object change that triggered a pass to the provider write it caused. */
  observeEventToWrite(seconds: number): void;
  setLeader(leader: boolean): void;
  /** A feedback Event written (or folded into an existing one's series). */
  countEvent(reason: string, outcome: 'created' | 'series' | 'dropped' | 'failed'): void;
}

export function createControllerMetrics(options: { registry: Registry; sources?: MetricSources; version?: string }): ControllerMetrics {
  const registers = [options.registry];
  const sources = options.sources ?? {};
  const gauge = (name: string, help: string, labelNames: readonly string[] = [], collect?: (this: Gauge) => void): Gauge =>
    new Gauge({ name, help, labelNames, registers, ...(collect === undefined ? {} : { collect }) });
  const counter = (name: string, help: string, labelNames: readonly string[] = []): Counter => new Counter({ name, help, labelNames, registers });

  gauge('external_dns_build_info', 'Build information; the value is always 1.', ['version', 'runtime']).set(
    { version: options.version ?? 'dev', runtime: `node ${process.versions.node}` },
    1,
  );
  const lastSync = gauge('external_dns_controller_last_sync_timestamp_seconds', 'Epoch seconds of the last pass that read both sides and planned without error.');
  const lastReconcile = gauge('external_dns_controller_last_reconcile_timestamp_seconds', 'Epoch seconds of the last pass, successful or not.');
  const noOps = counter('external_dns_controller_no_op_runs_total', 'Passes that found nothing to change.');
  const softErrors = gauge('external_dns_controller_consecutive_soft_errors', 'Failed passes since the last successful one.');
  const registryEndpoints = gauge('external_dns_registry_endpoints_total', 'Record sets read from the registry in the last pass.');
  const sourceEndpoints = gauge('external_dns_source_endpoints_total', 'Endpoints produced by the sources in the last pass.');
  const registryRecords = gauge('external_dns_registry_records', 'Record sets in the registry by type, last pass.', ['record_type']);
  const sourceRecords = gauge('external_dns_source_records', 'Desired endpoints by type, last pass.', ['record_type']);
  const registryErrors = counter('external_dns_registry_errors_total', 'Passes that failed reading or writing the registry/provider.');
  const sourceErrors = counter('external_dns_source_errors_total', 'Passes that failed reading the sources.');

  const duration = new Histogram({
    name: 'zonekeeper_reconcile_duration_seconds',
    help: 'Duration of one reconcile pass (read, plan, write).',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const eventToWrite = new Histogram({
    name: 'zonekeeper_event_to_write_seconds',
    help: 'From the first object change seen to the provider write it caused.',
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const records = gauge('zonekeeper_records', 'Record sets the registry returned in the last pass, by zone.', ['zone']);
  const conflictsTotal = counter('zonekeeper_conflicts_total', 'Name conflicts between source objects, counted once per pass they are seen in.');
  const conflicts = gauge('zonekeeper_conflicts', 'Name conflicts between source objects in the last plan.');
  const refusals = counter('zonekeeper_delete_refusals_total', 'Passes in which the delete safety threshold held a zone back.', ['zone']);
  const rejected = counter('zonekeeper_rejected_changes_total', 'Changes the provider refused.');
  const problems = gauge('zonekeeper_source_problems', 'Invalid input found by the sources in the last pass.', ['severity']);
  const leader = gauge('zonekeeper_leader', '1 while this replica holds the leader lease (or runs without election).');
  const events = counter('zonekeeper_events_total', 'Kubernetes Events for source objects, by reason and outcome.', ['reason', 'outcome']);

  const apiCalls = counter('zonekeeper_provider_api_calls_total', 'Provider API calls by operation and outcome.', ['provider', 'operation', 'outcome']);
  const budgetWaits = counter('zonekeeper_provider_budget_waits_total', 'Provider calls that waited for the client-side rate budget.', ['account']);
  const budgetWaited = counter('zonekeeper_provider_budget_wait_seconds_total', 'Time provider calls spent waiting for the rate budget.', ['account']);
  const budgetThrottles = counter('zonekeeper_provider_throttles_total', 'Throttling answers from the provider API.', ['account']);
  const seen = new Map<string, number>();
  /** Turns a cumulative sample into a counter increment (counters cannot be set). */
  const advance = (c: Counter, id: string, labels: Record<string, string>, total: number): void => {
    const key = `${id}\u0000${JSON.stringify(labels)}`;
    const delta = total - (seen.get(key) ?? 0);
    if (delta > 0) c.inc(labels, delta);
    seen.set(key, Math.max(total, seen.get(key) ?? 0));
  };
  gauge('zonekeeper_provider_budget_tokens', 'Tokens left in the provider rate budget (negative: calls are queued).', ['account'], function collect() {
    for (const b of sources.budgets?.() ?? []) {
      this.set({ account: b.account }, b.tokens);
      advance(budgetWaits, 'waits', { account: b.account }, b.waits);
      advance(budgetWaited, 'waited', { account: b.account }, b.waitedMs / 1000);
      advance(budgetThrottles, 'throttles', { account: b.account }, b.throttles);
    }
    // Samples with the same labels (e.g. one per AWS account) are summed before they become a counter.
    const totals = new Map<string, { labels: Record<string, string>; count: number }>();
    for (const c of sources.apiCalls?.() ?? []) {
      const labels = { provider: c.provider, operation: c.operation, outcome: c.outcome };
      const key = JSON.stringify(labels);
      totals.set(key, { labels, count: (totals.get(key)?.count ?? 0) + c.count });
    }
    for (const t of totals.values()) advance(apiCalls, 'calls', t.labels, t.count);
  });
  gauge('zonekeeper_quarantined_changes', 'Changes the provider refused and now holds back with backoff.', [], function collect() {
    this.set(sources.quarantinedChanges?.() ?? 0);
  });
  gauge(
    'zonekeeper_roles_anywhere_certificate_expiry_seconds',
    'notAfter of the IAM Roles Anywhere certificate in use, as epoch seconds (absent without Roles Anywhere).',
    // A label so the series can be absent: a bare gauge would read 0 and fire every expiry alert.
    ['certificate'],
    function collect() {
      const notAfter = sources.certificateNotAfter?.();
      if (notAfter === undefined) this.reset();
      else this.set({ certificate: 'end-entity' }, notAfter.getTime() / 1000);
    },
  );

  const byType = (g: Gauge, endpoints: readonly Endpoint[]): void => {
    g.reset();
    const counts = new Map<string, number>();
    for (const e of endpoints) counts.set(e.recordType, (counts.get(e.recordType) ?? 0) + 1);
    for (const [type, n] of counts) g.set({ record_type: type }, n);
  };

  return {
    registry: options.registry,
    observePass: (pass) => {
      duration.observe({ outcome: pass.outcome }, pass.durationSeconds);
      lastReconcile.set(pass.endedAt);
      if (pass.outcome === 'failed') {
        softErrors.inc();
        if (pass.failedAt === 'source') sourceErrors.inc();
        else if (pass.failedAt === 'registry') registryErrors.inc();
        return;
      }
      softErrors.set(0);
      lastSync.set(pass.endedAt);
      if (pass.outcome === 'noop') noOps.inc();
      if (pass.current !== undefined) {
        registryEndpoints.set(pass.current.length);
        byType(registryRecords, pass.current);
        records.reset();
        const zones = pass.zones ?? [];
        for (const zone of zones) records.set({ zone }, 0);
        for (const e of pass.current) {
          const zone = zoneOf(e.dnsName, zones);
          if (zone !== undefined) records.inc({ zone });
        }
      }
      if (pass.desired !== undefined) {
        sourceEndpoints.set(pass.desired.length);
        byType(sourceRecords, pass.desired);
      }
      if (pass.plan !== undefined) {
        conflicts.set(pass.plan.conflicts.length);
        if (pass.plan.conflicts.length > 0) conflictsTotal.inc(pass.plan.conflicts.length);
        for (const r of pass.plan.refusals) refusals.inc({ zone: r.zone });
      }
      if (pass.rejected !== undefined && pass.rejected > 0) rejected.inc(pass.rejected);
      if (pass.problems !== undefined) {
        problems.set({ severity: 'error' }, pass.problems.errors);
        problems.set({ severity: 'warning' }, pass.problems.warnings);
      }
    },
    observeEventToWrite: (seconds) => {
      eventToWrite.observe(Math.max(0, seconds));
    },
    setLeader: (value) => {
      leader.set(value ? 1 : 0);
    },
    countEvent: (reason, outcome) => {
      events.inc({ reason, outcome });
    },
  };
}
