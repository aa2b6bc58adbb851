// The DNSEndpoint CRD in deploy/: the protected-group approval annotation, ExternalDNS's exact
// field set and types, and the repository's example DNSEndpoints accepted by its schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { checkSchema, type Schema } from './json-schema.ts';
import { findObject, type KubeObject } from './kube-objects.ts';
import { renderKustomize } from './kustomize.ts';

const ROOT = join(import.meta.dirname, '../..');

interface Props {
  type?: string;
  format?: string;
  properties?: Record<string, Props>;
  items?: Props;
  additionalProperties?: Props;
  required?: string[];
  [key: string]: unknown;
}

/** The schema as the subset checker reads it: `format` and `x-kubernetes-*` are server-side hints. */
function structural(schema: Props): Schema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, Props>).map(([k, v]) => [k, structural(v)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = structural(value as Props);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** `name: type[/format]` for each property, recursively: a compact picture of the schema. */
function shape(p: Props, path = ''): string[] {
  const here = `${path}: ${p.type ?? '?'}${p.format === undefined ? '' : `/${p.format}`}`;
  const children = [
    ...Object.entries(p.properties ?? {}).flatMap(([k, v]) => shape(v, `${path}.${k}`)),
    ...(p.items === undefined ? [] : shape(p.items, `${path}[]`)),
    ...(p.additionalProperties === undefined ? [] : shape(p.additionalProperties, `${path}{}`)),
  ];
  return [here, ...children];
}

describe('DNSEndpoint CRD', () => {
  let crd: KubeObject;
  let version: { name: string; served: boolean; storage: boolean; subresources: unknown; schema: { openAPIV3Schema: Props } };
  before(() => {
    crd = findObject(renderKustomize(join(ROOT, 'deploy')), 'CustomResourceDefinition', 'dnsendpoints.externaldns.k8s.io');
    const spec = crd.spec as { versions: (typeof version)[] };
    assert.equal(spec.versions.length, 1);
    version = spec.versions[0]!;
  });

  it('carries api-approved.kubernetes.io, without which the API server refuses the protected group', () => {
    assert.equal(crd.metadata.annotations?.['api-approved.kubernetes.io'], 'https://github.com/kubernetes-sigs/external-dns/pull/2007');
  });

  it('defines externaldns.k8s.io/v1alpha1 DNSEndpoint, namespaced, with a status subresource', () => {
    const spec = crd.spec as Record<string, unknown>;
    assert.equal(spec.group, 'externaldns.k8s.io');
    assert.equal(spec.scope, 'Namespaced');
    assert.deepEqual(spec.names, { kind: 'DNSEndpoint', listKind: 'DNSEndpointList', plural: 'dnsendpoints', singular: 'dnsendpoint' });
    assert.equal(version.name, 'v1alpha1');
    assert.equal(version.served, true);
    assert.equal(version.storage, true);
    assert.deepEqual(version.subresources, { status: {} });
  });

  it('has ExternalDNS fields and types exactly, plus standard conditions in status', () => {
    const root = version.schema.openAPIV3Schema;
    const endpoint = root.properties?.spec?.properties?.endpoints;
    assert.deepEqual(shape(endpoint!, 'endpoints').sort(), [
      'endpoints: array',
      'endpoints[]: object',
      'endpoints[].dnsName: string',
      'endpoints[].targets: array',
      'endpoints[].targets[]: string',
      'endpoints[].recordType: string',
      'endpoints[].setIdentifier: string',
      'endpoints[].recordTTL: integer/int64',
      'endpoints[].labels: object',
      'endpoints[].labels{}: string',
      'endpoints[].providerSpecific: array',
      'endpoints[].providerSpecific[]: object',
      'endpoints[].providerSpecific[].name: string',
      'endpoints[].providerSpecific[].value: string',
    ].sort());
    const status = root.properties?.status;
    assert.deepEqual(shape(status!, 'status').sort(), [
      'status: object',
      'status.observedGeneration: integer/int64',
      'status.conditions: array',
      'status.conditions[]: object',
      'status.conditions[].lastTransitionTime: string/date-time',
      'status.conditions[].message: string',
      'status.conditions[].observedGeneration: integer/int64',
      'status.conditions[].reason: string',
      'status.conditions[].status: string',
      'status.conditions[].type: string',
    ].sort());
    assert.deepEqual(status?.properties?.conditions?.items?.required, ['lastTransitionTime', 'message', 'reason', 'status', 'type']);
    assert.equal(status?.properties?.conditions?.['x-kubernetes-list-type'], 'map');
  });

  it('accepts the DNSEndpoints in examples/ and refuses a TTL written as a string', () => {
    const schema = structural(version.schema.openAPIV3Schema);
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'examples/records-dnsendpoint.yaml'), 'utf8')).map((d) => d.toJS() as KubeObject);
    const endpoints = docs.filter((d) => d.kind === 'DNSEndpoint');
    assert.ok(endpoints.length > 0);
    for (const ep of endpoints) assert.deepEqual(checkSchema(schema, ep), [], ep.metadata.name);
    const bad = { ...endpoints[0]!, spec: { endpoints: [{ dnsName: 'a.example.com', recordType: 'A', recordTTL: '300' }] } };
    assert.deepEqual(checkSchema(schema, bad), ['$.spec.endpoints[0].recordTTL: is string "300", expected integer']);
  });

  it('accepts a status with a standard condition and refuses one without a reason', () => {
    const schema = structural(version.schema.openAPIV3Schema);
    const condition = { type: 'Ready', status: 'True', reason: 'Programmed', message: '2 records', lastTransitionTime: '2026-11-21T06:00:00Z' };
    const obj = { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: {}, status: { observedGeneration: 3, conditions: [condition] } };
    assert.deepEqual(checkSchema(schema, obj), []);
    const noReason: Partial<typeof condition> = { ...condition };
    delete noReason.reason;
    assert.deepEqual(checkSchema(schema, { ...obj, status: { conditions: [noReason] } }), ['$.status.conditions[0]: misses required "reason"']);
  });
});
