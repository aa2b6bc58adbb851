import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { electionIdentity, leaseNamespace, SERVICE_ACCOUNT_NAMESPACE_FILE } from './identity.ts';

describe('lease namespace and identity', () => {
  const noFile = (): string => {
    throw new Error('ENOENT');
  };

  it('prefers the flag, then POD_NAMESPACE, then the service-account file, then default', () => {
    const file = (path: string): string => (path === SERVICE_ACCOUNT_NAMESPACE_FILE ? 'dns-system\n' : noFile());
    assert.equal(leaseNamespace('ops', { POD_NAMESPACE: 'x' }, file), 'ops');
    assert.equal(leaseNamespace('', { POD_NAMESPACE: 'from-env' }, file), 'from-env');
    assert.equal(leaseNamespace('', {}, file), 'dns-system');
    assert.equal(leaseNamespace('', {}, noFile), 'default');
  });

  it('gives every process its own identity, led by the pod name', () => {
    const a = electionIdentity({ POD_NAME: 'zonekeeper-7d9f-abcde' });
    const b = electionIdentity({ POD_NAME: 'zonekeeper-7d9f-abcde' });
    assert.match(a, /^zonekeeper-7d9f-abcde_[0-9a-f]{8}$/);
    assert.notEqual(a, b);
  });
});
