import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculatePlan } from './plan.ts';
import { planInputFor, record } from './testing.ts';

const NONE = { create: [], updateOld: [], updateNew: [], delete: [] };
const web = { resource: 'service/default/web' };

void describe('ownership', () => {
  void it('never touches a name where another owner holds a simple record, whatever type or set identifier is wanted', () => {
    const foreign = record('w.example.com', 'A', ['1.1.1.1'], { owner: 'them', resource: 'service/x/y' });
    const desired = [
      record('w.example.com', 'A', ['2.2.2.2'], web),
      record('w.example.com', 'AAAA', ['::2'], web),
      record('w.example.com', 'A', ['3.3.3.3'], { ...web, setIdentifier: 'blue' }),
    ];
    const plan = calculatePlan(planInputFor({ current: [foreign], desired }));
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(
      plan.skipped.map((s) => [s.endpoint.recordType, s.endpoint.setIdentifier, s.foreignOwner]),
      [['A', '', 'them'], ['A', 'blue', 'them'], ['AAAA', '', 'them']],
    );
    assert.match(plan.skipped[0]?.reason ?? '', /update of w\.example\.com A: the name holds a record owned by "them"/);
  });

  void it('never touches a name holding an unowned record, and reports it as unowned', () => {
    const unowned = record('w.example.com', 'CNAME', ['by-hand.example.net'], {});
    const plan = calculatePlan(
      planInputFor({ current: [unowned], desired: [record('w.example.com', 'CNAME', ['lb.example.net'], web)] }),
    );
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(plan.skipped.map((s) => s.foreignOwner), ['']);
    assert.match(plan.skipped[0]?.reason ?? '', /no ownership record/);
  });

  void it('keeps its own records at a shared name as they are (no delete, no update)', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [
          record('w.example.com', 'A', ['1.1.1.1'], { owner: 'me', ...web }),
          record('w.example.com', 'AAAA', ['::1'], { owner: 'me', ...web }),
          record('w.example.com', 'A', ['9.9.9.9'], { owner: 'them', setIdentifier: 'other' }),
        ],
        desired: [record('w.example.com', 'A', ['2.2.2.2'], web)],
      }),
    );
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(plan.skipped.map((s) => `${s.reason.split(':')[0]} ${s.foreignOwner}`), [
      'skipped update of w.example.com A them',
      'skipped delete of w.example.com AAAA them',
    ]);
  });

  void it('lets two owners each manage their own weighted member of one shared name', () => {
    const theirs = record('shared.example.com', 'A', ['10.0.0.1'], { owner: 'them', setIdentifier: 'cluster-a', providerSpecific: { 'aws/weight': '50' } });
    const weighted = (ip: string, set: string, weight: string) =>
      record('shared.example.com', 'A', [ip], { ...web, setIdentifier: set, providerSpecific: { 'aws/weight': weight } });
    const create = calculatePlan(planInputFor({ current: [theirs], desired: [weighted('10.0.0.2', 'cluster-b', '50')] }));
    assert.deepEqual(create.changes.create.map((e) => [e.setIdentifier, e.targets]), [['cluster-b', ['10.0.0.2']]]);
    assert.deepEqual(create.skipped, []);
    const ours = record('shared.example.com', 'A', ['10.0.0.2'], { owner: 'me', ...web, setIdentifier: 'cluster-b', providerSpecific: { 'aws/weight': '50' } });
    const update = calculatePlan(planInputFor({ current: [theirs, ours], desired: [weighted('10.0.0.3', 'cluster-b', '50')] }));
    assert.deepEqual(update.changes.updateNew.map((e) => [e.setIdentifier, e.targets]), [['cluster-b', ['10.0.0.3']]]);
    const remove = calculatePlan(planInputFor({ current: [theirs, ours], desired: [] }));
    assert.deepEqual(remove.changes.delete.map((e) => e.setIdentifier), ['cluster-b']);
  });

  void it('never takes over the weighted member another owner holds', () => {
    const theirs = record('shared.example.com', 'A', ['10.0.0.1'], { owner: 'them', setIdentifier: 'cluster-a', providerSpecific: { 'aws/weight': '50' } });
    const plan = calculatePlan(
      planInputFor({ current: [theirs], desired: [record('shared.example.com', 'A', ['10.0.0.9'], { ...web, setIdentifier: 'cluster-a', providerSpecific: { 'aws/weight': '50' } })] }),
    );
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(plan.skipped.map((s) => [s.endpoint.setIdentifier, s.foreignOwner]), [['cluster-a', 'them']]);
  });

  void it('never creates a simple record beside another owner\'s routed record', () => {
    const theirs = record('shared.example.com', 'A', ['10.0.0.1'], { owner: 'them', setIdentifier: 'cluster-a', providerSpecific: { 'aws/weight': '50' } });
    const plan = calculatePlan(planInputFor({ current: [theirs], desired: [record('shared.example.com', 'A', ['10.0.0.2'], web)] }));
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(plan.skipped.map((s) => [s.endpoint.setIdentifier, s.foreignOwner]), [['', 'them']]);
  });

  void it('updates and deletes records it owns', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [
          record('u.example.com', 'A', ['1.1.1.1'], { owner: 'me', ...web }),
          record('d.example.com', 'A', ['1.1.1.1'], { owner: 'me', ...web }),
        ],
        desired: [record('u.example.com', 'A', ['2.2.2.2'], web)],
      }),
    );
    assert.deepEqual(plan.changes.updateNew.map((e) => [e.dnsName, e.labels['owner']]), [['u.example.com', 'me']]);
    assert.deepEqual(plan.changes.delete.map((e) => e.dnsName), ['d.example.com']);
    assert.deepEqual(plan.skipped, []);
  });

  void it('reports nothing for foreign records nobody asked for', () => {
    const plan = calculatePlan(planInputFor({ current: [record('f.example.com', 'A', ['1.1.1.1'], { owner: 'them' })] }));
    assert.deepEqual(plan, { changes: NONE, conflicts: [], skipped: [], refusals: [] });
  });

  void it('ignores foreign records of unmanaged types when judging a name', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [record('w.example.com', 'TXT', ['hello'], { owner: 'them' })],
        desired: [record('w.example.com', 'A', ['1.1.1.1'], web)],
      }),
    );
    assert.equal(plan.changes.create.length, 1);
  });

  void it('checks no ownership without an owner id (noop registry)', () => {
    const plan = calculatePlan(
      planInputFor({
        ownerId: '',
        current: [
          record('u.example.com', 'A', ['1.1.1.1'], {}),
          record('d.example.com', 'A', ['1.1.1.1'], { owner: 'them' }),
        ],
        desired: [record('u.example.com', 'A', ['2.2.2.2'], web)],
      }),
    );
    assert.deepEqual(plan.changes.updateNew.map((e) => e.dnsName), ['u.example.com']);
    assert.deepEqual(plan.changes.delete.map((e) => e.dnsName), ['d.example.com']);
  });
});

