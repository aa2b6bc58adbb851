import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATION_PREFIX } from './annotation-keys.ts';
import { intersectHost, labelSelectorMatches } from './gateway-match.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const G = 'gateway.networking.k8s.io';
const opts = (o: Partial<TranslateOptions> = {}): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, ...o });
type Obj = Record<string, unknown>;

function gateway(listeners: readonly Obj[], extra: { name?: string; namespace?: string; addresses?: readonly string[]; annotations?: Obj; labels?: Obj } = {}): Obj {
  return {
    apiVersion: `${G}/v1`,
    kind: 'Gateway',
    metadata: { name: extra.name ?? 'gw', namespace: extra.namespace ?? 'infra', annotations: extra.annotations ?? {}, labels: extra.labels ?? {} },
    spec: { gatewayClassName: 'x', listeners },
    status: { addresses: (extra.addresses ?? ['203.0.113.1']).map((value) => ({ type: 'IPAddress', value })) },
  };
}

const http = (o: Obj = {}): Obj => ({ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } }, ...o });

function route(kind: string, spec: Obj, parents?: readonly Obj[], meta: Obj = {}): Obj {
  const refs = (spec.parentRefs as readonly Obj[] | undefined) ?? [{ name: 'gw', namespace: 'infra' }];
  const accepted = [{ type: 'Accepted', status: 'True' }];
  return {
    apiVersion: kind === 'TCPRoute' || kind === 'UDPRoute' ? `${G}/v1alpha2` : `${G}/v1`,
    kind,
    metadata: { name: 'r', namespace: 'apps', ...meta },
    spec: { parentRefs: refs, ...spec },
    status: { parents: parents ?? refs.map((parentRef) => ({ parentRef, controllerName: 'x', conditions: accepted })) },
  };
}

const httpRoute = (spec: Obj, parents?: readonly Obj[], meta?: Obj): Obj => route('HTTPRoute', spec, parents, meta);

type Row = Readonly<{ name: string; objects: readonly Obj[]; options?: Partial<TranslateOptions>; want: readonly (readonly [string, readonly string[]])[] }>;

