import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDomainFilter, PROP, type Endpoint } from '../endpoint/index.ts';
import type { Changes, PolicyName } from './changes.ts';
import { calculatePlan } from './plan.ts';
import { planInputFor, record } from './testing.ts';
import type { PlanInput } from './types.ts';

const names = (list: readonly Endpoint[]): string[] => list.map((e) => `${e.dnsName} ${e.recordType}`);
const summary = (c: Changes) => ({
  create: names(c.create),
  update: names(c.updateNew),
  delete: names(c.delete),
});
const mine = { owner: 'me', resource: 'service/default/web' };
const wanted = { resource: 'service/default/web' };

void describe('policies', () => {
  const input = {
    current: [
      record('keep.example.com', 'A', ['1.1.1.1'], mine),
      record('change.example.com', 'A', ['1.1.1.1'], mine),
      record('gone.example.com', 'A', ['1.1.1.1'], mine),
    ],
    desired: [
      record('keep.example.com', 'A', ['1.1.1.1'], wanted),
      record('change.example.com', 'A', ['2.2.2.2'], wanted),
      record('new.example.com', 'A', ['3.3.3.3'], wanted),
    ],
  };
  const cases: { policy: PolicyName; expected: ReturnType<typeof summary> }[] = [
    {
      policy: 'sync',
      expected: { create: ['new.example.com A'], update: ['change.example.com A'], delete: ['gone.example.com A'] },
    },
    { policy: 'upsert-only', expected: { create: ['new.example.com A'], update: ['change.example.com A'], delete: [] } },
    { policy: 'create-only', expected: { create: ['new.example.com A'], update: [], delete: [] } },
  ];
  for (const { policy, expected } of cases) {
    void it(`${policy} makes only the changes it allows`, () => {
      assert.deepEqual(summary(calculatePlan(planInputFor({ ...input, policy })).changes), expected);
    });
  }
  void it('rejects an unknown policy by name', () => {
    assert.throws(
      () => calculatePlan(planInputFor({ policy: 'upsert' as PolicyName })),
      /unknown policy "upsert"; use one of sync, upsert-only, create-only/,
    );
  });
});

void describe('filters', () => {
  type Case = { name: string; overrides: Partial<PlanInput>; expected: ReturnType<typeof summary> };
  const current = [
    record('old.example.com', 'A', ['1.1.1.1'], mine),
    record('old.dev.example.com', 'A', ['1.1.1.1'], mine),
    record('old.other.org', 'A', ['1.1.1.1'], mine),
    record('old6.example.com', 'AAAA', ['::1'], mine),
  ];
  const desired = [
    record('new.example.com', 'A', ['2.2.2.2'], wanted),
    record('new.dev.example.com', 'A', ['2.2.2.2'], wanted),
    record('new.other.org', 'A', ['2.2.2.2'], wanted),
    record('new6.example.com', 'AAAA', ['::2'], wanted),
    record('txt.example.com', 'TXT', ['hello'], wanted),
  ];
  const cases: Case[] = [
    {
      name: 'a domain filter keeps records outside it untouched',
      overrides: { domainFilter: createDomainFilter({ include: ['example.com'] }) },
      expected: {
        create: ['new.dev.example.com A', 'new.example.com A', 'new6.example.com AAAA'],
        update: [],
        delete: ['old.dev.example.com A', 'old.example.com A', 'old6.example.com AAAA'],
      },
    },
    {
      name: 'an excluded domain is neither created nor deleted',
      overrides: { domainFilter: createDomainFilter({ include: ['example.com'], exclude: ['dev.example.com'] }) },
      expected: {
        create: ['new.example.com A', 'new6.example.com AAAA'],
        update: [],
        delete: ['old.example.com A', 'old6.example.com AAAA'],
      },
    },
    {
      name: 'a regex domain filter selects names',
      overrides: { domainFilter: createDomainFilter({ regexInclude: '^new' }) },
      expected: {
        create: ['new.dev.example.com A', 'new.example.com A', 'new.other.org A', 'new6.example.com AAAA'],
        update: [],
        delete: [],
      },
    },
    {
      name: 'names outside the managed zones are left alone',
      overrides: { zones: ['dev.example.com'] },
      expected: { create: ['new.dev.example.com A'], update: [], delete: ['old.dev.example.com A'] },
    },
    {
      name: 'excluded types are neither created nor deleted',
      overrides: { zones: ['example.com'], excludeTypes: ['AAAA'] },
      expected: {
        create: ['new.dev.example.com A', 'new.example.com A'],
        update: [],
        delete: ['old.dev.example.com A', 'old.example.com A'],
      },
    },
    {
      name: 'TXT is managed only when listed in managed types',
      overrides: { zones: ['example.com'], managedTypes: ['TXT'] },
      expected: { create: ['txt.example.com TXT'], update: [], delete: [] },
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      assert.deepEqual(summary(calculatePlan(planInputFor({ current, desired, ...c.overrides })).changes), c.expected);
    });
  }
});

