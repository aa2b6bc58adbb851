import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createControllerMetrics } from '../controller/metrics.ts';
import { silentLogger } from '../log/logger.ts';
import { parseListenAddress, startHttpServer, type Check, type HttpServer } from './http-server.ts';

describe('parseListenAddress', () => {
  it('reads :port, host:port and [v6]:port', () => {
    assert.deepEqual(parseListenAddress(':7979'), { host: '', port: 7979 });
    assert.deepEqual(parseListenAddress('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
    assert.deepEqual(parseListenAddress('[::1]:8080'), { host: '::1', port: 8080 });
  });

  it('names the flag and the value when the address is malformed', () => {
    assert.throws(() => parseListenAddress('7979'), /--metrics-address="7979": expected host:port/);
    assert.throws(() => parseListenAddress(':99999'), /--metrics-address=":99999"/);
  });
});

describe('operations HTTP server', () => {
  let server: HttpServer;
  let ready: Check = { ok: false, reason: 'caches not synced yet' };
  let alive: Check = { ok: true };
  const registry = new Registry();
  const metrics = createControllerMetrics({ registry });
  before(async () => {
    server = await startHttpServer({ address: '127.0.0.1:0', registry, logger: silentLogger(), health: { alive: () => alive, ready: () => ready } });
  });
  after(async () => {
    await server.close();
  });

  it('answers /healthz 200 while the loop is alive and 503 with the reason when it is stuck', async () => {
    let res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok\n');
    alive = { ok: false, reason: 'reconcile pass running for 900 s' };
    res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /running for 900 s/);
    alive = { ok: true };
  });

  it('answers /readyz 503 with the reason until ready, then 200', async () => {
    let res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 503);
    assert.equal(await res.text(), 'caches not synced yet\n');
    ready = { ok: true };
    res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 200);
  });

  it('serves the passed registry in Prometheus text format on /metrics', async () => {
    metrics.setLeader(true);
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    assert.match(body, /^zonekeeper_leader 1$/m);
    assert.match(body, /# TYPE external_dns_controller_no_op_runs_total counter/);
  });

  it('refuses writes with 405 and unknown paths with 404', async () => {
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const missing = await fetch(`${server.url}/debug`);
    assert.equal(missing.status, 404);
  });

  it('answers HEAD without a body', async () => {
    const { status, length } = await new Promise<{ status: number; length: number }>((resolve, reject) => {
      const req = request(`${server.url}/healthz`, { method: 'HEAD' }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => (length += chunk.length));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, length });
        });
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
    assert.equal(length, 0);
  });

  it('accepts the parsed { host, port } form of --metrics-address', async () => {
    const other = await startHttpServer({ address: { host: '127.0.0.1', port: 0 }, registry, logger: silentLogger(), health: { alive: () => alive, ready: () => ready } });
    try {
      assert.equal((await fetch(`${other.url}/healthz`)).status, 200);
    } finally {
      await other.close();
    }
  });

  it('reports a port already in use with the flag and the address', async () => {
    await assert.rejects(
      startHttpServer({ address: `127.0.0.1:${server.port}`, registry, logger: silentLogger(), health: { alive: () => alive, ready: () => ready } }),
      /--metrics-address="127\.0\.0\.1:\d+": cannot listen: .*EADDRINUSE/,
    );
  });
});
