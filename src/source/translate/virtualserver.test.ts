import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const opts = (o: Partial<TranslateOptions> = {}): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, ...o });

function virtualServer(spec: unknown, status: unknown, annotations: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer', metadata: { name: 'cafe', namespace: 'web', annotations }, spec, status };
}

const lb = { externalEndpoints: [{ ip: '198.51.100.7', ports: '[80,443]' }] };

type Row = Readonly<{ name: string; object: Record<string, unknown>; options?: Partial<TranslateOptions>; want: readonly (readonly [string, string, readonly string[]])[] }>;

const rows: readonly Row[] = [
  { name: 'publishes spec.host at the external endpoint IP', object: virtualServer({ host: 'cafe.example.com' }, lb), want: [['cafe.example.com', 'A', ['198.51.100.7']]] },
  {
    name: 'uses external endpoint host names as CNAME targets',
    object: virtualServer({ host: 'cafe.example.com' }, { externalEndpoints: [{ hostname: 'lb-1.elb.amazonaws.com.' }] }),
    want: [['cafe.example.com', 'CNAME', ['lb-1.elb.amazonaws.com']]],
  },
  {
    name: 'adds names from the hostname annotation',
    object: virtualServer({ host: 'cafe.example.com' }, lb, { [`${P}hostname`]: 'tea.example.com' }),
    want: [['cafe.example.com', 'A', ['198.51.100.7']], ['tea.example.com', 'A', ['198.51.100.7']]],
  },
  {
    name: 'the target annotation wins over the status',
    object: virtualServer({ host: 'cafe.example.com' }, lb, { [`${P}target`]: '192.0.2.44' }),
    want: [['cafe.example.com', 'A', ['192.0.2.44']]],
  },
  { name: 'publishes nothing before the controller reports an endpoint', object: virtualServer({ host: 'cafe.example.com' }, {}), want: [] },
  {
    name: 'uses the template when spec.host is missing',
    object: virtualServer({}, lb),
    options: { fqdnTemplate: '{{.Name}}.{{.Namespace}}.example.com' },
    want: [['cafe.web.example.com', 'A', ['198.51.100.7']]],
  },
];

void describe('nginx VirtualServer translation', () => {
  for (const row of rows) {
    void it(row.name, () => {
      const r = translateObjects([row.object], opts(row.options));
      assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.recordType, e.targets]), row.want);
      assert.deepEqual(r.problems, []);
    });
  }

  void it('labels records virtualserver/<ns>/<name>', () => {
    assert.equal(translateObjects([virtualServer({ host: 'cafe.example.com' }, lb)]).endpoints[0]?.labels.resource, 'virtualserver/web/cafe');
  });

  const bad: readonly (readonly [string, unknown, unknown, string, string])[] = [
    ['an invalid spec.host', { host: 'café..example.com' }, lb, 'spec.host', 'café..example.com'],
    ['a spec.host that is not a string', { host: 42 }, lb, 'spec.host', '42'],
    ['an invalid external endpoint IP', { host: 'cafe.example.com' }, { externalEndpoints: [{ ip: '300.1.1.1' }] }, 'status.externalEndpoints[0].ip', '300.1.1.1'],
  ];
  for (const [what, spec, status, field, value] of bad) {
    void it(`reports ${what} as an error naming the field and freezes the object`, () => {
      const r = translateObjects([virtualServer(spec, status)]);
      assert.deepEqual(r.endpoints, []);
      assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.value, p.severity]), [['virtualserver/web/cafe', field, value, 'error']]);
      assert.deepEqual([...r.frozenResources], ['virtualserver/web/cafe']);
    });
  }
});
