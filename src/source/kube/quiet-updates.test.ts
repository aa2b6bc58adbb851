import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { createKubeSources } from './sources.ts';
import { FAST_TUNING, lbService, setLoadBalancer, sleep, waitFor } from './test-support.ts';

const SERVICE = { apiVersion: 'v1', kind: 'Service', namespace: 'apps', name: 'web' } as const;

void describe('createKubeSources change notifications', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer();
    server.store.create(lbService('apps', 'web', 'web.example.com', '192.0.2.10'));
  });
  after(async () => {
    await server.close();
  });

  void it('stays quiet about updates that change no record, so a stream of them never postpones a pass', async () => {
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['service'], tuning: FAST_TUNING });
    let notified = 0;
    sources.source.onChange(() => {
      notified += 1;
    });
    try {
      await sources.start();
      await sources.source.endpoints();
      await sleep(100);
      const before = notified;
      server.store.patch(SERVICE, { metadata: { labels: { churn: '1' } } });
      server.store.patch(SERVICE, { metadata: { annotations: { 'example.com/other-tool': 'x' } } });
      await sleep(500);
      assert.equal(notified, before, 'a label and another tool\'s annotation change no record');
      setLoadBalancer(server.store, 'apps', 'web', [{ ip: '192.0.2.11' }]);
      await waitFor('a notification for the new address', () => notified > before, 5_000);
      const result = await sources.source.endpoints();
      assert.deepEqual(result.endpoints.find((e) => e.dnsName === 'web.example.com')?.targets, ['192.0.2.11']);
    } finally {
      await sources.stop();
    }
  });
});
