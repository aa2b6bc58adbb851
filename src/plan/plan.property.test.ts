/**
 * Property tests of the plan's acceptance criteria over random mixes of our, foreign and unowned
 * records sharing names, random desired records from several objects, frozen objects and policies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { endpointKey, isInZone, LABEL, PROP, type Endpoint, type RecordType } from '../endpoint/index.ts';
import type { PolicyName } from './changes.ts';
import { calculatePlan } from './plan.ts';
import { applyChangesToRecords, planInputFor, record } from './testing.ts';
import type { PlanInput } from './types.ts';

const OWNER = 'me';
const ZONES = ['example.com', 'sub.example.com', 'example.org'];
const MANAGED: readonly RecordType[] = ['A', 'AAAA', 'CNAME'];
const RUNS = 500;

const nameArb = fc
  .tuple(fc.constantFrom('a', 'a', 'b', '*'), fc.constantFrom(...ZONES, 'outside.net'))
  .map(([label, zone]) => `${label}.${zone}`);
const targetsFor: Record<RecordType, fc.Arbitrary<string[]>> = {
  A: fc.uniqueArray(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', '192.168.1.1'), { minLength: 1, maxLength: 3 }),
  AAAA: fc.uniqueArray(fc.constantFrom('2001:db8::1', '2001:db8::2', 'fe80::1'), { minLength: 1, maxLength: 2 }),
  CNAME: fc.constantFrom(['lb-1.example.net'], ['lb-2.example.net'], ['A.example.net']),
  TXT: fc.constantFrom(['hello'], ['world']),
  SRV: fc.constant(['0 0 80 x.example.net.']),
  MX: fc.constant(['10 mx.example.net']),
  NS: fc.constant(['ns1.example.net']),
  CAA: fc.constant(['0 issue "ca"']),
};
const propsArb = fc.constantFrom<Record<string, string>>({}, {}, { [PROP.weight]: '10' }, { [PROP.weight]: '20' });

function endpointArb(labelsArb: fc.Arbitrary<{ owner?: string; resource?: string }>, extraProps: boolean): fc.Arbitrary<Endpoint> {
  return fc
    .record({
      name: nameArb,
      type: fc.constantFrom<RecordType>('A', 'A', 'AAAA', 'CNAME', 'TXT'),
      setIdentifier: fc.constantFrom('', '', 'blue', 'green'),
      ttl: fc.constantFrom(0, 60, 300),
      props: extraProps
        ? fc.oneof(propsArb, fc.constant({ [PROP.txtForceUpdate]: 'true' }))
        : propsArb,
      labels: labelsArb,
    })
    .chain((r) =>
      targetsFor[r.type].map((targets) =>
        record(r.name, r.type, targets, {
          ...r.labels,
          ttl: r.ttl,
          setIdentifier: r.setIdentifier,
          providerSpecific: r.props,
        }),
      ),
    );
}

const RESOURCES = ['svc/a', 'svc/b', 'svc/c', 'ing/d'];
const currentArb = fc.uniqueArray(
  endpointArb(
    fc.record(
      { owner: fc.constantFrom(OWNER, OWNER, OWNER, 'them', ''), resource: fc.constantFrom(...RESOURCES) },
      { requiredKeys: [] },
    ).map((l) => (l.owner === '' ? { resource: l.resource } : l)),
    true,
  ),
  { selector: endpointKey, maxLength: 25 },
);
const desiredArb = fc.array(endpointArb(fc.record({ resource: fc.constantFrom(...RESOURCES) }), false), { maxLength: 25 });

type Scenario = Readonly<{ input: PlanInput }>;
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    current: currentArb,
    desired: desiredArb,
    policy: fc.constantFrom<PolicyName>('sync', 'sync', 'upsert-only', 'create-only'),
    ownerId: fc.constantFrom(OWNER, OWNER, OWNER, ''),
    frozen: fc.subarray(RESOURCES, { maxLength: 1 }),
    zones: fc.constantFrom(ZONES, [], ['example.com']),
    maxDeleteFraction: fc.constantFrom(0.3, 1),
    force: fc.boolean(),
  })
  .map((s) => ({
    input: planInputFor({
      current: s.current,
      desired: s.desired,
      policy: s.policy,
      ownerId: s.ownerId,
      frozenResources: new Set(s.frozen),
      zones: s.zones,
      maxDeleteFraction: s.maxDeleteFraction,
      force: s.force,
      managedTypes: MANAGED,
    }),
  }));

function touched(plan: ReturnType<typeof calculatePlan>): Endpoint[] {
  const c = plan.changes;
  return [...c.create, ...c.updateOld, ...c.updateNew, ...c.delete];
}

void describe('plan properties', () => {
  void it('converges: applying the changes and planning again yields no changes', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input }) => {
        const first = calculatePlan(input);
        const applied = applyChangesToRecords(input.current, first.changes, input.ownerId);
        const second = calculatePlan({ ...input, current: applied });
        assert.deepEqual(second.changes, { create: [], updateOld: [], updateNew: [], delete: [] });
      }),
      { numRuns: RUNS },
    );
  });

  void it('converges fully under sync without the threshold: every wanted record set exists afterwards', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input: base }) => {
        const input = { ...base, policy: 'sync' as const, force: true };
        const first = calculatePlan(input);
        const applied = applyChangesToRecords(input.current, first.changes, input.ownerId);
        const keys = new Set(applied.map(endpointKey));
        // A wanted record set may be missing only when ownership skipped it or it lost to a record of another key
        // (a dropped CNAME, or a record that cannot sit beside a frozen one).
        const excused = new Set([
          ...first.skipped.map((s) => endpointKey(s.endpoint)),
          ...first.conflicts.flatMap((c) => c.losers.map(endpointKey).filter((k) => k !== endpointKey(c.winner))),
        ]);
        for (const d of input.desired) {
          const inZone = input.zones.length === 0 || input.zones.some((z) => isInZone(d.dnsName, z));
          if (!MANAGED.includes(d.recordType) || !inZone) continue;
          const key = endpointKey(d);
          assert.ok(keys.has(key) || excused.has(key), `wanted ${key} is missing after applying the plan`);
        }
        for (const e of applied) {
          const wanted = input.desired.some((d) => endpointKey(d) === endpointKey(e));
          const owned = input.ownerId === '' || e.labels[LABEL.owner] === input.ownerId;
          const inZone = input.zones.length === 0 || input.zones.some((z) => isInZone(e.dnsName, z));
          const frozen = input.frozenResources.has(e.labels[LABEL.resource] ?? '');
          if (owned && inZone && MANAGED.includes(e.recordType) && !wanted && !frozen) {
            const skipped = first.skipped.some((s) => endpointKey(s.endpoint) === endpointKey(e));
            assert.ok(skipped, `unwanted owned ${endpointKey(e)} survived without being reported as skipped`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  void it('never touches a record set held by another owner or by nobody (nor a name a foreign simple record holds); deletes and updates only our own', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input }) => {
        if (input.ownerId === '') return;
        const plan = calculatePlan(input);
        const foreign = input.current.filter((e) => MANAGED.includes(e.recordType) && e.labels[LABEL.owner] !== input.ownerId);
        const foreignSets = new Set(foreign.map((e) => `${e.dnsName} ${e.setIdentifier}`));
        const foreignSimpleNames = new Set(foreign.filter((e) => e.setIdentifier === '').map((e) => e.dnsName));
        const foreignNames = new Set(foreign.map((e) => e.dnsName));
        for (const e of touched(plan)) {
          assert.ok(!foreignSets.has(`${e.dnsName} ${e.setIdentifier}`), `touched a foreign record set: ${endpointKey(e)}`);
          assert.ok(!foreignSimpleNames.has(e.dnsName), `touched a name held by a foreign simple record: ${endpointKey(e)}`);
          if (e.setIdentifier === '') assert.ok(!foreignNames.has(e.dnsName), `touched a simple record beside a foreign one: ${endpointKey(e)}`);
        }
        for (const e of [...plan.changes.delete, ...plan.changes.updateOld, ...plan.changes.updateNew]) {
          assert.equal(e.labels[LABEL.owner], input.ownerId);
        }
        for (const e of [...plan.changes.delete, ...plan.changes.updateOld]) {
          assert.ok(!input.frozenResources.has(e.labels[LABEL.resource] ?? ''), `changed frozen ${endpointKey(e)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  void it('is deterministic: shuffling current and desired does not change the plan', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(({ input }) =>
          fc.record({
            input: fc.constant(input),
            current: fc.shuffledSubarray([...input.current], { minLength: input.current.length }),
            desired: fc.shuffledSubarray([...input.desired], { minLength: input.desired.length }),
          }),
        ),
        ({ input, current, desired }) => {
          assert.deepEqual(calculatePlan({ ...input, current, desired }), calculatePlan(input));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