void describe('frozen resources', () => {
  const frozenResources = new Set(['service/default/broken']);
  const frozen = { owner: 'me', resource: 'service/default/broken' };

  void it('keeps a frozen record that no object wants any more', () => {
    const current = [record('w.example.com', 'A', ['1.1.1.1'], frozen)];
    assert.deepEqual(calculatePlan(planInputFor({ current, frozenResources })).changes, NONE);
  });

  void it('lets no other object take over a frozen record, and reports the attempt', () => {
    const current = record('w.example.com', 'A', ['1.1.1.1'], frozen);
    const intruder = record('w.example.com', 'A', ['2.2.2.2'], web);
    const plan = calculatePlan(planInputFor({ current: [current], desired: [intruder], frozenResources }));
    assert.deepEqual(plan.changes, NONE);
    assert.deepEqual(plan.conflicts.map((c) => [c.winner, c.losers]), [[current, [intruder]]]);
    assert.match(plan.conflicts[0]?.reason ?? '', /frozen until its errors are fixed; ignored the record wanted by service\/default\/web/);
  });

  void it('creates no record beside a frozen CNAME', () => {
    const current = record('w.example.com', 'CNAME', ['lb.example.net'], frozen);
    const plan = calculatePlan(
      planInputFor({ current: [current], desired: [record('w.example.com', 'A', ['2.2.2.2'], web)], frozenResources }),
    );
    assert.deepEqual(plan.changes, NONE);
    assert.equal(plan.conflicts[0]?.winner, current);
  });

  void it('still plans the records of other resources', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [
          record('w.example.com', 'A', ['1.1.1.1'], frozen),
          record('x.example.com', 'A', ['1.1.1.1'], { owner: 'me', ...web }),
        ],
        desired: [record('w.example.com', 'AAAA', ['::1'], web)],
        frozenResources,
      }),
    );
    assert.deepEqual(plan.changes.create.map((e) => `${e.dnsName} ${e.recordType}`), ['w.example.com AAAA']);
    assert.deepEqual(plan.changes.delete.map((e) => e.dnsName), ['x.example.com']);
  });
});
