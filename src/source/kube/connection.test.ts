import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { KubeConfigError, loadConnection } from './connection.ts';

void describe('loadConnection', () => {
  let server: KubeApiServer;
  let dir: string;
  let file: string;
  before(async () => {
    server = await startKubeApiServer();
    dir = mkdtempSync(join(tmpdir(), 'zk-kubeconfig-'));
    file = join(dir, 'config');
    writeFileSync(file, server.kubeConfigYaml());
  });
  after(async () => {
    await server.close();
  });

  void it('loads --kubeconfig PATH and talks to the API server with it', async () => {
    const c = loadConnection({ kubeconfig: file, env: {} });
    assert.equal(c.source, `--kubeconfig ${file}`);
    assert.equal(c.server, server.url);
    const list = await c.kubeConfig.makeApiClient(CoreV1Api).listNamespacedService({ namespace: 'default' });
    assert.deepEqual(list.items, []);
  });

  void it('prefers --kubeconfig over $KUBECONFIG, and uses $KUBECONFIG otherwise', () => {
    assert.match(loadConnection({ kubeconfig: file, env: { KUBECONFIG: '/nope' } }).source, /^--kubeconfig/);
    assert.match(loadConnection({ env: { KUBECONFIG: file } }).source, /^\$KUBECONFIG/);
  });

  void it('overrides the server URL with --server', () => {
    const c = loadConnection({ kubeconfig: file, server: 'http://127.0.0.1:1', env: {} });
    assert.equal(c.kubeConfig.getCurrentCluster()?.server, 'http://127.0.0.1:1');
  });

  void it('loads the in-cluster service account when KUBERNETES_SERVICE_HOST is set', () => {
    const root = join(dir, 'pod');
    mkdirSync(join(root, 'var/run/secrets/kubernetes.io/serviceaccount'), { recursive: true });
    writeFileSync(join(root, 'var/run/secrets/kubernetes.io/serviceaccount/token'), 'token');
    const c = loadConnection({ env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountRoot: root });
    assert.equal(c.server, 'https://10.96.0.1:443');
    assert.match(c.source, /in-cluster service account/);
    assert.equal(process.env.KUBERNETES_SERVICE_HOST, undefined, 'process.env is left as it was');
  });

  const failures: readonly (readonly [string, Parameters<typeof loadConnection>[0], RegExp])[] = [
    ['a missing --kubeconfig file', { kubeconfig: '/does/not/exist', env: {} }, /--kubeconfig \/does\/not\/exist: file \/does\/not\/exist does not exist/],
    ['an in-cluster pod without a token', { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountRoot: '/nonexistent' }, /in-cluster service account.*token does not exist/],
    ['no configuration at all', { env: {}, home: '/nonexistent-home' }, /no Kubernetes configuration found: pass --kubeconfig PATH, set KUBECONFIG/],
  ];
  for (const [what, options, message] of failures) {
    void it(`names the source for ${what}`, () => {
      assert.throws(() => loadConnection(options), (e: unknown) => e instanceof KubeConfigError && message.test(e.message));
    });
  }

  void it('never repeats file content (which may hold a token) in the error', () => {
    const leaky = join(dir, 'leaky');
    writeFileSync(leaky, 'users:\n- name: u\n  user:\n    token: s3cr3t-token\n   bad: [\n');
    assert.throws(() => loadConnection({ kubeconfig: leaky, env: {} }), (e: unknown) => e instanceof KubeConfigError && !e.message.includes('s3cr3t') && e.message.includes('cannot read the kubeconfig'));
  });

  void it('names the file for unreadable YAML and for a context without a cluster', () => {
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'clusters: [unclosed');
    assert.throws(() => loadConnection({ kubeconfig: bad, env: {} }), new RegExp(`--kubeconfig ${bad}: cannot read the kubeconfig`));
    const orphan = join(dir, 'orphan');
    writeFileSync(orphan, 'apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts: [{name: c, context: {cluster: gone, user: u}}]\nusers: [{name: u, user: {token: t}}]\nclusters: []\n');
    assert.throws(() => loadConnection({ kubeconfig: orphan, env: {} }), /context "c" names a cluster that is not defined/);
  });
});
