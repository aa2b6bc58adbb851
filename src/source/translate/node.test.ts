import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { node } from './test-objects.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const opts = (o: Partial<TranslateOptions> = {}): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, publishNodes: true, ...o });

function annotated(obj: Record<string, unknown>, annotations: Record<string, string>): Record<string, unknown> {
  return { ...obj, metadata: { ...(obj.metadata as Record<string, unknown>), annotations } };
}

const dual = { '203.0.113.5': 'ExternalIP', '10.0.0.5': 'InternalIP', '2001:db8::5': 'InternalIP' };
const internalOnly = { '10.0.0.6': 'InternalIP', '2001:db8::6': 'InternalIP' };

type Row = Readonly<{ name: string; object: Record<string, unknown>; options?: Partial<TranslateOptions>; want: readonly (readonly [string, string, readonly string[]])[] }>;

const rows: readonly Row[] = [
  { name: 'publishes ExternalIPs under the node name', object: node('n1.example.com', dual), want: [['n1.example.com', 'A', ['203.0.113.5']]] },
  {
    name: 'adds IPv6 InternalIPs only with --expose-internal-ipv6',
    object: node('n1.example.com', dual),
    options: { exposeInternalIpv6: true },
    want: [['n1.example.com', 'A', ['203.0.113.5']], ['n1.example.com', 'AAAA', ['2001:db8::5']]],
  },
  {
    name: 'falls back to InternalIPs when the node has no ExternalIP',
    object: node('n2.example.com', internalOnly),
    want: [['n2.example.com', 'A', ['10.0.0.6']], ['n2.example.com', 'AAAA', ['2001:db8::6']]],
  },
  {
    name: 'access: private publishes InternalIPs even when ExternalIPs exist',
    object: annotated(node('n1.example.com', dual), { [`${P}access`]: 'private' }),
    want: [['n1.example.com', 'A', ['10.0.0.5']], ['n1.example.com', 'AAAA', ['2001:db8::5']]],
  },
  {
    name: 'access: public publishes nothing for a node without ExternalIPs',
    object: annotated(node('n2.example.com', internalOnly), { [`${P}access`]: 'public' }),
    want: [],
  },
  {
    name: 'the target annotation overrides the addresses',
    object: annotated(node('n1.example.com', dual), { [`${P}target`]: 'lb.example.net' }),
    want: [['n1.example.com', 'CNAME', ['lb.example.net']]],
  },
  { name: 'skips an unschedulable node by default', object: node('n3.example.com', dual, true), want: [] },
  {
    name: 'keeps an unschedulable node without --exclude-unschedulable',
    object: node('n3.example.com', dual, true),
    options: { excludeUnschedulable: false },
    want: [['n3.example.com', 'A', ['203.0.113.5']]],
  },
  {
    name: 'names the node from --fqdn-template instead of its own name',
    object: node('ip-10-0-0-5', dual),
    options: { fqdnTemplate: '{{.Name}}.nodes.example.com' },
    want: [['ip-10-0-0-5.nodes.example.com', 'A', ['203.0.113.5']]],
  },
  {
    name: 'uses both names with --combine-fqdn-annotation',
    object: node('ip-10-0-0-5', dual),
    options: { fqdnTemplate: '{{.Name}}.nodes.example.com', combineFqdnAnnotation: true },
    want: [['ip-10-0-0-5', 'A', ['203.0.113.5']], ['ip-10-0-0-5.nodes.example.com', 'A', ['203.0.113.5']]],
  },
];

void describe('node translation', () => {
  for (const row of rows) {
    void it(row.name, () => {
      const r = translateObjects([row.object], opts(row.options));
      assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.recordType, e.targets]), row.want);
      assert.deepEqual(r.problems, []);
    });
  }

  void it('labels records node/<name> and honours the TTL, but no provider-specific annotations', () => {
    const obj = annotated(node('n1.example.com', dual), { [`${P}ttl`]: '2m', [`${P}aws-weight`]: '10', [`${P}set-identifier`]: 'x' });
    const [e] = translateObjects([obj], opts()).endpoints;
    assert.equal(e?.labels.resource, 'node/n1.example.com');
    assert.equal(e?.ttl, 120);
    assert.deepEqual([e?.providerSpecific, e?.setIdentifier], [{}, '']);
  });

  void it('reports a node name that is not a DNS name as an error and freezes the node', () => {
    const r = translateObjects([node('bad_name..x', dual)], opts());
    assert.deepEqual(r.endpoints, []);
    assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.value, p.severity]), [['node/bad_name..x', 'metadata.name', 'bad_name..x', 'error']]);
    assert.deepEqual([...r.frozenResources], ['node/bad_name..x']);
  });

  void it('warns about a bad access value and uses the automatic choice', () => {
    const r = translateObjects([annotated(node('n1.example.com', dual), { [`${P}access`]: 'internal' })], opts());
    assert.deepEqual(r.endpoints.map((e) => e.targets), [['203.0.113.5']]);
    assert.deepEqual(r.problems.map((p) => [p.field, p.severity]), [[`${P}access`, 'warning']]);
  });

  void it('only looks nodes up (no records of their own) unless the node source is on', () => {
    assert.deepEqual(translateObjects([node('n1.example.com', dual)], DEFAULT_TRANSLATE_OPTIONS).endpoints, []);
  });

  void it('ignores malformed status.addresses entries instead of throwing', () => {
    const obj = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n.example.com' }, status: { addresses: [null, 'x', { type: 'ExternalIP', address: 'not an ip!' }, { type: 'ExternalIP', address: '192.0.2.9' }] } };
    assert.deepEqual(translateObjects([obj], opts()).endpoints.map((e) => e.targets), [['192.0.2.9']]);
  });
});
