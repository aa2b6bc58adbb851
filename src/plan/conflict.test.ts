import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../endpoint/index.ts';
import { calculatePlan } from './plan.ts';
import { planInputFor, record } from './testing.ts';

const svc = (name: string): { resource: string } => ({ resource: `service/default/${name}` });
const owned = (name: string): { owner: string; resource: string } => ({ owner: 'me', resource: `service/default/${name}` });

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

void describe('CNAME against other types', () => {
  void it('drops the CNAME candidate when an A record wants the same name', () => {
    const a = record('w.example.com', 'A', ['1.1.1.1'], svc('a'));
    const cname = record('w.example.com', 'CNAME', ['lb.example.net'], svc('b'));
    const plan = calculatePlan(planInputFor({ desired: [cname, a] }));
    assert.deepEqual(plan.changes.create, [a]);
    assert.equal(plan.conflicts.length, 1);
    assert.deepEqual(plan.conflicts[0]?.winner, a);
    assert.deepEqual(plan.conflicts[0]?.losers, [cname]);
    assert.match(plan.conflicts[0]?.reason ?? '', /CNAME cannot share a name.*service\/default\/b.*kept A from service\/default\/a/);
  });

  void it('deletes our current CNAME and creates the A record that beat a CNAME candidate', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [record('w.example.com', 'CNAME', ['old.example.net'], owned('b'))],
        desired: [
          record('w.example.com', 'A', ['1.1.1.1'], svc('a')),
          record('w.example.com', 'CNAME', ['lb.example.net'], svc('b')),
        ],
      }),
    );
    assert.deepEqual(plan.changes.create.map((e) => e.recordType), ['A']);
    assert.deepEqual(plan.changes.delete.map((e) => e.recordType), ['CNAME']);
    assert.equal(plan.changes.updateNew.length, 0);
  });

  void it('replaces an A record by a lone CNAME candidate without reporting a conflict', () => {
    const plan = calculatePlan(
      planInputFor({
        current: [record('w.example.com', 'A', ['1.1.1.1'], owned('a'))],
        desired: [record('w.example.com', 'CNAME', ['lb.example.net'], svc('a'))],
      }),
    );
    assert.deepEqual(plan.changes.create.map((e) => e.recordType), ['CNAME']);
    assert.deepEqual(plan.changes.delete.map((e) => e.recordType), ['A']);
    assert.deepEqual(plan.conflicts, []);
  });

  void it('keeps CNAME candidates when the other types live under another set identifier', () => {
    const plan = calculatePlan(
      planInputFor({
        desired: [
          record('w.example.com', 'A', ['1.1.1.1'], { ...svc('a'), setIdentifier: 'one' }),
          record('w.example.com', 'CNAME', ['lb.example.net'], { ...svc('b'), setIdentifier: 'two' }),
        ],
      }),
    );
    assert.deepEqual(plan.changes.create.map((e) => e.recordType), ['A', 'CNAME']);
  });
});

