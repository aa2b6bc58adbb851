import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { createKubeSources } from './sources.ts';
import { FAST_TUNING, lbService, sleep } from './test-support.ts';

/** A small deterministic generator, so a failure replays with the same seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

void describe('createKubeSources under a storm of faults', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer({ historySize: 20, bookmarkIntervalMs: 50 });
  });
  after(async () => {
    await server.close();
  });

  void it('converges to the server state with exactly one watch per informer after random resets, 500s, closes and compactions', async () => {
    const random = rng(20261121);
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['service'], namespace: 'chaos', translate: { serviceTypeFilter: ['LoadBalancer'] }, tuning: FAST_TUNING });
    try {
      await sources.start();
      const live = new Map<string, string>();
      for (let step = 0; step < 40; step++) {
        const name = `s${Math.floor(random() * 8)}`;
        if (live.has(name)) {
          server.store.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'chaos', name });
          live.delete(name);
        } else {
          const ip = `192.0.2.${step + 1}`;
          server.store.create(lbService('chaos', name, `${name}.example.com`, ip));
          live.set(name, ip);
        }
        const fault = Math.floor(random() * 5);
        if (fault === 0) server.faults.resetWatches();
        else if (fault === 1) {
          server.faults.failNextWatches(1 + Math.floor(random() * 3));
          server.faults.closeWatches();
        } else if (fault === 2) server.faults.closeWatches();
        else if (fault === 3) server.faults.compactHistory();
        await sleep(Math.floor(random() * 30));
      }
      const want = [...live].map(([name, ip]) => `${name}.example.com ${ip} service/chaos/${name}`).sort();
      const deadline = Date.now() + 10_000;
      let got: string[] = [];
      while (Date.now() < deadline) {
        got = (await sources.source.endpoints()).endpoints.map((e) => `${e.dnsName} ${e.targets.join(',')} ${e.labels.resource ?? ''}`).sort();
        if (JSON.stringify(got) === JSON.stringify(want) && server.faults.openWatches() === 1 && sources.health().healthy) break;
        await sleep(20);
      }
      assert.deepEqual(got, want);
      assert.equal(server.faults.openWatches(), 1, 'one informer, one watch');
      assert.equal(sources.health().healthy, true);
    } finally {
      await sources.stop();
    }
    await server.faults.waitForOpenWatches(0);
  });
});
