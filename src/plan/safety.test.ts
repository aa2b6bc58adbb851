import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../endpoint/index.ts';
import { calculatePlan } from './plan.ts';
import { planInputFor, record } from './testing.ts';
import type { PlanInput } from './types.ts';

/** `count` records owned by `owner` in `zone`, named r0…. */
function owned(zone: string, count: number, owner = 'me'): Endpoint[] {
  return Array.from({ length: count }, (_, i) => record(`r${i}.${zone}`, 'A', ['1.1.1.1'], { owner, resource: `svc/${i}` }));
}
/** Desired records for all but the last `deletes` of `records`. */
function keepAllBut(records: readonly Endpoint[], deletes: number): Endpoint[] {
  return records.slice(0, records.length - deletes).map((e) => ({ ...e, labels: { resource: e.labels['resource'] ?? '' } }));
}

void describe('delete safety threshold', () => {
  type Case = { name: string; owned: number; deletes: number; overrides?: Partial<PlanInput>; refused: boolean };
  const cases: Case[] = [
    { name: 'does not apply below 10 owned records', owned: 9, deletes: 9, refused: false },
    { name: 'refuses 4 of 10 deletes at 0.3', owned: 10, deletes: 4, refused: true },
    { name: 'allows exactly the fraction (3 of 10 at 0.3)', owned: 10, deletes: 3, refused: false },
    { name: 'is bypassed by force', owned: 10, deletes: 10, overrides: { force: true }, refused: false },
    { name: 'counts no deletes under upsert-only', owned: 10, deletes: 10, overrides: { policy: 'upsert-only' }, refused: false },
    { name: 'honours a larger fraction', owned: 20, deletes: 10, overrides: { maxDeleteFraction: 0.5 }, refused: false },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const current = owned('example.com', c.owned);
      const plan = calculatePlan(
        planInputFor({ current, desired: keepAllBut(current, c.deletes), zones: ['example.com'], ...c.overrides }),
      );
      const expectedDeletes = c.refused || c.overrides?.policy === 'upsert-only' ? 0 : c.deletes;
      assert.equal(plan.changes.delete.length, expectedDeletes);
      assert.deepEqual(
        plan.refusals,
        c.refused ? [{ zone: 'example.com', deletes: c.deletes, owned: c.owned, maxDeleteFraction: 0.3 }] : [],
      );
    });
  }

  void it("holds back all of a refused zone's changes and lets other zones proceed", () => {
    const a = owned('a.example', 10);
    const b = owned('b.example', 10);
    const desired = [
      ...keepAllBut(a, 4),
      record('new.a.example', 'A', ['2.2.2.2'], { resource: 'svc/new' }),
      ...keepAllBut(b, 1),
      record('new.b.example', 'A', ['2.2.2.2'], { resource: 'svc/new' }),
    ];
    const plan = calculatePlan(planInputFor({ current: [...a, ...b], desired, zones: ['a.example', 'b.example'] }));
    assert.deepEqual(plan.refusals, [{ zone: 'a.example', deletes: 4, owned: 10, maxDeleteFraction: 0.3 }]);
    assert.deepEqual(plan.changes.create.map((e) => e.dnsName), ['new.b.example']);
    assert.deepEqual(plan.changes.delete.map((e) => e.dnsName), ['r9.b.example']);
  });

  void it('counts only records this owner owns', () => {
    const mine = owned('example.com', 5);
    const theirs = owned('example.com', 20, 'them').map((e) => ({ ...e, dnsName: `t-${e.dnsName}` }));
    const plan = calculatePlan(planInputFor({ current: [...mine, ...theirs], zones: ['example.com'] }));
    assert.equal(plan.changes.delete.length, 5);
    assert.deepEqual(plan.refusals, []);
  });

  void it('counts each record in the longest zone that holds it', () => {
    const sub = owned('sub.example.com', 10);
    const parent = owned('example.com', 10);
    const plan = calculatePlan(
      planInputFor({ current: [...sub, ...parent], desired: keepAllBut(parent, 0), zones: ['example.com', 'sub.example.com'] }),
    );
    assert.deepEqual(plan.refusals, [{ zone: 'sub.example.com', deletes: 10, owned: 10, maxDeleteFraction: 0.3 }]);
    assert.equal(plan.changes.delete.length, 0);
  });

  void it('treats all names as one zone when no zones are given', () => {
    const current = owned('example.com', 10);
    const plan = calculatePlan(planInputFor({ current }));
    assert.deepEqual(plan.refusals, [{ zone: '', deletes: 10, owned: 10, maxDeleteFraction: 0.3 }]);
  });
});
