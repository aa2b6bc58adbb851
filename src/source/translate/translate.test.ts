import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { dnsEndpoint, ingress, loadBalancerService } from './test-objects.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const opts = (o: Partial<TranslateOptions>): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, ...o });

function labelled(obj: Record<string, unknown>, labels: Record<string, string>): Record<string, unknown> {
  return { ...obj, metadata: { ...(obj.metadata as Record<string, unknown>), labels } };
}

void describe('translateObjects', () => {
  void it('merges A records of several objects with the same name, type, set identifier and TTL', () => {
    const r = translateObjects([
      loadBalancerService('b', { [`${P}hostname`]: 'app.example.com' }, [{ ip: '192.0.2.2' }]),
      loadBalancerService('a', { [`${P}hostname`]: 'app.example.com' }, [{ ip: '192.0.2.1' }]),
    ]);
    assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.targets, e.labels.resource]), [['app.example.com', ['192.0.2.1', '192.0.2.2'], 'service/default/a']]);
  });

  void it('keeps records with different TTLs apart', () => {
    const r = translateObjects([
      loadBalancerService('a', { [`${P}hostname`]: 'app.example.com', [`${P}ttl`]: '60' }, [{ ip: '192.0.2.1' }]),
      loadBalancerService('b', { [`${P}hostname`]: 'app.example.com' }, [{ ip: '192.0.2.2' }]),
    ]);
    assert.equal(r.endpoints.length, 2);
  });

  void it('never merges CNAMEs, but drops exact duplicates', () => {
    const cname = (name: string, target: string) => loadBalancerService(name, { [`${P}hostname`]: 'www.example.com' }, [{ hostname: target }]);
    const r = translateObjects([cname('a', 'one.example.net'), cname('b', 'two.example.net'), cname('c', 'one.example.net')]);
    assert.deepEqual(r.endpoints.map((e) => [e.targets, e.labels.resource]), [[['one.example.net'], 'service/default/a'], [['two.example.net'], 'service/default/b']]);
  });

  void it('--label-filter selects objects by label', () => {
    const objs = [
      labelled(loadBalancerService('a', { [`${P}hostname`]: 'a.example.com' }), { env: 'prod' }),
      labelled(loadBalancerService('b', { [`${P}hostname`]: 'b.example.com' }), { env: 'dev' }),
    ];
    assert.deepEqual(translateObjects(objs, opts({ labelFilter: 'env in (prod)' })).endpoints.map((e) => e.dnsName), ['a.example.com']);
  });

  void it('--annotation-filter selects objects by annotation', () => {
    const objs = [
      ingress('a', 'ns', { rules: [{ host: 'a.example.com' }] }, { 'kubernetes.io/ingress.class': 'nginx' }),
      ingress('b', 'ns', { rules: [{ host: 'b.example.com' }] }, { 'kubernetes.io/ingress.class': 'traefik' }),
    ];
    assert.deepEqual(translateObjects(objs, opts({ annotationFilter: 'kubernetes.io/ingress.class=nginx' })).endpoints.map((e) => e.dnsName), ['a.example.com']);
  });

  void it('freezes only the object with an error and builds the others', () => {
    const r = translateObjects([
      loadBalancerService('bad', { [`${P}hostname`]: 'bad.example.com', [`${P}set-identifier`]: 'x', [`${P}aws-weight`]: '300' }),
      loadBalancerService('good', { [`${P}hostname`]: 'good.example.com' }),
    ]);
    assert.deepEqual(r.endpoints.map((e) => e.dnsName), ['good.example.com']);
    assert.deepEqual([...r.frozenResources], ['service/default/bad']);
  });

  void it('reports an object of a known kind without metadata.name', () => {
    const r = translateObjects([{ apiVersion: 'v1', kind: 'Service', metadata: {} }]);
    assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.severity]), [['service/?', 'metadata.name', 'error']]);
  });

  void it('ignores other kinds silently', () => {
    const r = translateObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'y' } }]);
    assert.deepEqual([r.endpoints, r.problems], [[], []]);
  });

  void it('defaults the namespace to "default" in the resource label', () => {
    const r = translateObjects([dnsEndpoint('x', '', [{ dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'] }])]);
    assert.equal(r.endpoints[0]?.labels.resource, 'crd/default/x');
  });

  void it('throws on an invalid --label-filter or --fqdn-template, naming the flag', () => {
    assert.throws(() => translateObjects([], opts({ labelFilter: 'a in (' })), /--label-filter/);
    assert.throws(() => translateObjects([], opts({ fqdnTemplate: '{{range .Labels}}' })), /--fqdn-template.*range/);
  });

  void it('never throws on malformed objects', () => {
    const kinds = fc.constantFrom(
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
      { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint' },
    );
    const junk = fc.anything({ maxDepth: 3 });
    const annotations = fc.dictionary(
      fc.constantFrom(...['hostname', 'target', 'ttl', 'aws-weight', 'internal-hostname', 'alias'].map((s) => P + s)),
      fc.string(),
    );
    const obj = fc.record({
      type: kinds,
      name: fc.string({ minLength: 1 }),
      annotations,
      spec: fc.oneof(junk, fc.record({ type: fc.constantFrom('LoadBalancer', 'NodePort', 'ClusterIP', 'ExternalName'), rules: junk, endpoints: fc.array(fc.dictionary(fc.constantFrom('dnsName', 'targets', 'recordType', 'recordTTL', 'labels', 'providerSpecific'), junk)) })),
      status: junk,
    });
    fc.assert(
      fc.property(fc.array(obj, { maxLength: 4 }), (list) => {
        const objects = list.map((o) => ({ ...o.type, metadata: { name: o.name, annotations: o.annotations }, spec: o.spec, status: o.status }));
        const r = translateObjects(objects);
        for (const p of r.problems) assert.equal(typeof p.message, 'string');
      }),
      { numRuns: 300 },
    );
  });
});
