/**
 * Two clusters, two controllers (different --txt-owner-id and access keys), one Route53 zone: both
 * publish weighted members of ONE name, each keeps only its own members and ownership TXT, and
 * deleting cluster A's Services removes only A's records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChangeBatchEntry } from '../../emulators/route53/index.ts';
import {
  lbService,
  NS,
  ownerTxt,
  setServiceIp,
  startCluster,
  startController,
  startRoute53,
  until,
  zoneLines,
  type Cluster,
  type ControllerProcess,
  type Route53,
} from './kube-support.ts';

const P = 'external-dns.alpha.kubernetes.io/';
const WAIT_MS = 15_000;

type Side = Readonly<{ owner: string; key: string; set: string; weight: string; sharedIp: string; own: string; ownIp: string }>;
const A: Side = { owner: 'cluster-a', key: 'AKIDCLUSTERA', set: 'cluster-a', weight: '70', sharedIp: '192.0.2.1', own: 'only-a.example.com', ownIp: '192.0.2.11' };
const B: Side = { owner: 'cluster-b', key: 'AKIDCLUSTERB', set: 'cluster-b', weight: '30', sharedIp: '198.51.100.1', own: 'only-b.example.com', ownIp: '198.51.100.11' };

/** The zone lines a side owns: its weighted member and TXT on the shared name, its own name and TXT. */
function linesOf(s: Side, sharedIp = s.sharedIp): string[] {
  return [
    `shared.example.com A set=${s.set} w=${s.weight} ${sharedIp}`,
    `${s.own} A ${s.ownIp}`,
  ];
}
/** Ownership TXT values of a side, as Route53 stores them. */
function txtOf(s: Side): string[] {
  return [ownerTxt(s.owner, `service/${NS}/shared`), ownerTxt(s.owner, `service/${NS}/own`)];
}

/** Does a record set a batch touched belong to side `s`? Judged by set identifier and name. */
function belongsTo(s: Side, change: ChangeBatchEntry['changes'][number]): boolean {
  const name = change.name.replace(/\.$/, '');
  if (name === 'shared.example.com' || name === 'a-shared.example.com') return change.setIdentifier === s.set;
  return name === s.own || name === `a-${s.own}`;
}

