// external-dns.md §3.2 vectors 1–8: the exact TXT names and values ExternalDNS would write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changes, ep, recordOf, setup, txts } from './test-fixture.ts';

const ELB = 'a1b2c3-123456.us-east-1.elb.amazonaws.com';

void describe('TXT registry: ExternalDNS vectors', () => {
  void it('vector 1: alias A and AAAA get a-nginx and aaaa-nginx TXT records, without alias properties', async () => {
    const { provider, registry } = setup({ ownerId: 'my-cluster' });
    const labels = { resource: 'service/default/nginx' };
    const alias = { alias: 'true', 'aws/evaluate-target-health': 'true' };
    const r = await registry.applyChanges(
      changes({
        create: [
          ep('nginx.example.com', 'A', [ELB], { labels, providerSpecific: alias }),
          ep('nginx.example.com', 'AAAA', [ELB], { labels, providerSpecific: alias }),
        ],
      }),
    );
    assert.deepEqual(r.rejected, []);
    const value = '"heritage=external-dns,external-dns/owner=my-cluster,external-dns/resource=service/default/nginx"';
    assert.deepEqual(await txts(provider), [
      ['a-nginx.example.com', [value], '', 0, {}],
      ['aaaa-nginx.example.com', [value], '', 0, {}],
    ]);
    const a = await recordOf(registry, 'nginx.example.com', 'A');
    assert.deepEqual(a.labels, { owner: 'my-cluster', resource: 'service/default/nginx' });
    assert.deepEqual(a.providerSpecific, alias);
  });

  void it('vector 2: owner default, A app.example.com with TTL 60 gets a-app.example.com', async () => {
    const { provider, registry } = setup();
    await registry.applyChanges(
      changes({ create: [ep('app.example.com', 'A', ['203.0.113.10'], { ttl: 60, labels: { resource: 'ingress/web/app' } })] }),
    );
    assert.deepEqual(await txts(provider), [
      ['a-app.example.com', ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/web/app"'], '', 0, {}],
    ]);
    const records = await provider.records();
    assert.deepEqual(
      records.filter((x) => x.recordType === 'A').map((x) => [x.dnsName, x.ttl, x.targets]),
      [['app.example.com', 60, ['203.0.113.10']]],
    );
  });

  void it('vector 3: --txt-prefix=extdns-%{record_type}. names the CNAME TXT extdns-cname.www.example.com', async () => {
    const { provider, registry } = setup({ prefix: 'extdns-%{record_type}.' });
    await registry.applyChanges(
      changes({ create: [ep('www.example.com', 'CNAME', ['lb.example.net'], { labels: { resource: 'ingress/prod/web' } })] }),
    );
    assert.deepEqual(await txts(provider), [
      ['extdns-cname.www.example.com', ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/prod/web"'], '', 0, {}],
    ]);
    assert.equal((await recordOf(registry, 'www.example.com', 'CNAME')).labels.owner, 'default');
  });

  void it('vector 4: weighted records get TXT records with the same set identifier and weight', async () => {
    const { provider, registry } = setup();
    const r = await registry.applyChanges(
      changes({
        create: [
          ep('app.example.com', 'A', ['198.51.100.1'], {
            setIdentifier: 'app-v1',
            providerSpecific: { 'aws/weight': '80' },
            labels: { resource: 'service/default/my-service-v1' },
          }),
          ep('app.example.com', 'A', ['198.51.100.2'], {
            setIdentifier: 'app-v2',
            providerSpecific: { 'aws/weight': '20' },
            labels: { resource: 'service/default/my-service-v2' },
          }),
        ],
      }),
    );
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(await txts(provider), [
      [
        'a-app.example.com',
        ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/my-service-v1"'],
        'app-v1',
        0,
        { 'aws/weight': '80' },
      ],
      [
        'a-app.example.com',
        ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/my-service-v2"'],
        'app-v2',
        0,
        { 'aws/weight': '20' },
      ],
    ]);
    assert.equal((await recordOf(registry, 'app.example.com', 'A', 'app-v2')).labels.resource, 'service/default/my-service-v2');
  });

  void it('vector 5: --txt-wildcard-replacement=wildcard names the TXT of *.apps a-wildcard.apps.example.com', async () => {
    const { provider, registry } = setup({ wildcardReplacement: 'wildcard' });
    await registry.applyChanges(
      changes({ create: [ep('*.apps.example.com', 'A', ['192.0.2.10'], { labels: { resource: 'crd/dns/apps-wildcard' } })] }),
    );
    assert.deepEqual(await txts(provider), [
      ['a-wildcard.apps.example.com', ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=crd/dns/apps-wildcard"'], '', 0, {}],
    ]);
    assert.equal((await recordOf(registry, '*.apps.example.com', 'A')).labels.resource, 'crd/dns/apps-wildcard');
  });

  void it('vector 6: extra DNSEndpoint labels are written after owner and resource, sorted', async () => {
    const { provider, registry } = setup({ ownerId: 'prod-eu' });
    await registry.applyChanges(
      changes({ create: [ep('records.example.com', 'A', ['192.0.2.1'], { labels: { team: 'payments', resource: 'crd/dns/records' } })] }),
    );
    assert.deepEqual(await txts(provider), [
      [
        'a-records.example.com',
        ['"heritage=external-dns,external-dns/owner=prod-eu,external-dns/resource=crd/dns/records,external-dns/team=payments"'],
        '',
        0,
        {},
      ],
    ]);
  });

  void it('vector 7: a pod record without resource label gets heritage and owner only', async () => {
    const { provider, registry } = setup();
    await registry.applyChanges(changes({ create: [ep('pod.example.com', 'A', ['10.0.0.1'])] }));
    assert.deepEqual(await txts(provider), [['a-pod.example.com', ['"heritage=external-dns,external-dns/owner=default"'], '', 0, {}]]);
  });

  void it('vector 8: an SRV record gets srv-_nginx._tcp.nginx.example.com', async () => {
    const { provider, registry } = setup();
    await registry.applyChanges(
      changes({
        create: [ep('_nginx._tcp.nginx.example.com', 'SRV', ['0 50 30080 nginx.example.com.'], { labels: { resource: 'service/default/nginx' } })],
      }),
    );
    assert.deepEqual(await txts(provider), [
      ['srv-_nginx._tcp.nginx.example.com', ['"heritage=external-dns,external-dns/owner=default,external-dns/resource=service/default/nginx"'], '', 0, {}],
    ]);
    assert.equal((await recordOf(registry, '_nginx._tcp.nginx.example.com', 'SRV')).labels.owner, 'default');
  });
});
