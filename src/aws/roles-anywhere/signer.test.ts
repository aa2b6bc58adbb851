// Signer conformance: fixed vectors from two other clients, and openssl as an independent oracle.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest, serialDecimal, RSA_ALGORITHM, ECDSA_ALGORITHM } from './signer.ts';
import { canonicalQuery, encodeRfc3986 } from './canonical.ts';
import { selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import type { KeyKind } from '../../../emulators/rolesanywhere/pki.ts';

const FIXTURES = new URL('../../../test/fixtures/rolesanywhere/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

interface VectorA {
  date: string;
  region: string;
  service: string;
  method: string;
  host: string;
  path: string;
  contentType: string;
  body: string;
  serialDecimal: string;
  signedHeaders: string;
  signature: string;
}
interface VectorB {
  date: string;
  region: string;
  host: string;
  body: string;
  roleArn: string;
  profileArn: string;
  trustAnchorArn: string;
  requestTarget: string;
  authorization: string;
  x509: string;
}
const vectors = JSON.parse(fixture('vectors.json')) as {
  needroleshere: VectorA;
  awsRolesAnywhereSigner: VectorB;
};

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  assert.ok(m);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

void describe('SigV4-X509 signer', () => {
  void it('reproduces vector A (needroleshere test_signature_rsa) byte for byte', () => {
    const v = vectors.needroleshere;
    const certificate = new X509Certificate(fixture('needroleshere/cert.pem'));
    const chain = [new X509Certificate(fixture('needroleshere/subca.pem'))];
    const privateKey = createPrivateKey(fixture('needroleshere/cert-key.pem'));
    const signed = signRequest(
      {
        method: v.method,
        host: v.host,
        path: v.path,
        query: [],
        headers: { 'Content-Type': v.contentType },
        body: v.body,
      },
      { certificate, chain, privateKey },
      { region: v.region, service: v.service, date: parseAmzDate(v.date) },
    );
    assert.equal(serialDecimal(certificate), v.serialDecimal);
    assert.equal(signed.headers['X-Amz-X509'], fixture('needroleshere/cert.der.b64').trim());
    assert.equal(signed.headers['X-Amz-X509-Chain'], fixture('needroleshere/subca.der.b64').trim());
    assert.equal(signed.headers['X-Amz-Date'], v.date);
    assert.equal(signed.signature, v.signature);
    assert.equal(
      signed.headers.Authorization,
      `${RSA_ALGORITHM} Credential=${v.serialDecimal}/20220827/us-east-1/service/aws4_request, ` +
        `SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`,
    );
  });

  void it('reproduces vector B (official helper v1.1.1 /sessions Authorization) byte for byte', () => {
    const v = vectors.awsRolesAnywhereSigner;
    const signed = signRequest(
      {
        method: 'POST',
        host: v.host,
        path: '/sessions',
        query: [
          ['trustAnchorArn', v.trustAnchorArn],
          ['roleArn', v.roleArn],
          ['profileArn', v.profileArn],
        ],
        body: v.body,
      },
      {
        certificate: new X509Certificate(fixture('aws_rolesanywhere_signer/alice-cert.crt')),
        chain: [],
        privateKey: createPrivateKey(fixture('aws_rolesanywhere_signer/alice-cert.key')),
      },
      { region: v.region, service: 'rolesanywhere', date: parseAmzDate(v.date) },
    );
    assert.equal(signed.headers.Authorization, v.authorization);
    assert.equal(signed.headers['X-Amz-X509'], v.x509);
    assert.equal(`/sessions?${signed.queryString}`, v.requestTarget);
    assert.equal(signed.headers['Content-Type'], 'application/json');
    assert.equal(signed.headers.Host, '127.0.0.1:8080');
  });

  void it('encodes the query strictly (RFC 3986), escaping !\'()* and sorting by name', () => {
    assert.equal(encodeRfc3986("a!b'c(d)e*f g/h:i~j"), 'a%21b%27c%28d%29e%2Af%20g%2Fh%3Ai~j');
    assert.equal(
      canonicalQuery([
        ['b', '2'],
        ['a', 'x y'],
        ['a', 'w'],
      ]),
      'a=w&a=x%20y&b=2',
    );
  });

  void it('collapses spaces and trims header values, and never signs user-agent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-signer-'));
    try {
      const self = selfSigned(dir, { name: 'h', kind: 'p256' });
      const signed = signRequest(
        {
          method: 'post',
          host: 'h.test',
          path: '/x',
          query: [],
          headers: { 'X-Custom': '  a   b  ', 'User-Agent': 'ua' },
          body: '',
        },
        {
          certificate: self.certificate,
          chain: [],
          privateKey: createPrivateKey(self.keyPem),
        },
        { region: 'eu-west-1', service: 'rolesanywhere', date: new Date(0) },
      );
      assert.match(signed.canonicalRequest, /\nx-custom:a b\n/);
      assert.match(signed.canonicalRequest, /^POST\n\/x\n\n/);
      assert.doesNotMatch(signed.canonicalRequest, /user-agent/);
      assert.ok(signed.headers.Authorization?.startsWith(`${ECDSA_ALGORITHM} Credential=`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('SigV4-X509 signer against openssl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-openssl-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['rsa', 'p256', 'p384'] as const satisfies readonly KeyKind[]) {
    void it(`produces a ${kind} signature that openssl verifies with SHA-256`, () => {
      const self = selfSigned(dir, { name: `self-${kind}`, kind, serial: 4242n });
      const signed = signRequest(
        { method: 'POST', host: 'rolesanywhere.us-east-1.amazonaws.com', path: '/sessions', query: [], body: '{}' },
        { certificate: self.certificate, chain: [], privateKey: createPrivateKey(self.keyPem) },
        { region: 'us-east-1', service: 'rolesanywhere', date: new Date() },
      );
      const stsPath = join(dir, `${kind}.sts`);
      const sigPath = join(dir, `${kind}.sig`);
      const pubPath = join(dir, `${kind}.pub`);
      writeFileSync(stsPath, signed.stringToSign);
      writeFileSync(sigPath, Buffer.from(signed.signature, 'hex'));
      writeFileSync(pubPath, self.certificate.publicKey.export({ type: 'spki', format: 'pem' }));
      const out = execFileSync(
        'openssl',
        ['dgst', '-sha256', '-verify', pubPath, '-signature', sigPath, stsPath],
        { encoding: 'utf8' },
      );
      assert.equal(out.trim(), 'Verified OK');
      assert.match(signed.headers.Authorization ?? '', /Credential=4242\//);
      if (kind === 'rsa') {
        // PKCS#1 v1.5 is deterministic: openssl's own signature must be the same bytes.
        const theirs = execFileSync('openssl', ['dgst', '-sha256', '-sign', self.keyPath, stsPath]);
        assert.equal(signed.signature, theirs.toString('hex'));
      } else {
        // ECDSA signatures are DER SEQUENCE{r, s}.
        assert.equal(signed.signature.slice(0, 2), '30');
      }
    });
  }
});