void describe('two controllers with different owner ids sharing one Route53 zone', () => {
  let dir: string;
  let route53: Route53;
  const clusters: Cluster[] = [];
  const controllers: ControllerProcess[] = [];
  const state = (): string => `zone:\n${zoneLines(route53).join('\n')}\n${controllers.map((c) => c.output()).join('\n')}`;
  const aOnly = (line: string): boolean => line.includes('set=cluster-a') || line.startsWith('only-a') || line.startsWith('a-only-a');
  const bOnly = (line: string): boolean => line.includes('set=cluster-b') || line.startsWith('only-b') || line.startsWith('a-only-b');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zk-kube-two-'));
    route53 = await startRoute53();
    for (const side of [A, B]) {
      const cluster = await startCluster(dir, side.owner);
      clusters.push(cluster);
      const routing = { [`${P}set-identifier`]: side.set, [`${P}aws-weight`]: side.weight };
      cluster.api.store.create(lbService('shared', 'shared.example.com', side.sharedIp, { annotations: routing }));
      cluster.api.store.create(lbService('own', side.own, side.ownIp));
      const controller = await startController({ cluster, ownerId: side.owner, name: side.owner, sources: ['service'], provider: { kind: 'aws', route53, accessKeyId: side.key } });
      controllers.push(controller);
      await controller.waitReady(20_000);
      // B starts only once A's member is in the zone: B must add its member next to a foreign one
      // (starting both at once would let B plan against an empty name, which proves less).
      if (side === A) await until('A published first', () => zoneLines(route53, (l) => l.startsWith(`shared.example.com A set=${A.set}`)).length === 1, WAIT_MS, state);
    }
  });

  after(async () => {
    for (const c of controllers) await c.stop();
    for (const c of clusters) await c.close();
    await route53.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes both weighted members of the shared name, each with its own ownership TXT', async () => {
    const want = [...linesOf(A), ...linesOf(B)].sort();
    await until('both sides published', () => JSON.stringify(zoneLines(route53, (l) => / A /.test(l))) === JSON.stringify(want), WAIT_MS, state);
    const txt = (set: string): string[] => zoneLines(route53, (l) => l.startsWith(`a-shared.example.com TXT set=${set}`));
    await until('both ownership TXT members', () => txt(A.set).length === 1 && txt(B.set).length === 1, WAIT_MS, state);
    assert.ok(txt(A.set)[0]?.endsWith(ownerTxt(A.owner, `service/${NS}/shared`)), txt(A.set).join());
    assert.ok(txt(B.set)[0]?.endsWith(ownerTxt(B.owner, `service/${NS}/shared`)), txt(B.set).join());
    for (const s of [A, B]) {
      const all = zoneLines(route53, (l) => l.includes(' TXT ')).join('\n');
      for (const t of txtOf(s)) assert.ok(all.includes(t), `TXT ${t} missing:\n${all}`);
    }
  });

  it('keeps each controller to its own records across several passes on both sides', async () => {
    // Passes on both sides: A moves its member, B relabels its Services (a pass with nothing to write).
    setServiceIp(clusters[0]!.api, 'shared', '192.0.2.2');
    for (let i = 0; i < 3; i++) {
      clusters[1]!.api.store.patch({ apiVersion: 'v1', kind: 'Service', namespace: NS, name: 'shared' }, { metadata: { labels: { pass: String(i) } } });
      await new Promise((r) => setTimeout(r, 400));
    }
    const want = [...linesOf(A, '192.0.2.2'), ...linesOf(B)].sort();
    await until('A\'s member moved, B\'s unchanged', () => JSON.stringify(zoneLines(route53, (l) => / A /.test(l))) === JSON.stringify(want), WAIT_MS, state);
    for (const [s, other] of [[A, B], [B, A]] as const) {
      const writes = route53.batches.filter((b) => b.accessKeyId === s.key && b.outcome === 'ok');
      assert.ok(writes.length >= 1, `${s.owner} wrote`);
      const foreign = writes.flatMap((b) => b.changes).filter((c) => !belongsTo(s, c));
      assert.deepEqual(foreign, [], `${s.owner} touched record sets that are not its own`);
      assert.ok(!writes.flatMap((b) => b.changes).some((c) => belongsTo(other, c)));
    }
    const refused = route53.batches.filter((b) => b.outcome !== 'ok');
    assert.deepEqual(refused.map((b) => `${b.accessKeyId ?? ''} ${b.outcome}`), [], 'no write was refused');
  });

  it('removes only cluster A\'s records and TXT when A\'s Services are deleted', async () => {
    const bBefore = zoneLines(route53, bOnly);
    assert.equal(bBefore.length, 4, `B's two records and two TXT:\n${bBefore.join('\n')}`);
    for (const name of ['shared', 'own']) clusters[0]!.api.store.delete({ apiVersion: 'v1', kind: 'Service', namespace: NS, name });
    await until('A\'s records and TXT gone', () => zoneLines(route53, aOnly).length === 0, WAIT_MS, state);
    assert.deepEqual(zoneLines(route53, bOnly), bBefore, 'B\'s records and TXT unchanged');
    assert.deepEqual(zoneLines(route53).filter((l) => !bOnly(l)), [], 'nothing else left in the zone');
    const aDeletes = route53.batches.filter((b) => b.accessKeyId === A.key).flatMap((b) => b.changes).filter((c) => c.action === 'DELETE');
    assert.ok(aDeletes.length >= 4 && aDeletes.every((c) => belongsTo(A, c)), JSON.stringify(aDeletes));
  });
});
