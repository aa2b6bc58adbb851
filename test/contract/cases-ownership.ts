/**
 * Contract cases about ownership: records and their TXT written, read and removed together through the TXT registry.
 * @module
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileOnce, type ReconcileDeps } from '../../src/controller/reconcile.ts';
import { createDomainFilter, DEFAULT_MANAGED_TYPES, PROP, type Endpoint } from '../../src/endpoint/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createTxtRegistry } from '../../src/registry/txt/index.ts';
import type { Source } from '../../src/source/source.ts';
import { adjusted, changes, ep, notApexNs, stored, type ContractContext } from './contract-support.ts';

const OWNED = (resource: string): string => `"heritage=external-dns,external-dns/owner=contract,external-dns/resource=${resource}"`;

export function ownershipCases(ctx: ContractContext): void {
  const { fixture, skip } = ctx;

  void it('creates, updates and deletes each record together with its ownership TXT through the TXT registry', skip('ownership'), async () => {
    const f = await fixture();
    const registry = createTxtRegistry(f.provider, { ownerId: 'contract' });
    const desired = await adjusted(registry, [
      ep('web.example.com', 'A', ['192.0.2.20'], { labels: { resource: 'service/default/web' } }),
      ep('web.example.com', 'AAAA', ['2001:db8::20'], { labels: { resource: 'service/default/web' } }),
      ep('app.example.org', 'A', ['192.0.2.21'], { setIdentifier: 'blue', providerSpecific: { [PROP.weight]: '70' }, labels: { resource: 'ingress/prod/app' } }),
    ]);
    await registry.records();
    assert.deepEqual((await registry.applyChanges(changes({ create: desired }))).rejected, []);
    const txt = (await f.reader().records()).filter((e) => e.recordType === 'TXT').map((e) => `${e.dnsName} [${e.setIdentifier}] ${e.targets.join('|')} w=${e.providerSpecific[PROP.weight] ?? '-'}`);
    assert.deepEqual(txt.sort(), [
      `a-app.example.org [blue] ${OWNED('ingress/prod/app')} w=70`,
      `a-web.example.com [] ${OWNED('service/default/web')} w=-`,
      `aaaa-web.example.com [] ${OWNED('service/default/web')} w=-`,
    ]);
    const labelled = (await registry.records()).filter(notApexNs).map((e) => `${e.dnsName} ${e.recordType} ${e.labels.owner ?? '-'} ${e.labels.resource ?? '-'}`).sort();
    assert.deepEqual(labelled, [
      'app.example.org A contract ingress/prod/app',
      'web.example.com A contract service/default/web',
      'web.example.com AAAA contract service/default/web',
    ]);

    // Update: new target and a new owning resource; the TXT is rewritten in the same change.
    const current = await registry.records();
    const old = current.find((e) => e.dnsName === 'web.example.com' && e.recordType === 'A')!;
    const next = { ...old, targets: ['192.0.2.99'], labels: { ...old.labels, resource: 'service/default/web2' } };
    assert.deepEqual((await registry.applyChanges(changes({ updateOld: [old], updateNew: [next] }))).rejected, []);
    const after1 = await f.reader().records();
    assert.deepEqual(after1.find((e) => e.dnsName === 'web.example.com' && e.recordType === 'A')?.targets, ['192.0.2.99']);
    assert.deepEqual(after1.find((e) => e.dnsName === 'a-web.example.com')?.targets, [OWNED('service/default/web2')]);
    assert.equal((await registry.records()).find((e) => e.dnsName === 'web.example.com' && e.recordType === 'A')?.labels.resource, 'service/default/web2');

    // Delete everything: records and their TXTs go together, nothing is left behind.
    const all = (await registry.records()).filter(notApexNs);
    assert.deepEqual((await registry.applyChanges(changes({ delete: all }))).rejected, []);
    assert.deepEqual(await stored(f), []);
  });

  void it('plans nothing on the pass after a reconcile (no churn from what the provider reads back)', skip('steady-state'), async () => {
    const f = await fixture();
    const registry = createTxtRegistry(f.provider, { ownerId: 'contract' });
    const label = { resource: 'service/default/steady' };
    let desired: Endpoint[] = [
      ep('s1.example.com', 'A', ['192.0.2.80', '192.0.2.81'], { labels: label }),
      ep('s1.example.com', 'AAAA', ['2001:db8::80'], { labels: label }),
      ep('s2.example.org', 'CNAME', ['backend.example.net'], { labels: label }),
      ep('*.wild.example.com', 'A', ['192.0.2.82'], { labels: label }),
      ep('wt.example.com', 'A', ['192.0.2.83'], { setIdentifier: 'a', providerSpecific: { [PROP.weight]: '010' }, labels: label }),
      ep('wt.example.com', 'A', ['192.0.2.84'], { setIdentifier: 'b', providerSpecific: { [PROP.weight]: '20' }, labels: label }),
      ep('fo.example.org', 'A', ['192.0.2.85'], { setIdentifier: 'p', providerSpecific: { [PROP.failover]: 'primary' }, labels: label }),
    ];
    if (skip('alias').skip === undefined) desired.push(ep('elb.example.com', 'CNAME', ['my-lb-1.eu-west-1.elb.amazonaws.com'], { labels: label }));
    const source: Source = { endpoints: () => Promise.resolve({ endpoints: desired, problems: [], frozenResources: new Set() }), onChange: () => () => undefined };
    const deps: ReconcileDeps = {
      source,
      registry,
      settings: { policy: 'sync', domainFilter: createDomainFilter({}), managedTypes: DEFAULT_MANAGED_TYPES, excludeTypes: [], maxDeleteFraction: 0.5, force: false },
      logger: silentLogger(),
    };
    const first = await reconcileOnce(deps, { dryRun: false });
    assert.deepEqual(first.rejected, []);
    assert.equal(first.plan.changes.create.length, desired.length + (skip('alias').skip === undefined ? 1 : 0), 'every record (an ELB CNAME is an A and an AAAA alias)');
    const second = await reconcileOnce(deps, { dryRun: false });
    const { create, updateNew, delete: deleted } = second.plan.changes;
    assert.deepEqual([...create, ...updateNew, ...deleted].map((e) => `${e.dnsName} ${e.recordType} ${e.setIdentifier}`), [], 'the second pass changes nothing');
    // One target changes: exactly that record is updated.
    desired = desired.map((e) => (e.dnsName === 's1.example.com' && e.recordType === 'A' ? { ...e, targets: ['192.0.2.90'] } : e));
    const third = await reconcileOnce(deps, { dryRun: false });
    assert.deepEqual(third.plan.changes.updateNew.map((e) => `${e.dnsName} ${e.recordType} ${e.targets.join(',')}`), ['s1.example.com A 192.0.2.90']);
    assert.equal(third.plan.changes.create.length + third.plan.changes.delete.length, 0);
    assert.deepEqual(third.rejected, []);
  });

  void it('owns a wildcard record through its a-*.<domain> TXT, and a restarted reader still loads the zone', skip('wildcard-ownership'), async () => {
    const f = await fixture();
    const registry = createTxtRegistry(f.provider, { ownerId: 'contract' });
    const desired = await adjusted(registry, [ep('*.apps.example.com', 'A', ['192.0.2.22'], { labels: { resource: 'crd/dns/apps' } })]);
    await registry.records();
    assert.deepEqual((await registry.applyChanges(changes({ create: desired }))).rejected, []);
    // ExternalDNS's default name for this TXT keeps the `*` inside the label (Route53 stores it as \052).
    const cold = await f.reader().records();
    assert.deepEqual(
      cold.filter(notApexNs).map((e) => `${e.dnsName} ${e.recordType} ${e.targets.join('|')}`).sort(),
      ['*.apps.example.com A 192.0.2.22', `a-*.apps.example.com TXT ${OWNED('crd/dns/apps')}`],
    );
    const fresh = createTxtRegistry(f.reader(), { ownerId: 'contract' });
    const owned = (await fresh.records()).filter(notApexNs).map((e) => `${e.dnsName} ${e.labels.owner ?? '-'} ${e.labels.resource ?? '-'}`);
    assert.deepEqual(owned, ['*.apps.example.com contract crd/dns/apps']);
    assert.deepEqual((await registry.applyChanges(changes({ delete: await registry.records().then((r) => r.filter(notApexNs)) }))).rejected, []);
    assert.deepEqual(await stored(f), []);
  });
}
