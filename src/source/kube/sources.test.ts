import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import type { SourceResult } from '../source.ts';
import { createKubeSources, type KubeSources, type KubeSourcesOptions, type ObjectChange } from './sources.ts';
import { FAST_TUNING, lbService, setLoadBalancer, sleep, waitFor } from './test-support.ts';

const P = 'external-dns.kubernetes.io/';
const G = 'gateway.networking.k8s.io';

const brief = (r: SourceResult): string[] => r.endpoints.map((e) => `${e.dnsName} ${e.recordType} ${e.targets.join(',')} ${e.labels.resource ?? ''}`);

void describe('createKubeSources against the test API server', () => {
  let server: KubeApiServer;
  const running: KubeSources[] = [];
  before(async () => {
    server = await startKubeApiServer({ historySize: 100, bookmarkIntervalMs: 50 });
  });
  // A failed test must not leave its informers running into the next one's watch counts.
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    await server.faults.waitForOpenWatches(0);
    server.faults.setLatency(0);
  });
  after(async () => {
    await server.close();
  });

  const start = async (o: Omit<KubeSourcesOptions, 'kubeConfig'>) => {
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), tuning: FAST_TUNING, ...o });
    running.push(sources);
    await sources.start();
    await server.faults.waitForOpenWatches(sources.health().informers.length);
    return sources;
  };
  const stop = async (sources: KubeSources) => {
    await sources.stop();
    await server.faults.waitForOpenWatches(0);
  };
  const endpointsOf = async (sources: KubeSources) => brief(await sources.source.endpoints());
  const eventually = async (sources: KubeSources, want: readonly string[], timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await endpointsOf(sources);
      if (JSON.stringify(got) === JSON.stringify(want)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for endpoints ${JSON.stringify(want)}; last seen ${JSON.stringify(got)}`);
      await sleep(10);
    }
  };

  void it('refuses bad filters and templates when created, naming the flag', () => {
    const make = (translate: KubeSourcesOptions['translate']) => () => createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['service'], translate });
    assert.throws(make({ labelFilter: 'a in (' }), /--label-filter/);
    assert.throws(make({ annotationFilter: '!!' }), /--annotation-filter/);
    assert.throws(make({ gatewayLabelFilter: 'x notin' }), /--gateway-label-filter/);
    assert.throws(make({ fqdnTemplate: '{{.Name' }), /--fqdn-template/);
  });

  void it('refuses endpoints() before the caches are synced', async () => {
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['service'] });
    await assert.rejects(sources.source.endpoints(), /not synced yet \(not started\)/);
  });

  void it('follows a LoadBalancer Service through create, status change and delete, telling listeners', async () => {
    const sources = await start({ sources: ['service'], namespace: 'svc' });
    const changes: ObjectChange[] = [];
    let notified = 0;
    sources.onObjectChange((c) => changes.push(c));
    sources.source.onChange(() => notified++);
    assert.deepEqual(await endpointsOf(sources), []);
    server.store.create(lbService('svc', 'web', 'web.example.com', '192.0.2.10'));
    await eventually(sources, ['web.example.com A 192.0.2.10 service/svc/web']);
    setLoadBalancer(server.store, 'svc', 'web', [{ ip: '192.0.2.11' }, { hostname: 'ignored-with-ip.example.net' }]);
    await eventually(sources, ['web.example.com A 192.0.2.11 service/svc/web', 'web.example.com CNAME ignored-with-ip.example.net service/svc/web']);
    server.store.delete({ apiVersion: 'v1', kind: 'Service', namespace: 'svc', name: 'web' });
    await eventually(sources, []);
    assert.deepEqual(changes.map((c) => `${c.type} ${c.kind} ${c.resource ?? '-'}`), ['add Service service/svc/web', 'update Service service/svc/web', 'delete Service service/svc/web']);
    assert.ok(notified >= 1);
    await stop(sources);
  });

  void it('publishes an Ingress, a DNSEndpoint, a VirtualServer and a Node', async () => {
    const sources = await start({ sources: ['ingress', 'crd', 'nginx-virtualserver', 'node'], namespace: 'mixed' });
    server.store.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing', namespace: 'mixed' }, spec: { rules: [{ host: 'ing.example.com' }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.20' }] } } });
    server.store.create({ apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: { name: 'crd', namespace: 'mixed' }, spec: { endpoints: [{ dnsName: 'txt.example.com', recordType: 'TXT', targets: ['"hello"'] }] } });
    server.store.create({ apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer', metadata: { name: 'vs', namespace: 'mixed' }, spec: { host: 'vs.example.com' }, status: { externalEndpoints: [{ ip: '192.0.2.30' }] } });
    server.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1.example.com' }, status: { addresses: [{ type: 'ExternalIP', address: '192.0.2.40' }] } });
    await eventually(sources, [
      'ing.example.com A 192.0.2.20 ingress/mixed/ing',
      'n1.example.com A 192.0.2.40 node/n1.example.com',
      'txt.example.com TXT "hello" crd/mixed/crd',
      'vs.example.com A 192.0.2.30 virtualserver/mixed/vs',
    ]);
    server.store.delete({ apiVersion: 'v1', kind: 'Node', name: 'n1.example.com' });
    await stop(sources);
  });

  void it('resolves an HTTPRoute through its Gateway and follows the Gateway address', async () => {
    const sources = await start({ sources: ['gateway-httproute', 'gateway-tlsroute'], namespace: 'routes', translate: { gatewayName: 'gw' } });
    assert.ok(sources.health().informers.some((i) => i.name === 'tlsroutes'));
    const gateway = {
      apiVersion: `${G}/v1`,
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'infra' },
      spec: { gatewayClassName: 'x', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
      status: { addresses: [{ type: 'IPAddress', value: '203.0.113.1' }] },
    };
    server.store.create(gateway);
    server.store.create({ ...gateway, metadata: { name: 'other-gw', namespace: 'infra' } });
    const parentRef = { name: 'gw', namespace: 'infra' };
    server.store.create({
      apiVersion: `${G}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'routes', annotations: { [`${P}ttl`]: '60' } },
      spec: { parentRefs: [parentRef], hostnames: ['app.example.com'] },
      status: { parents: [{ parentRef, controllerName: 'x', conditions: [{ type: 'Accepted', status: 'True' }] }] },
    });
    await eventually(sources, ['app.example.com A 203.0.113.1 httproute/routes/r']);
    assert.equal(sources.health().informers.find((i) => i.name === 'gateways')?.objects, 1, '--gateway-name selects on the server');
    const current = server.store.get({ apiVersion: `${G}/v1`, kind: 'Gateway', namespace: 'infra', name: 'gw' });
    assert.ok(current !== undefined);
    server.store.updateStatus({ ...current, apiVersion: `${G}/v1`, kind: 'Gateway', status: { addresses: [{ type: 'IPAddress', value: '203.0.113.2' }] } });
    await eventually(sources, ['app.example.com A 203.0.113.2 httproute/routes/r']);
    assert.equal((await sources.source.endpoints()).endpoints[0]?.ttl, 60);
    await stop(sources);
  });

  void it('re-translates NodePort services when a node changes', async () => {
    const sources = await start({ sources: ['service'], namespace: 'np' });
    server.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'np-node' }, status: { addresses: [{ type: 'ExternalIP', address: '192.0.2.50' }] } });
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'np', annotations: { [`${P}hostname`]: 'np.example.com' } }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } });
    await eventually(sources, ['_np._tcp.np.example.com SRV 0 50 30080 np.example.com. service/np/np', 'np.example.com A 192.0.2.50 service/np/np']);
    server.store.patch({ apiVersion: 'v1', kind: 'Node', name: 'np-node' }, { spec: { unschedulable: true } });
    await eventually(sources, ['_np._tcp.np.example.com SRV 0 50 30080 np.example.com. service/np/np']);
    server.store.delete({ apiVersion: 'v1', kind: 'Node', name: 'np-node' });
    await stop(sources);
  });

  void it('publishes a headless Service from its EndpointSlice and pods, and names the Service when the slice changes', async () => {
    const sources = await start({ sources: ['service'], namespace: 'hl' });
    const changes: ObjectChange[] = [];
    sources.onObjectChange((c) => changes.push(c));
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'hl', annotations: { [`${P}hostname`]: 'db.example.com' } }, spec: { clusterIP: 'None', selector: { app: 'db' } } });
    server.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'hl', labels: { app: 'db' } }, spec: { nodeName: 'n1' }, status: { podIP: '10.1.0.5' } });
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-abc', namespace: 'hl', labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.0.5'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'db-0', namespace: 'hl' } }],
    };
    server.store.create(slice);
    await eventually(sources, ['db.example.com A 10.1.0.5 service/hl/db']);
    assert.ok(changes.some((c) => c.kind === 'EndpointSlice' && c.resource === 'service/hl/db'));
    assert.ok(changes.some((c) => c.kind === 'Pod' && c.resource === undefined));
    server.store.patch({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: 'hl', name: 'db-abc' }, { endpoints: [{ ...slice.endpoints[0], conditions: { ready: false } }] });
    await eventually(sources, []);
    await stop(sources);
  });

  void it('starts the node, pod and EndpointSlice caches only once a NodePort Service exists, freezing it until they load', async () => {
    const sources = await start({ sources: ['service'], namespace: 'lazy' });
    assert.deepEqual(sources.health().informers.map((i) => i.name), ['services'], 'no pods are cached for LoadBalancer-only clusters');
    server.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'lazy-node' }, status: { addresses: [{ type: 'ExternalIP', address: '192.0.2.60' }] } });
    server.faults.setLatency(300);
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'lazy', annotations: { [`${P}hostname`]: 'np.example.com' } }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30090, protocol: 'TCP' }] } });
    await waitFor('the lookups starting', () => sources.health().informers.length === 4);
    const pending = await sources.source.endpoints();
    assert.deepEqual([brief(pending), [...pending.frozenResources]], [[], ['service/lazy/np']]);
    server.faults.setLatency(0);
    await eventually(sources, ['_np._tcp.np.example.com SRV 0 50 30090 np.example.com. service/lazy/np', 'np.example.com A 192.0.2.60 service/lazy/np']);
    assert.deepEqual([...(await sources.source.endpoints()).frozenResources], []);
    await server.faults.waitForOpenWatches(4);
    server.store.delete({ apiVersion: 'v1', kind: 'Node', name: 'lazy-node' });
    await stop(sources);
  });

  void it('filters by namespace and label on the server, so other objects are never cached', async () => {
    server.store.create(lbService('keep', 'a', 'a.example.com', '192.0.2.1', { labels: { dns: 'on' } }));
    server.store.create(lbService('keep', 'b', 'b.example.com', '192.0.2.2', { labels: { dns: 'off' } }));
    server.store.create(lbService('other', 'c', 'c.example.com', '192.0.2.3', { labels: { dns: 'on' } }));
    const sources = await start({ sources: ['service'], namespace: 'keep', translate: { labelFilter: 'dns=on', serviceTypeFilter: ['LoadBalancer'] } });
    assert.deepEqual(sources.health().informers.map((i) => [i.name, i.objects]), [['services', 1]]);
    assert.deepEqual(await endpointsOf(sources), ['a.example.com A 192.0.2.1 service/keep/a']);
    await stop(sources);
  });

  void it('heals a watch reset, an HTTP 500 burst and a 410 compaction without leaking watches', async () => {
    // A NodePort service present at start brings the node, pod and EndpointSlice caches along.
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'np', namespace: 'faults' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] } });
    const sources = await start({ sources: ['service', 'ingress'], namespace: 'faults' });
    const informers = sources.health().informers.length;
    assert.equal(informers, 5, 'services, ingresses, nodes, pods and endpointslices');
    server.faults.resetWatches();
    await waitFor('restarts after the reset', () => sources.health().informers.every((i) => i.restarts >= 1));
    await server.faults.waitForOpenWatches(informers);
    server.faults.failNextWatches(7);
    server.faults.closeWatches();
    await waitFor('healthy again after the 500 burst', () => sources.health().healthy && server.faults.openWatches() === informers);
    server.faults.setLatency(100);
    server.faults.closeWatches();
    server.store.create(lbService('faults', 'during', 'd.example.com', '192.0.2.9'));
    server.faults.compactHistory();
    server.faults.setLatency(0);
    await eventually(sources, ['d.example.com A 192.0.2.9 service/faults/during']);
    await server.faults.waitForOpenWatches(informers);
    await sleep(100);
    assert.equal(server.faults.openWatches(), informers);
    await stop(sources);
    const requests = server.faults.requestCount();
    await sleep(300);
    assert.equal(server.faults.requestCount(), requests, 'nothing restarts after stop()');
  });

  void it('rejects start() after the sync timeout, naming the collection that is not synced and why', async () => {
    server.faults.setLatency(1000);
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['ingress'], tuning: { ...FAST_TUNING, watchdogMs: 100 }, syncTimeoutMs: 300 });
    running.push(sources);
    await assert.rejects(sources.start(), /not synced after 300 ms: ingresses: nothing heard for \d+ ms \(watchdog 100 ms\).*Check RBAC/);
    server.faults.setLatency(0);
  });

  void it('rejects start() within the sync timeout when API discovery (for TLSRoute versions) does not answer', async () => {
    server.faults.setLatency(2000);
    const sources = createKubeSources({ kubeConfig: server.kubeConfig(), sources: ['gateway-tlsroute'], tuning: FAST_TUNING, syncTimeoutMs: 300 });
    running.push(sources);
    const started = Date.now();
    await assert.rejects(sources.start(), /API discovery of gateway\.networking\.k8s\.io\/v1 .* failed: .*timeout/);
    assert.ok(Date.now() - started < 1500, `start() took ${Date.now() - started} ms`);
    server.faults.setLatency(0);
  });

  void it('says the credentials were refused when the token is wrong', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeConfigYaml().replace('zonekeeper-test-token', 'wrong-token'));
    const sources = createKubeSources({ kubeConfig: kc, sources: ['crd'], tuning: FAST_TUNING, syncTimeoutMs: 300 });
    running.push(sources);
    await assert.rejects(sources.start(), /dnsendpoints: list \/apis\/externaldns.k8s.io\/v1alpha1\/dnsendpoints: HTTP 401: .*credentials were refused/);
  });

  void it('survives listeners that throw', async () => {
    const errors: unknown[] = [];
    const sources = await start({ sources: ['service'], namespace: 'throwing', onListenerError: (e) => errors.push(e), translate: { serviceTypeFilter: ['LoadBalancer'] } });
    sources.source.onChange(() => {
      throw new Error('change listener bug');
    });
    sources.onObjectChange(() => {
      throw new Error('object listener bug');
    });
    server.store.create(lbService('throwing', 'x', 'x.example.com', '192.0.2.1'));
    await eventually(sources, ['x.example.com A 192.0.2.1 service/throwing/x']);
    await waitFor('both listener errors reported', () => errors.length >= 2);
    assert.equal(sources.health().healthy, true);
    await stop(sources);
  });
});