const rows: readonly Row[] = [
  { name: 'publishes route hostnames at the Gateway addresses', objects: [gateway([http()]), httpRoute({ hostnames: ['a.example.com'] })], want: [['a.example.com', ['203.0.113.1']]] },
  {
    name: 'uses the listener hostname when the route names none',
    objects: [gateway([http({ hostname: 'l.example.com' })]), httpRoute({})],
    want: [['l.example.com', ['203.0.113.1']]],
  },
  { name: 'publishes nothing when neither route nor listener names a host', objects: [gateway([http()]), httpRoute({})], want: [] },
  {
    name: 'a wildcard listener narrows to the specific route hostname',
    objects: [gateway([http({ hostname: '*.example.com' })]), httpRoute({ hostnames: ['a.example.com', 'a.other.org'] })],
    want: [['a.example.com', ['203.0.113.1']]],
  },
  {
    name: 'a wildcard route narrows to the specific listener hostname',
    objects: [gateway([http({ hostname: 'x.example.com' })]), httpRoute({ hostnames: ['*.example.com'] })],
    want: [['x.example.com', ['203.0.113.1']]],
  },
  {
    name: 'the Gateway target annotation wins over its addresses',
    objects: [gateway([http()], { annotations: { [`${P}target`]: 'gw.example.net' } }), httpRoute({ hostnames: ['a.example.com'] })],
    want: [['a.example.com', ['gw.example.net']]],
  },
  {
    name: 'adds hostnames from the route annotation',
    objects: [gateway([http()]), httpRoute({ hostnames: ['a.example.com'] }, undefined, { annotations: { [`${P}hostname`]: 'b.example.com' } })],
    want: [['a.example.com', ['203.0.113.1']], ['b.example.com', ['203.0.113.1']]],
  },
  {
    name: 'gateway-hostname-source: annotation-only drops spec.hostnames',
    objects: [
      gateway([http()]),
      httpRoute({ hostnames: ['a.example.com'] }, undefined, { annotations: { [`${P}hostname`]: 'b.example.com', [`${P}gateway-hostname-source`]: 'annotation-only' } }),
    ],
    want: [['b.example.com', ['203.0.113.1']]],
  },
  {
    name: 'ignores a parent whose status is not Accepted',
    objects: [gateway([http()]), httpRoute({ hostnames: ['a.example.com'] }, [{ parentRef: { name: 'gw', namespace: 'infra' }, conditions: [{ type: 'Accepted', status: 'False' }] }])],
    want: [],
  },
  {
    name: 'ignores a status parent the route does not list in spec.parentRefs',
    objects: [gateway([http()]), httpRoute({ hostnames: ['a.example.com'], parentRefs: [{ name: 'other', namespace: 'infra' }] }, [{ parentRef: { name: 'gw', namespace: 'infra' }, conditions: [{ type: 'Accepted', status: 'True' }] }])],
    want: [],
  },
  {
    name: 'matches the listener named by sectionName only',
    objects: [
      gateway([http({ name: 'a', hostname: 'a.example.com' }), http({ name: 'b', hostname: 'b.example.com' })]),
      httpRoute({ parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'b' }] }),
    ],
    want: [['b.example.com', ['203.0.113.1']]],
  },
  {
    name: 'matches the listener on the referenced port only',
    objects: [
      gateway([http({ name: 'a', hostname: 'a.example.com' }), http({ name: 'b', port: 8080, hostname: 'b.example.com' })]),
      httpRoute({ parentRefs: [{ name: 'gw', namespace: 'infra', port: 8080 }] }),
    ],
    want: [['b.example.com', ['203.0.113.1']]],
  },
  {
    name: 'an HTTPRoute attaches to an HTTPS listener but not to a TCP one',
    objects: [gateway([http({ name: 's', protocol: 'HTTPS', hostname: 's.example.com' }), http({ name: 't', protocol: 'TCP', hostname: 't.example.com' })]), httpRoute({})],
    want: [['s.example.com', ['203.0.113.1']]],
  },
  {
    name: 'a TCPRoute attaches to a TLS listener',
    objects: [gateway([http({ protocol: 'TLS', hostname: 'tls.example.com' })]), route('TCPRoute', {})],
    want: [['tls.example.com', ['203.0.113.1']]],
  },
  {
    name: 'allowedRoutes Same (the default) refuses a route from another namespace',
    objects: [gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]), httpRoute({ hostnames: ['a.example.com'] })],
    want: [],
  },
  {
    name: 'allowedRoutes Selector admits a route whose namespace matches',
    objects: [
      gateway([http({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { dns: 'yes' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } } } })]),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { dns: 'yes', tier: 'web' } } },
      httpRoute({ hostnames: ['a.example.com'] }),
    ],
    want: [['a.example.com', ['203.0.113.1']]],
  },
  {
    name: 'allowedRoutes Selector refuses a route whose namespace does not match',
    objects: [
      gateway([http({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { dns: 'yes' } } } } })]),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { dns: 'no' } } },
      httpRoute({ hostnames: ['a.example.com'] }),
    ],
    want: [],
  },
  {
    name: 'allowedRoutes kinds refuses other route kinds',
    objects: [gateway([http({ allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } })]), httpRoute({ hostnames: ['a.example.com'] })],
    want: [],
  },
  {
    name: '--gateway-name leaves routes of other Gateways out',
    objects: [gateway([http()]), httpRoute({ hostnames: ['a.example.com'] })],
    options: { gatewayName: 'public' },
    want: [],
  },
  {
    name: '--gateway-label-filter keeps Gateways with matching labels',
    objects: [gateway([http()], { labels: { exposure: 'public' } }), httpRoute({ hostnames: ['a.example.com'] })],
    options: { gatewayLabelFilter: 'exposure=public', gatewayNamespace: 'infra' },
    want: [['a.example.com', ['203.0.113.1']]],
  },
  {
    name: 'merges the targets of two accepting Gateways',
    objects: [
      gateway([http()]),
      gateway([http()], { name: 'gw2', addresses: ['203.0.113.2'] }),
      httpRoute({ hostnames: ['a.example.com'], parentRefs: [{ name: 'gw', namespace: 'infra' }, { name: 'gw2', namespace: 'infra' }] }),
    ],
    want: [['a.example.com', ['203.0.113.1', '203.0.113.2']]],
  },
];

