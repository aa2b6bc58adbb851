// Settings validation and the exact CreateSession request the provider puts on the wire.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolveSession } from './config.ts';
import { createSession } from './session.ts';
import type { FetchLike } from './session.ts';
import { RolesAnywhereError } from './errors.ts';

const FIXTURES = new URL('../../../test/fixtures/rolesanywhere/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const B = (JSON.parse(fixture('vectors.json')) as { awsRolesAnywhereSigner: Record<string, string> })
  .awsRolesAnywhereSigner as Record<'roleArn' | 'profileArn' | 'trustAnchorArn' | 'authorization' | 'requestTarget' | 'x509' | 'body', string>;

const base = { trustAnchorArn: B.trustAnchorArn, profileArn: B.profileArn, roleArn: B.roleArn };

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RolesAnywhereError);
    assert.equal(err.code, 'InvalidConfiguration');
    assert.match(err.message, pattern);
    return true;
  });
}

void describe('resolveSession', () => {
  void it('derives region and endpoint from the trust anchor ARN and sends a whitespace-free body', () => {
    const s = resolveSession(base);
    assert.equal(s.region, 'us-east-2');
    assert.equal(s.endpoint.href, 'https://rolesanywhere.us-east-2.amazonaws.com/');
    assert.equal(s.path, '/sessions');
    assert.equal(s.body, '{"durationSeconds":3600}');
    assert.equal(
      resolveSession({ ...base, sessionDurationSeconds: 900, roleSessionName: 'zonekeeper-1' }).body,
      '{"durationSeconds":900,"roleSessionName":"zonekeeper-1"}',
    );
  });

  void it('names the malformed ARN and the expected shape', () => {
    configError(() => resolveSession({ ...base, trustAnchorArn: 'arn:aws:rolesanywhere:us-east-2:291738886548:profile/6f4943fb-13d4-4242-89c4-be367595c380' }), /trust anchor ARN "arn:aws:rolesanywhere:us-east-2:291738886548:profile\/.*trust-anchor\/<uuid>/);
    configError(() => resolveSession({ ...base, profileArn: 'invalid_profile' }), /profile ARN "invalid_profile" is malformed/);
    configError(() => resolveSession({ ...base, roleArn: 'invalid-role' }), /role ARN "invalid-role" is malformed: expected arn:aws:iam::<12-digit account>:role\/<name>/);
    configError(() => resolveSession({ ...base, roleArn: 'arn:aws:iam::12345:role/x' }), /role ARN/);
  });

  void it('refuses a trust anchor and profile in different regions unless the region is explicit', () => {
    const profile = B.profileArn.replace('us-east-2', 'eu-west-1');
    configError(() => resolveSession({ ...base, profileArn: profile }), /\(region us-east-2\) and profile .* \(region eu-west-1\) are in different regions/);
    assert.equal(resolveSession({ ...base, profileArn: profile, region: 'eu-west-1' }).region, 'eu-west-1');
    assert.equal(resolveSession({ ...base, profileArn: profile, endpoint: 'http://127.0.0.1:1' }).region, 'us-east-2');
  });

  void it('bounds the session duration to 900–43200 seconds and checks the session name', () => {
    configError(() => resolveSession({ ...base, sessionDurationSeconds: 899 }), /session duration "899"/);
    configError(() => resolveSession({ ...base, sessionDurationSeconds: 43201 }), /session duration "43201"/);
    configError(() => resolveSession({ ...base, sessionDurationSeconds: 1000.5 }), /session duration/);
    assert.equal(resolveSession({ ...base, sessionDurationSeconds: 43200 }).body, '{"durationSeconds":43200}');
    configError(() => resolveSession({ ...base, roleSessionName: 'has space' }), /role session name "has space"/);
  });

  void it('keeps a base path of an endpoint override and refuses a non-URL', () => {
    assert.equal(resolveSession({ ...base, endpoint: 'http://127.0.0.1:9/ra/' }).path, '/ra/sessions');
    configError(() => resolveSession({ ...base, endpoint: 'rolesanywhere' }), /endpoint "rolesanywhere"/);
    assert.equal(
      resolveSession({ ...base, trustAnchorArn: B.trustAnchorArn.replace(':aws:', ':aws-cn:').replace('us-east-2', 'cn-north-1'), profileArn: B.profileArn.replace('us-east-2', 'cn-north-1') }).endpoint.host,
      'rolesanywhere.cn-north-1.amazonaws.com.cn',
    );
  });
});

void describe('createSession on the wire', () => {
  const identity = {
    certificate: new X509Certificate(fixture('aws_rolesanywhere_signer/alice-cert.crt')),
    chain: [],
    privateKey: createPrivateKey(fixture('aws_rolesanywhere_signer/alice-cert.key')),
  };
  const session = resolveSession({ ...base, endpoint: 'http://127.0.0.1:8080' });

  void it('sends exactly what the official helper sent (vector B: URL, Authorization, X-Amz-X509, body)', async () => {
    const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
    const fetchStub: FetchLike = (url, init) => {
      seen.push({ url, headers: init.headers, body: init.body });
      const body = '{"credentialSet":[{"credentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"s","sessionToken":"t","expiration":"2024-07-06T12:38:59Z"}}]}';
      return Promise.resolve({ status: 201, headers: new Headers(), text: () => Promise.resolve(body) });
    };
    const creds = await createSession({ session, identity, now: new Date('2024-07-06T11:38:59Z'), fetch: fetchStub, timeoutMs: 1000 });
    assert.equal(creds.expiration.toISOString(), '2024-07-06T12:38:59.000Z');
    const [req] = seen;
    assert.ok(req);
    assert.equal(req.url, `http://127.0.0.1:8080${B.requestTarget}`);
    assert.equal(req.headers.Authorization, B.authorization);
    assert.equal(req.headers['X-Amz-X509'], B.x509);
    assert.equal(req.headers['X-Amz-Date'], '20240706T113859Z');
    assert.equal(req.body, B.body);
  });

  void it('quotes the service message and names the ARNs on a refusal', async () => {
    const fetchStub: FetchLike = () =>
      Promise.resolve({
        status: 404,
        headers: new Headers({ 'X-Amzn-ErrorType': 'ResourceNotFoundException:http://internal.amazon.com/' }),
        text: () => Promise.resolve('{"message":"Unable to find profile"}'),
      });
    await assert.rejects(
      createSession({ session, identity, now: new Date(), fetch: fetchStub, timeoutMs: 1000 }),
      (err: unknown) => {
        assert.ok(err instanceof RolesAnywhereError);
        assert.equal(err.status, 404);
        assert.equal(err.serviceErrorType, 'ResourceNotFoundException');
        assert.match(err.message, /HTTP 404 ResourceNotFoundException\): "Unable to find profile" for trust anchor arn:aws:rolesanywhere:us-east-2:291738886548:trust-anchor\/a545a1fc/);
        assert.match(err.message, new RegExp(`profile ${B.profileArn.replace(/[/]/g, '\\/')}`));
        return true;
      },
    );
  });

  void it('refuses an answer without credentials or with an unparsable expiration', async () => {
    for (const [body, pattern] of [
      ['{"credentialSet":[]}', /empty credentialSet/],
      ['{"credentialSet":[{"credentials":{"accessKeyId":"a","secretAccessKey":"s","sessionToken":"t","expiration":"soon"}}]}', /not an RFC 3339 time \("soon"\)/],
      ['<html>', /is not JSON/],
    ] as const) {
      const fetchStub: FetchLike = () => Promise.resolve({ status: 201, headers: new Headers(), text: () => Promise.resolve(body) });
      await assert.rejects(createSession({ session, identity, now: new Date(), fetch: fetchStub, timeoutMs: 1000 }), pattern);
    }
  });
});
