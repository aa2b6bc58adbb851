import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHA_ANNOTATION_PREFIX, ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { brief, ingress } from './test-objects.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const opts = (o: Partial<TranslateOptions>): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, ...o });
const SPEC = { rules: [{ host: 'rule.example.com' }], tls: [{ hosts: ['tls.example.com'] }] };
const names = (objs: unknown[], o: Partial<TranslateOptions> = {}): string[] => translateObjects(objs, opts(o)).endpoints.map((e) => e.dnsName);

void describe('ingress translation', () => {
  void it('reproduces reference vector 2: rule host, status IP, ttl 60', () => {
    const r = translateObjects([ingress('app', 'web', { rules: [{ host: 'app.example.com' }] }, { [`${P}ttl`]: '60' })]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.endpoints.map(brief), [
      { dnsName: 'app.example.com', recordType: 'A', targets: ['203.0.113.10'], setIdentifier: '', ttl: 60, labels: { resource: 'ingress/web/app' }, providerSpecific: {} },
    ]);
  });

  void it('takes names from rules, TLS hosts and the hostname annotation', () => {
    assert.deepEqual(names([ingress('i', 'ns', SPEC, { [`${P}hostname`]: 'ann.example.com' })]), ['ann.example.com', 'rule.example.com', 'tls.example.com']);
  });

  void it('honours --ignore-ingress-rules-spec, --ignore-ingress-tls-spec and --ignore-hostname-annotation', () => {
    const obj = ingress('i', 'ns', SPEC, { [`${P}hostname`]: 'ann.example.com' });
    assert.deepEqual(names([obj], { ignoreIngressRulesSpec: true }), ['ann.example.com', 'tls.example.com']);
    assert.deepEqual(names([obj], { ignoreIngressTlsSpec: true }), ['ann.example.com', 'rule.example.com']);
    assert.deepEqual(names([obj], { ignoreHostnameAnnotation: true }), ['rule.example.com', 'tls.example.com']);
  });

  for (const prefix of [ANNOTATION_PREFIX, ALPHA_ANNOTATION_PREFIX]) {
    void it(`ingress-hostname-source defined-hosts-only (${prefix}) drops annotation names`, () => {
      const obj = ingress('i', 'ns', SPEC, { [`${prefix}hostname`]: 'ann.example.com', [`${prefix}ingress-hostname-source`]: 'defined-hosts-only' });
      assert.deepEqual(names([obj]), ['rule.example.com', 'tls.example.com']);
    });
    void it(`ingress-hostname-source annotation-only (${prefix}) drops spec names`, () => {
      const obj = ingress('i', 'ns', SPEC, { [`${prefix}hostname`]: 'ann.example.com', [`${prefix}ingress-hostname-source`]: 'annotation-only' });
      assert.deepEqual(names([obj]), ['ann.example.com']);
    });
    void it(`ingress-hostname-source with an unknown value (${prefix}) warns and uses both`, () => {
      const obj = ingress('i', 'ns', SPEC, { [`${prefix}hostname`]: 'ann.example.com', [`${prefix}ingress-hostname-source`]: 'everything' });
      const r = translateObjects([obj]);
      assert.equal(r.endpoints.length, 3);
      assert.deepEqual(r.problems.map((p) => [p.field, p.value, p.severity]), [[`${prefix}ingress-hostname-source`, 'everything', 'warning']]);
    });
  }

  void it('uses both IP and hostname of the load balancer status', () => {
    const r = translateObjects([ingress('i', 'ns', { rules: [{ host: 'a.example.com' }] }, {}, [{ ip: '192.0.2.1', hostname: 'lb.example.net' }])]);
    assert.deepEqual(r.endpoints.map((e) => [e.recordType, e.targets]), [['A', ['192.0.2.1']], ['CNAME', ['lb.example.net']]]);
  });

  void it('reproduces reference vector 3: a status hostname gives a CNAME', () => {
    const r = translateObjects([ingress('web', 'prod', { rules: [{ host: 'www.example.com' }] }, {}, [{ hostname: 'lb.example.net' }])]);
    assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.recordType, e.targets, e.labels.resource]), [['www.example.com', 'CNAME', ['lb.example.net'], 'ingress/prod/web']]);
  });

  void it('a rule host with a 64-octet label is an error naming spec.rules[i].host and freezes the ingress', () => {
    const host = `${'x'.repeat(64)}.example.com`;
    const r = translateObjects([ingress('i', 'ns', { rules: [{ host: 'ok.example.com' }, { host }] })]);
    assert.deepEqual(r.endpoints, []);
    assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.value, p.severity]), [['ingress/ns/i', 'spec.rules[1].host', host, 'error']]);
    assert.deepEqual([...r.frozenResources], ['ingress/ns/i']);
  });

  void it('--ingress-class matches spec.ingressClassName, else the legacy annotation', () => {
    const byName = ingress('a', 'ns', { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }] });
    const byAnnotation = ingress('b', 'ns', { rules: [{ host: 'b.example.com' }] }, { 'kubernetes.io/ingress.class': 'nginx' });
    const other = ingress('c', 'ns', { ingressClassName: 'traefik', rules: [{ host: 'c.example.com' }] });
    const none = ingress('d', 'ns', { rules: [{ host: 'd.example.com' }] });
    assert.deepEqual(names([byName, byAnnotation, other, none], { ingressClasses: ['nginx'] }), ['a.example.com', 'b.example.com']);
    assert.equal(names([byName, byAnnotation, other, none]).length, 4);
  });

  void it('ignores ingresses of an older API version', () => {
    const old = { ...ingress('a', 'ns', { rules: [{ host: 'a.example.com' }] }), apiVersion: 'extensions/v1beta1' };
    assert.deepEqual(names([old]), []);
  });
});
