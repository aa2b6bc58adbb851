import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS } from './options.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;

void describe('translation of nodes, Gateway routes and VirtualServers', () => {
  void it('never throws on malformed objects and reports every problem with a message', () => {
    const kinds = fc.constantFrom(
      { apiVersion: 'v1', kind: 'Node' },
      { apiVersion: 'v1', kind: 'Namespace' },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
      { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TCPRoute' },
      { apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer' },
    );
    const junk = fc.anything({ maxDepth: 3 });
    const annotations = fc.dictionary(fc.constantFrom(...['hostname', 'target', 'ttl', 'access', 'gateway-hostname-source'].map((s) => P + s)), fc.string());
    const listener = fc.record({ name: fc.string(), port: fc.oneof(fc.integer(), junk), protocol: fc.constantFrom('HTTP', 'TLS', 'TCP', 'x'), hostname: fc.oneof(fc.string(), junk), allowedRoutes: junk });
    const obj = fc.record({
      type: kinds,
      name: fc.constantFrom('gw', 'r', 'n1', 'x'),
      namespace: fc.constantFrom('apps', 'infra'),
      annotations,
      spec: fc.oneof(junk, fc.record({ listeners: fc.array(listener, { maxLength: 2 }), hostnames: junk, parentRefs: fc.array(fc.record({ name: fc.constantFrom('gw', 'x'), namespace: fc.constantFrom('infra', 'apps') }), { maxLength: 2 }), host: junk })),
      status: fc.oneof(junk, fc.record({ parents: junk, addresses: junk, externalEndpoints: junk })),
    });
    fc.assert(
      fc.property(fc.array(obj, { maxLength: 5 }), (list) => {
        const objects = list.map((o) => ({ ...o.type, metadata: { name: o.name, namespace: o.namespace, annotations: o.annotations }, spec: o.spec, status: o.status }));
        const r = translateObjects(objects, { ...DEFAULT_TRANSLATE_OPTIONS, publishNodes: true });
        for (const p of r.problems) assert.ok(p.message.length > 0 && p.object.length > 0);
      }),
      { numRuns: 400 },
    );
  });
});
