// docs/install.md: every example marked `<!-- checked: ... -->` is rendered or parsed here, so
// the documentation cannot drift from the chart, the Kustomize base or the IAM facts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { argProblems, argValues } from './flag-contract.ts';
import { loadChart, mergeValues, renderChart } from './helm-chart.ts';
import { checkSchema, type Schema } from './json-schema.ts';
import { findObject, type KubeObject, validateObject } from './kube-objects.ts';
import { renderKustomize } from './kustomize.ts';
import { hardenedPodProblems, podSpec, rbacProblems } from './policy-checks.ts';

const ROOT = join(import.meta.dirname, '../..');
const DOC = readFileSync(join(ROOT, 'docs/install.md'), 'utf8');

function examples(kind: string): string[] {
  const re = new RegExp(`<!-- checked: ${kind} -->\\s*\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  return [...DOC.matchAll(re)].map((m) => m[1]!);
}

describe('docs/install.md examples', () => {
  const chart = loadChart(join(ROOT, 'charts/zonekeeper'));
  const schema = JSON.parse(readFileSync(join(ROOT, 'charts/zonekeeper/values.schema.json'), 'utf8')) as Schema;
  const valueExamples = examples('helm-values').map((text) => parse(text) as Record<string, unknown>);

  it('has Helm values that pass the schema and render valid, hardened, least-privilege objects', () => {
    assert.equal(valueExamples.length, 3, 'IRSA, Roles Anywhere, HA');
    for (const values of valueExamples) {
      assert.deepEqual(checkSchema(schema, mergeValues(chart.values, values)), []);
      const objects = renderChart(chart, { releaseName: 'zonekeeper', namespace: 'zonekeeper', values });
      for (const obj of objects) validateObject(obj);
      const deployment = findObject(objects, 'Deployment', 'zonekeeper');
      assert.deepEqual(hardenedPodProblems(deployment), []);
      assert.deepEqual(rbacProblems(objects), []);
      assert.deepEqual(argProblems(podSpec(deployment).containers[0]?.args ?? []), []);
    }
  });

  it('spreads the HA example over the pods the chart actually labels', () => {
    const ha = valueExamples.find((v) => v.topologySpreadConstraints !== undefined)!;
    const objects = renderChart(chart, { releaseName: 'zonekeeper', namespace: 'zonekeeper', values: ha });
    const spec = findObject(objects, 'Deployment', 'zonekeeper').spec as {
      replicas: number;
      template: { metadata: { labels: Record<string, string> }; spec: { topologySpreadConstraints: { labelSelector: { matchLabels: Record<string, string> } }[] } };
    };
    assert.equal(spec.replicas, 2);
    for (const c of spec.template.spec.topologySpreadConstraints) {
      for (const [k, v] of Object.entries(c.labelSelector.matchLabels)) assert.equal(spec.template.metadata.labels[k], v, k);
    }
    assert.ok(objects.some((o) => o.kind === 'PodDisruptionBudget'));
  });

  it('issues the Roles Anywhere certificate into the Secret the values mount, for client auth', () => {
    const [certificateText] = examples('cert-manager-certificate');
    const certificate = parse(certificateText!) as KubeObject & { spec: { secretName: string; usages: string[] } };
    assert.equal(certificate.kind, 'Certificate');
    assert.equal(certificate.metadata.namespace, 'zonekeeper');
    assert.ok(certificate.spec.usages.includes('client auth'));
    const rolesAnywhere = valueExamples.find((v) => v.rolesAnywhere !== undefined)?.rolesAnywhere as { secretName: string };
    assert.equal(rolesAnywhere.secretName, certificate.spec.secretName);
  });

  it('has a Kustomize overlay that sets the owner id, a domain filter and IRSA on the base', () => {
    const [overlayText] = examples('kustomize-overlay');
    assert.ok(overlayText?.includes('../zonekeeper/deploy'));
    const dir = mkdtempSync(join(tmpdir(), 'zonekeeper-doc-overlay-'));
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(join(dir, 'kustomization.yaml'), overlayText!.replace('../zonekeeper/deploy', relative(dir, join(ROOT, 'deploy'))));
    const objects = renderKustomize(dir);
    for (const obj of objects) validateObject(obj);
    const args = podSpec(findObject(objects, 'Deployment', 'zonekeeper')).containers[0]?.args ?? [];
    assert.deepEqual(argValues(args, 'txt-owner-id'), ['prod-eu-1']);
    assert.deepEqual(argValues(args, 'domain-filter'), ['example.com']);
    assert.deepEqual(argProblems(args), []);
    assert.deepEqual(findObject(objects, 'ServiceAccount', 'zonekeeper').metadata.annotations, {
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/zonekeeper',
    });
  });

  it('has an IAM policy scoping record access to hosted zones, and only listing and GetChange to *', () => {
    const [policyText] = examples('iam-policy');
    const policy = JSON.parse(policyText!) as { Version: string; Statement: { Effect: string; Action: string[]; Resource: string[] }[] };
    assert.equal(policy.Version, '2012-10-17');
    const byResource = new Map(policy.Statement.map((s) => [s.Resource.join(','), s]));
    assert.deepEqual(byResource.get('*')?.Action.sort(), ['route53:GetChange', 'route53:ListHostedZones']);
    const zoned = policy.Statement.filter((s) => s.Resource.every((r) => /^arn:aws:route53:::hostedzone\/\w+$/.test(r)));
    assert.deepEqual(zoned.flatMap((s) => s.Action).sort(), [
      'route53:ChangeResourceRecordSets',
      'route53:ListResourceRecordSets',
      'route53:ListTagsForResources',
    ]);
    assert.ok(policy.Statement.every((s) => s.Effect === 'Allow' && !s.Action.some((a) => a.includes('*'))));
  });
});
