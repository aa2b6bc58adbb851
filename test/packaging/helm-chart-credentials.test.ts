// The chart's AWS credential options: IAM Roles Anywhere from a cert-manager-style Secret.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { argProblems, argValues } from './flag-contract.ts';
import { loadChart, renderChart, type Chart } from './helm-chart.ts';
import { FailError } from './helm-template.ts';
import { findObject, type KubeObject, validateObject } from './kube-objects.ts';
import { hardenedPodProblems, podSpec } from './policy-checks.ts';

const MOUNT = '/var/run/zonekeeper/roles-anywhere';
const ROLES_ANYWHERE = {
  enabled: true,
  secretName: 'zonekeeper-client-cert',
  trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0f0f0f0f-1111-2222-3333-444455556666',
  profileArn: 'arn:aws:rolesanywhere:eu-west-1:111122223333:profile/a1a1a1a1-1111-2222-3333-444455556666',
  roleArn: 'arn:aws:iam::111122223333:role/zonekeeper-route53',
};

describe('charts/zonekeeper: IAM Roles Anywhere', () => {
  let chart: Chart;
  const render = (rolesAnywhere: Record<string, unknown>): KubeObject[] =>
    renderChart(chart, { releaseName: 'zonekeeper', namespace: 'zonekeeper', values: { txtOwnerId: 'c1', rolesAnywhere } });
  before(() => {
    chart = loadChart(join(import.meta.dirname, '../../charts/zonekeeper'));
  });

  it('mounts the Secret read-only, 0440, and passes the file paths and ARNs as flags', () => {
    const objects = render(ROLES_ANYWHERE);
    for (const obj of objects) validateObject(obj);
    const deployment = findObject(objects, 'Deployment', 'zonekeeper');
    assert.deepEqual(hardenedPodProblems(deployment), []);
    const pod = podSpec(deployment);
    assert.deepEqual(pod.volumes?.find((v) => v.name === 'roles-anywhere')?.secret, { secretName: 'zonekeeper-client-cert', defaultMode: 0o440 });
    const c = pod.containers[0]!;
    const mount = c.volumeMounts?.find((m) => m.name === 'roles-anywhere');
    assert.deepEqual(mount, { name: 'roles-anywhere', mountPath: MOUNT, readOnly: true }, 'no subPath: renewals must show up');
    const args = c.args ?? [];
    assert.deepEqual(argProblems(args), []);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-certificate'), [`${MOUNT}/tls.crt`]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-private-key'), [`${MOUNT}/tls.key`]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-chain'), []);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-trust-anchor-arn'), [ROLES_ANYWHERE.trustAnchorArn]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-profile-arn'), [ROLES_ANYWHERE.profileArn]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-role-arn'), [ROLES_ANYWHERE.roleArn]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-session-duration'), []);
  });

  it('sends ca.crt as the chain and sets the session duration only when asked', () => {
    const args = podSpec(findObject(render({ ...ROLES_ANYWHERE, includeCaCrt: true, sessionDuration: '2h' }), 'Deployment', 'zonekeeper'))
      .containers[0]?.args ?? [];
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-chain'), [`${MOUNT}/ca.crt`]);
    assert.deepEqual(argValues(args, 'aws-roles-anywhere-session-duration'), ['2h']);
  });

  it('refuses to render when the Secret or an ARN is missing', () => {
    for (const missing of ['secretName', 'trustAnchorArn', 'profileArn', 'roleArn']) {
      assert.throws(
        () => render({ ...ROLES_ANYWHERE, [missing]: '' }),
        (e) => e instanceof FailError && /rolesAnywhere\.enabled needs rolesAnywhere\.secretName, trustAnchorArn, profileArn and roleArn/.test(e.message),
        missing,
      );
    }
  });

  it('mounts nothing and passes no Roles Anywhere flag when disabled', () => {
    const pod = podSpec(findObject(render({ enabled: false }), 'Deployment', 'zonekeeper'));
    assert.deepEqual(pod.volumes?.map((v) => v.name), ['tmp']);
    assert.deepEqual((pod.containers[0]?.args ?? []).filter((a) => a.startsWith('--aws-roles-anywhere')), []);
  });
});
