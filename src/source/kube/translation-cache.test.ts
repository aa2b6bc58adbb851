import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW, translateObjects } from '../translate/index.ts';
import { lbService } from './test-support.ts';
import { TranslationCache, type TranslationInput } from './translation-cache.ts';

type Spec = Readonly<{ name: string; host: string; target: string; ttl: string; setId: string; version: number }>;

function objectOf(s: Spec) {
  const annotations: Record<string, string> = {};
  if (s.ttl !== '') annotations['external-dns.kubernetes.io/ttl'] = s.ttl;
  if (s.setId !== '') {
    annotations['external-dns.kubernetes.io/set-identifier'] = s.setId;
    annotations['external-dns.kubernetes.io/aws-weight'] = '1';
  }
  const isIp = /^[0-9.:]+$/.test(s.target);
  const svc = lbService('ns', s.name, s.host, isIp ? s.target : '', { annotations });
  return { ...svc, metadata: { ...svc.metadata, uid: s.name, resourceVersion: String(s.version) }, status: { loadBalancer: { ingress: [isIp ? { ip: s.target } : { hostname: s.target }] } } };
}

const inputsOf = (specs: readonly Spec[]): TranslationInput[] => specs.map((s) => ({ key: s.name, stamp: JSON.stringify(s), object: objectOf(s) })); // a real stamp changes with every write
const show = (r: { endpoints: readonly { dnsName: string; recordType: string; setIdentifier: string; ttl: number; targets: readonly string[]; labels: Readonly<Record<string, string>> }[] }) =>
  r.endpoints.map((e) => `${e.dnsName} ${e.recordType} ${e.setIdentifier} ${e.ttl} ${e.targets.join(',')} ${e.labels.resource ?? ''}`);

const spec = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  host: fc.constantFrom('x.example.com', 'y.example.com', 'x.example.com,y.example.com', 'z.example.com'),
  target: fc.constantFrom('192.0.2.1', '192.0.2.2', '2001:db8::1', 'lb1.example.net', 'lb2.example.net'),
  ttl: fc.constantFrom('', '60', '300'),
  setId: fc.constantFrom('', '', 'blue'),
  version: fc.nat(3),
});
const state = fc.uniqueArray(spec, { selector: (s) => s.name, maxLength: 6 });

void describe('TranslationCache', () => {
  void it('gives exactly what translating every object at once gives, across any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 6 }), (states) => {
        const cache = new TranslationCache();
        for (const specs of states) {
          const got = cache.collect(inputsOf(specs), DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW);
          const want = translateObjects(specs.map(objectOf), DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW);
          assert.deepEqual(show(got), show(want));
          assert.deepEqual(got.problems, want.problems);
          assert.deepEqual([...got.frozenResources].sort(), [...want.frozenResources].sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  void it('translates only objects whose stamp changed', () => {
    const cache = new TranslationCache();
    const specs: Spec[] = ['a', 'b', 'c'].map((name) => ({ name, host: `${name}.example.com`, target: '192.0.2.1', ttl: '', setId: '', version: 1 }));
    cache.collect(inputsOf(specs), DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW);
    assert.equal(cache.translated, 3);
    const first = cache.collect(inputsOf(specs), DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW);
    assert.equal(cache.translated, 3);
    const changed = specs.map((s) => (s.name === 'b' ? { ...s, target: '192.0.2.9', version: 2 } : s));
    const second = cache.collect(inputsOf(changed), DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW);
    assert.equal(cache.translated, 4);
    assert.deepEqual(show(second).filter((l) => !show(first).includes(l)), ['b.example.com A  0 192.0.2.9 service/ns/b']);
  });
});
