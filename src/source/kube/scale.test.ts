import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { createKubeSources, type ObjectChange } from './sources.ts';
import { FAST_TUNING, lbService, setLoadBalancer, waitFor } from './test-support.ts';

const COUNT = 10_000;

void describe('createKubeSources at 10,000 Services', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer({ historySize: 100, bookmarkIntervalMs: 1000 });
    for (let i = 0; i < COUNT; i++) server.store.create(lbService(`ns-${i % 50}`, `svc-${i}`, `svc-${i}.example.com`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
  });
  after(async () => {
    await server.close();
  });

  void it('answers endpoints() after one change in well under 100 ms, re-translating only that Service', async (t) => {
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['service'], translate: { serviceTypeFilter: ['LoadBalancer'] }, tuning: { ...FAST_TUNING, pageSize: 500 } });
    const changes: ObjectChange[] = [];
    sources.onObjectChange((c) => changes.push(c));
    try {
      let t0 = performance.now();
      await sources.start();
      const startMs = performance.now() - t0;
      t0 = performance.now();
      const first = await sources.source.endpoints();
      const firstMs = performance.now() - t0;
      assert.equal(first.endpoints.length, COUNT);

      const timings: number[] = [];
      for (let round = 0; round < 5; round++) {
        const seen = changes.length;
        // Counted from before the change: the source translates the changed object when its event
        // arrives (to tell whether any record changed) and endpoints() reuses that translation.
        const translated = sources.health().translated;
        setLoadBalancer(server.store, 'ns-7', 'svc-7', [{ ip: `192.0.2.${round + 1}` }]);
        await waitFor('the watch event', () => changes.length > seen, 10_000);
        t0 = performance.now();
        const r = await sources.source.endpoints();
        timings.push(performance.now() - t0);
        assert.equal(sources.health().translated - translated, 1, `only the changed Service is translated again (round ${round}: ${JSON.stringify(changes.slice(seen))})`);
        assert.deepEqual(r.endpoints.find((e) => e.dnsName === 'svc-7.example.com')?.targets, [`192.0.2.${round + 1}`]);
        assert.equal(r.endpoints.length, COUNT);
      }
      const best = Math.min(...timings);
      const median = [...timings].sort((a, b) => a - b)[2] ?? Infinity;
      t.diagnostic(`10k services: start+sync ${startMs.toFixed(0)} ms, first endpoints() ${firstMs.toFixed(0)} ms, endpoints() after one change: ${timings.map((x) => x.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)})`);
      t.diagnostic(`heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (emulator store included)`);
      // 100 ms is the goal on an idle machine (about 20 ms is typical). When the suite runs beside other
      // heavy tests on two cores everything is several times slower, so the bound becomes a third of a
      // full translation pass measured in this same run; re-translating everything would still fail it.
      const bound = Math.max(100, firstMs / 3);
      assert.ok(best < bound, `endpoints() after one change took ${best.toFixed(1)} ms at best (bound ${bound.toFixed(0)} ms; full pass ${firstMs.toFixed(0)} ms)`);
    } finally {
      await sources.stop();
    }
  });
});