void describe('updates happen only for real differences', () => {
  type Case = { name: string; current: Endpoint; desired: Endpoint; update: boolean };
  const cases: Case[] = [
    {
      name: 'an unset desired TTL accepts the current TTL',
      current: record('w.example.com', 'A', ['1.1.1.1'], { ...mine, ttl: 300 }),
      desired: record('w.example.com', 'A', ['1.1.1.1'], { ...wanted, ttl: 0 }),
      update: false,
    },
    {
      name: 'a configured TTL that differs updates',
      current: record('w.example.com', 'A', ['1.1.1.1'], { ...mine, ttl: 300 }),
      desired: record('w.example.com', 'A', ['1.1.1.1'], { ...wanted, ttl: 600 }),
      update: true,
    },
    {
      name: 'the same targets in another order and case do not update',
      current: record('w.example.com', 'CNAME', ['LB.Example.NET.'], mine),
      desired: record('w.example.com', 'CNAME', ['lb.example.net'], wanted),
      update: false,
    },
    {
      name: 'the same A targets in another order do not update',
      current: record('w.example.com', 'A', ['2.2.2.2', '1.1.1.1'], mine),
      desired: record('w.example.com', 'A', ['1.1.1.1', '2.2.2.2'], wanted),
      update: false,
    },
    {
      name: 'an IPv6 target in another spelling does not update',
      current: record('w.example.com', 'AAAA', ['2001:db8::1'], mine),
      desired: record('w.example.com', 'AAAA', ['2001:0db8:0:0:0:0:0:1'], wanted),
      update: false,
    },
    {
      name: 'different targets update',
      current: record('w.example.com', 'A', ['1.1.1.1'], mine),
      desired: record('w.example.com', 'A', ['1.1.1.1', '2.2.2.2'], wanted),
      update: true,
    },
    {
      name: 'a provider-specific property added on the desired side updates',
      current: record('w.example.com', 'A', ['1.1.1.1'], mine),
      desired: record('w.example.com', 'A', ['1.1.1.1'], { ...wanted, providerSpecific: { [PROP.weight]: '10' } }),
      update: true,
    },
    {
      name: 'a provider-specific property present only on the current side updates',
      current: record('w.example.com', 'A', ['1.1.1.1'], { ...mine, providerSpecific: { [PROP.alias]: 'true' } }),
      desired: record('w.example.com', 'A', ['1.1.1.1'], wanted),
      update: true,
    },
    {
      name: 'a label difference alone does not update',
      current: record('w.example.com', 'A', ['1.1.1.1'], { owner: 'me', resource: 'service/default/old' }),
      desired: record('w.example.com', 'A', ['1.1.1.1'], { resource: 'ingress/default/new' }),
      update: false,
    },
    {
      name: 'txt/force-update on the current record forces an update',
      current: record('w.example.com', 'A', ['1.1.1.1'], { ...mine, providerSpecific: { [PROP.txtForceUpdate]: 'true' } }),
      desired: record('w.example.com', 'A', ['1.1.1.1'], wanted),
      update: true,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const { changes } = calculatePlan(planInputFor({ current: [c.current], desired: [c.desired] }));
      assert.equal(changes.updateNew.length, c.update ? 1 : 0);
      assert.equal(changes.create.length + changes.delete.length, 0);
    });
  }

  void it('pairs the current record with the desired one, keeping the current owner label', () => {
    const current = record('w.example.com', 'A', ['1.1.1.1'], { ...mine, providerSpecific: { [PROP.txtForceUpdate]: 'true' } });
    const desired = record('w.example.com', 'A', ['2.2.2.2'], wanted);
    const { changes } = calculatePlan(planInputFor({ current: [current], desired: [desired] }));
    assert.deepEqual(changes.updateOld, [current]);
    assert.deepEqual(changes.updateNew, [{ ...desired, labels: { ...desired.labels, owner: 'me' } }]);
    assert.equal(changes.updateNew[0]?.providerSpecific[PROP.txtForceUpdate], undefined);
  });

  void it('creates the desired record as given, leaving the owner label to the registry', () => {
    const desired = record('w.example.com', 'A', ['2.2.2.2'], wanted);
    assert.deepEqual(calculatePlan(planInputFor({ desired: [desired] })).changes.create, [desired]);
  });
});

