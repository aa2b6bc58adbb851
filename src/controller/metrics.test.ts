import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createEndpoint, type Endpoint } from '../endpoint/index.ts';
import { NO_CHANGES } from '../plan/changes.ts';
import { createControllerMetrics, type ApiCallSample } from './metrics.ts';

const ep = (name: string, type: 'A' | 'CNAME' = 'A'): Endpoint =>
  createEndpoint({ dnsName: name, recordType: type, targets: type === 'A' ? ['192.0.2.1'] : ['x.example.net'] });

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return found?.value;
}

describe('controller metrics', () => {
  it('registers nothing globally: two instances live side by side on their own registries', () => {
    createControllerMetrics({ registry: new Registry() });
    createControllerMetrics({ registry: new Registry() });
  });

  it('keeps ExternalDNS names for sync time, no-op runs, endpoint counts and records by type', async () => {
    const registry = new Registry();
    const m = createControllerMetrics({ registry });
    const current = [ep('a.example.com'), ep('b.example.com'), ep('c.example.org', 'CNAME')];
    const plan = { changes: NO_CHANGES, conflicts: [], skipped: [], refusals: [] };
    m.observePass({ outcome: 'noop', durationSeconds: 0.2, endedAt: 1_700_000_000, current, desired: current.slice(0, 2), zones: ['example.com', 'example.org'], plan });
    assert.equal(await value(registry, 'external_dns_controller_last_sync_timestamp_seconds'), 1_700_000_000);
    assert.equal(await value(registry, 'external_dns_controller_no_op_runs_total'), 1);
    assert.equal(await value(registry, 'external_dns_registry_endpoints_total'), 3);
    assert.equal(await value(registry, 'external_dns_source_endpoints_total'), 2);
    assert.equal(await value(registry, 'external_dns_registry_records', { record_type: 'A' }), 2);
    assert.equal(await value(registry, 'external_dns_registry_records', { record_type: 'CNAME' }), 1);
    assert.equal(await value(registry, 'zonekeeper_records', { zone: 'example.com' }), 2);
    assert.equal(await value(registry, 'zonekeeper_records', { zone: 'example.org' }), 1);
  });

  it('counts consecutive failed passes and resets them on success, without moving the sync time', async () => {
    const registry = new Registry();
    const m = createControllerMetrics({ registry });
    m.observePass({ outcome: 'failed', durationSeconds: 1, endedAt: 10, failedAt: 'registry' });
    m.observePass({ outcome: 'failed', durationSeconds: 1, endedAt: 20, failedAt: 'source' });
    assert.equal(await value(registry, 'external_dns_controller_consecutive_soft_errors'), 2);
    assert.equal(await value(registry, 'external_dns_registry_errors_total'), 1);
    assert.equal(await value(registry, 'external_dns_source_errors_total'), 1);
    assert.equal(await value(registry, 'external_dns_controller_last_sync_timestamp_seconds'), 0);
    assert.equal(await value(registry, 'external_dns_controller_last_reconcile_timestamp_seconds'), 20);
    m.observePass({ outcome: 'applied', durationSeconds: 1, endedAt: 30 });
    assert.equal(await value(registry, 'external_dns_controller_consecutive_soft_errors'), 0);
  });

  it('counts delete refusals per zone and conflicts per pass', async () => {
    const registry = new Registry();
    const m = createControllerMetrics({ registry });
    const winner = ep('a.example.com');
    const plan = {
      changes: NO_CHANGES,
      conflicts: [{ dnsName: 'a.example.com', setIdentifier: '', winner, losers: [winner], reason: 'r' }],
      skipped: [],
      refusals: [{ zone: 'example.com', deletes: 9, owned: 10, maxDeleteFraction: 0.3 }],
    };
    m.observePass({ outcome: 'applied', durationSeconds: 1, endedAt: 1, plan });
    m.observePass({ outcome: 'applied', durationSeconds: 1, endedAt: 2, plan });
    assert.equal(await value(registry, 'zonekeeper_delete_refusals_total', { zone: 'example.com' }), 2);
    assert.equal(await value(registry, 'zonekeeper_conflicts_total'), 2);
    assert.equal(await value(registry, 'zonekeeper_conflicts'), 1);
  });

  it('reads provider call counts, budgets, quarantine and certificate expiry at scrape time', async () => {
    const registry = new Registry();
    let calls: ApiCallSample[] = [{ provider: 'aws', operation: 'ListResourceRecordSets', outcome: 'ok', count: 5 }];
    createControllerMetrics({
      registry,
      sources: {
        apiCalls: () => calls,
        budgets: () => [{ account: 'default', tokens: 3, waits: 2, waitedMs: 1500, throttles: 1 }],
        quarantinedChanges: () => 4,
        certificateNotAfter: () => new Date('2030-01-01T00:00:00Z'),
      },
    });
    await registry.metrics();
    calls = [
      { provider: 'aws', operation: 'ListResourceRecordSets', outcome: 'ok', count: 6 },
      { provider: 'aws', operation: 'ListResourceRecordSets', outcome: 'ok', count: 2 }, // a second account
    ];
    const text = await registry.metrics();
    assert.match(text, /^zonekeeper_provider_api_calls_total\{provider="aws",operation="ListResourceRecordSets",outcome="ok"\} 8$/m);
    assert.match(text, /^zonekeeper_provider_budget_tokens\{account="default"\} 3$/m);
    assert.match(text, /^zonekeeper_provider_budget_wait_seconds_total\{account="default"\} 1\.5$/m);
    assert.match(text, /^zonekeeper_quarantined_changes 4$/m);
    assert.match(text, /^zonekeeper_roles_anywhere_certificate_expiry_seconds\{certificate="end-entity"\} 1893456000$/m);
  });

  it('leaves the certificate gauge empty without Roles Anywhere', async () => {
    const registry = new Registry();
    createControllerMetrics({ registry });
    assert.doesNotMatch(await registry.metrics(), /^zonekeeper_roles_anywhere_certificate_expiry_seconds\b.* \d/m);
  });
});
