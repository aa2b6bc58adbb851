import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { createKubeFeedbackApi } from './kube-api.ts';

void describe('createKubeFeedbackApi', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer();
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' } });
  });
  after(async () => {
    await server.close();
  });

  const ref = { apiVersion: 'v1', kind: 'Service', namespace: 'apps', name: 'web' };

  void it('reads an object when the API server answers in time', async () => {
    const api = createKubeFeedbackApi(server.kubeConfig(), 2_000);
    const live = await api.getObject(ref);
    assert.equal(typeof live?.uid, 'string');
  });

  void it('fails a request the API server does not answer within its deadline, naming the call', async () => {
    const api = createKubeFeedbackApi(server.kubeConfig(), 100);
    server.faults.setLatency(1_000);
    try {
      const started = Date.now();
      await assert.rejects(api.getObject(ref), /read Service apps\/web: no answer within 100 ms/);
      assert.ok(Date.now() - started < 900, 'the deadline, not the server, ended the call');
    } finally {
      server.faults.setLatency(0);
    }
  });
});