void describe('output order', () => {
  void it('sorts changes by name, type and set identifier whatever the input order', () => {
    const desired = [
      record('b.example.com', 'A', ['1.1.1.1'], wanted),
      record('a.example.com', 'CNAME', ['x.example.net'], { ...wanted, setIdentifier: 'z' }),
      record('a.example.com', 'AAAA', ['::1'], wanted),
      record('a.example.com', 'CNAME', ['x.example.net'], { ...wanted, setIdentifier: 'b' }),
      record('a.example.com', 'A', ['1.1.1.1'], { ...wanted, setIdentifier: 'c' }),
    ];
    const forward = calculatePlan(planInputFor({ desired }));
    assert.deepEqual(
      forward.changes.create.map((e) => `${e.dnsName} ${e.recordType} ${e.setIdentifier}`),
      ['a.example.com A c', 'a.example.com AAAA ', 'a.example.com CNAME b', 'a.example.com CNAME z', 'b.example.com A '],
    );
    assert.deepEqual(calculatePlan(planInputFor({ desired: [...desired].reverse() })), forward);
  });

  void it('keeps one deterministic record when the registry returns a key twice', () => {
    const a = record('w.example.com', 'A', ['1.1.1.1'], { owner: 'me', resource: 'svc/a' });
    const b = record('w.example.com', 'A', ['2.2.2.2'], { owner: 'me', resource: 'svc/b' });
    const desired = [record('w.example.com', 'A', ['3.3.3.3'], { resource: 'svc/b' })];
    const forward = calculatePlan(planInputFor({ current: [a, b], desired }));
    assert.deepEqual(calculatePlan(planInputFor({ current: [b, a], desired })), forward);
    assert.deepEqual(forward.changes.updateOld, [a]);
  });

  void it('plans nothing for nothing', () => {
    assert.deepEqual(calculatePlan(planInputFor({})), {
      changes: { create: [], updateOld: [], updateNew: [], delete: [] },
      conflicts: [],
      skipped: [],
      refusals: [],
    });
  });
});

void describe('provider-specific comparison', () => {
  const cases: { name: string; current: Record<string, string>; desired: Record<string, string>; update: boolean }[] = [
    { name: 'equal sets in another key order', current: { a: '1', b: '2' }, desired: { b: '2', a: '1' }, update: false },
    { name: 'same keys, one value differs', current: { a: '1', b: '2' }, desired: { a: '1', b: '3' }, update: true },
    { name: 'same size, different keys', current: { a: '1' }, desired: { b: '1' }, update: true },
    { name: 'a key only on the desired side', current: { a: '1' }, desired: { a: '1', b: '2' }, update: true },
    { name: 'both empty', current: {}, desired: {}, update: false },
  ];
  for (const c of cases) {
    void it(`${c.update ? 'updates' : 'does not update'} for ${c.name}`, () => {
      const current = record('w.example.com', 'A', ['1.1.1.1'], { ...mine, providerSpecific: c.current });
      const desired = record('w.example.com', 'A', ['1.1.1.1'], { ...wanted, providerSpecific: c.desired });
      assert.equal(calculatePlan(planInputFor({ current: [current], desired: [desired] })).changes.updateNew.length, c.update ? 1 : 0);
    });
  }
});