void describe('Gateway API route translation', () => {
  for (const row of rows) {
    void it(row.name, () => {
      const r = translateObjects(row.objects, opts(row.options));
      assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.targets]), row.want);
      assert.deepEqual(r.problems, []);
    });
  }

  void it('labels records per route kind and reads TTL and set identifier from the route', () => {
    const meta = { annotations: { [`${P}ttl`]: '60', [`${P}set-identifier`]: 'blue', [`${P}aws-weight`]: '10' } };
    const kinds = [['HTTPRoute', 'httproute'], ['GRPCRoute', 'grpcroute'], ['TLSRoute', 'tlsroute'], ['TCPRoute', 'tcproute'], ['UDPRoute', 'udproute']] as const;
    for (const [kind, label] of kinds) {
      const protocol = kind === 'TLSRoute' ? 'TLS' : kind === 'TCPRoute' ? 'TCP' : kind === 'UDPRoute' ? 'UDP' : 'HTTP';
      const r = translateObjects([gateway([http({ protocol, hostname: 'h.example.com' })]), route(kind, {}, undefined, meta)]);
      assert.deepEqual(
        r.endpoints.map((e) => [e.labels.resource, e.ttl, e.setIdentifier, e.providerSpecific['aws/weight']]),
        [[`${label}/apps/r`, 60, 'blue', '10']],
        kind,
      );
    }
  });

  const bad: readonly (readonly [string, readonly Obj[], string, string])[] = [
    ['an invalid route hostname', [gateway([http()]), httpRoute({ hostnames: ['bad..example.com'] })], 'spec.hostnames[0]', 'bad..example.com'],
    ['a hostname that is not a string', [gateway([http()]), httpRoute({ hostnames: [7] })], 'spec.hostnames[0]', '7'],
    ['spec.hostnames that is not a list', [gateway([http()]), httpRoute({ hostnames: 'a.example.com' })], 'spec.hostnames', '"a.example.com"'],
    ['a bad Gateway address', [gateway([http()], { addresses: ['not an address!'] }), httpRoute({ hostnames: ['a.example.com'] })], 'gateway/infra/gw status.addresses[0].value', 'not an address!'],
  ];
  for (const [what, objects, field, value] of bad) {
    void it(`reports ${what} as an error naming the field, and freezes the route`, () => {
      const r = translateObjects(objects);
      assert.deepEqual(r.endpoints, []);
      assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.value, p.severity]), [['httproute/apps/r', field, value, 'error']]);
      assert.deepEqual([...r.frozenResources], ['httproute/apps/r']);
    });
  }

  void it('warns about an unreadable namespace selector on the Gateway and attaches nothing through it', () => {
    const objects = [
      gateway([http({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } } } })]),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      httpRoute({ hostnames: ['a.example.com'] }),
    ];
    const r = translateObjects(objects);
    assert.deepEqual(r.endpoints, []);
    assert.deepEqual(r.problems.map((p) => [p.field, p.severity]), [['gateway/infra/gw spec.listeners[0].allowedRoutes', 'warning']]);
    assert.match(r.problems[0]?.message ?? '', /Near/);
  });

  void it('throws on an invalid --gateway-label-filter, naming the flag', () => {
    assert.throws(() => translateObjects([gateway([http()]), httpRoute({ hostnames: ['a.example.com'] })], opts({ gatewayLabelFilter: 'a in (' })), /--gateway-label-filter/);
  });
});

void describe('intersectHost', () => {
  const cases: readonly (readonly [string, string, string | undefined])[] = [
    ['', 'a.example.com', 'a.example.com'],
    ['a.example.com', '', 'a.example.com'],
    ['A.Example.com', 'a.example.COM', 'a.example.com'],
    ['*.example.com', 'a.b.example.com', 'a.b.example.com'],
    ['*.example.com', 'example.com', undefined],
    ['a.example.com', '*.example.com', 'a.example.com'],
    ['*.example.com', '*.a.example.com', '*.a.example.com'],
    ['*.a.example.com', '*.example.com', '*.a.example.com'],
    ['*.example.com', '*.example.org', undefined],
    ['a.example.com', 'b.example.com', undefined],
  ];
  for (const [listener, routeHost, want] of cases) {
    void it(`"${listener}" ∩ "${routeHost}" = ${want ?? 'none'}`, () => {
      assert.equal(intersectHost(listener, routeHost), want);
    });
  }
});

void describe('labelSelectorMatches', () => {
  const labels = { a: '1', b: '2' };
  const cases: readonly (readonly [string, unknown, boolean | RegExp])[] = [
    ['an absent selector matches everything', undefined, true],
    ['matchLabels', { matchLabels: { a: '1' } }, true],
    ['matchLabels mismatch', { matchLabels: { a: '2' } }, false],
    ['NotIn', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'b', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, true],
    ['an unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt' }] }, /Gt/],
    ['a selector that is not an object', 'a=1', /object/],
  ];
  for (const [what, selector, want] of cases) {
    void it(what, () => {
      const got = labelSelectorMatches(selector, labels);
      if (want instanceof RegExp) assert.match(String(got), want);
      else assert.equal(got, want);
    });
  }
});