void describe('several candidates of one type', () => {
  type Case = { name: string; candidates: Endpoint[]; winner: number };
  const cases: Case[] = [
    {
      name: 'the candidate with the fewest targets wins',
      candidates: [
        record('w.example.com', 'A', ['1.1.1.1', '2.2.2.2'], svc('a')),
        record('w.example.com', 'A', ['9.9.9.9'], svc('b')),
      ],
      winner: 1,
    },
    {
      name: 'IPs compare by address, not as text',
      candidates: [
        record('w.example.com', 'A', ['10.0.0.10'], svc('a')),
        record('w.example.com', 'A', ['10.0.0.9'], svc('b')),
      ],
      winner: 1,
    },
    {
      name: 'hostnames compare lexically',
      candidates: [
        record('w.example.com', 'CNAME', ['b.example.net'], svc('a')),
        record('w.example.com', 'CNAME', ['a.example.net'], svc('b')),
      ],
      winner: 1,
    },
    {
      name: 'equal targets fall back to the resource name',
      candidates: [
        record('w.example.com', 'A', ['1.1.1.1'], { ...svc('b'), ttl: 60 }),
        record('w.example.com', 'A', ['1.1.1.1'], { ...svc('a'), ttl: 600 }),
      ],
      winner: 1,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const plan = calculatePlan(planInputFor({ desired: c.candidates }));
      const winner = c.candidates[c.winner];
      assert.deepEqual(plan.changes.create, [winner]);
      assert.deepEqual(plan.conflicts.map((x) => [x.winner, x.losers]), [[winner, c.candidates.filter((e) => e !== winner)]]);
    });
  }

  void it('keeps the candidate of the object that owns the current record (stickiness)', () => {
    const current = record('w.example.com', 'A', ['5.5.5.5'], owned('b'));
    const fromA = record('w.example.com', 'A', ['1.1.1.1'], svc('a'));
    const fromB = record('w.example.com', 'A', ['6.6.6.6'], svc('b'));
    const plan = calculatePlan(planInputFor({ current: [current], desired: [fromA, fromB] }));
    assert.deepEqual(plan.changes.updateNew, [{ ...fromB, labels: { ...fromB.labels, owner: 'me' } }]);
    assert.match(plan.conflicts[0]?.reason ?? '', /service\/default\/b keeps it because the existing record belongs to it/);
  });

  void it('does not flap between identical candidates of two objects, but reports them', () => {
    const current = record('w.example.com', 'A', ['1.1.1.1'], owned('b'));
    const fromA = record('w.example.com', 'A', ['1.1.1.1'], svc('a'));
    const fromB = record('w.example.com', 'A', ['1.1.1.1'], svc('b'));
    const plan = calculatePlan(planInputFor({ current: [current], desired: [fromA, fromB] }));
    assert.deepEqual(plan.changes, { create: [], updateOld: [], updateNew: [], delete: [] });
    assert.deepEqual(plan.conflicts.map((c) => [c.winner, c.losers]), [[fromB, [fromA]]]);
  });

  void it('falls back to the least candidate when no candidate comes from the current owner object', () => {
    const current = record('w.example.com', 'A', ['5.5.5.5'], owned('gone'));
    const fromA = record('w.example.com', 'A', ['7.7.7.7'], svc('a'));
    const fromB = record('w.example.com', 'A', ['6.6.6.6'], svc('b'));
    const plan = calculatePlan(planInputFor({ current: [current], desired: [fromA, fromB] }));
    assert.deepEqual(plan.changes.updateNew.map((e) => e.targets), [['6.6.6.6']]);
  });

  void it('treats one object emitting the same record twice as one candidate', () => {
    const e = record('w.example.com', 'A', ['1.1.1.1'], svc('a'));
    const plan = calculatePlan(planInputFor({ desired: [e, { ...e }] }));
    assert.deepEqual(plan.changes.create, [e]);
    assert.deepEqual(plan.conflicts, []);
  });

  void it('gives the same plan for every input order of the candidates', () => {
    const candidates = [
      record('w.example.com', 'A', ['1.1.1.1'], svc('c')),
      record('w.example.com', 'A', ['1.1.1.1'], svc('a')),
      record('w.example.com', 'A', ['1.1.1.1', '2.2.2.2'], svc('b')),
      record('w.example.com', 'CNAME', ['lb.example.net'], svc('d')),
    ];
    const current = [record('w.example.com', 'A', ['3.3.3.3'], owned('x'))];
    const plans = permutations(candidates).map((desired) => calculatePlan(planInputFor({ current, desired })));
    assert.equal(plans.length, 24);
    for (const p of plans) assert.deepEqual(p, plans[0]);
    assert.deepEqual(plans[0]?.changes.updateNew.map((e) => e.labels['resource']), ['service/default/a']);
    assert.equal(plans[0]?.conflicts.length, 2);
  });
});
