// Certificate and key loading: every key format the helper accepts, and clear refusals.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMaterial } from './material.ts';
import { RolesAnywhereError } from './errors.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import type { IssuedCertificate } from '../../../emulators/rolesanywhere/pki.ts';

const FIXTURES = new URL('../../../test/fixtures/rolesanywhere/', import.meta.url);

function rejectsWith(code: string, pattern: RegExp, secrets: readonly string[] = []) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof RolesAnywhereError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, /PRIVATE KEY|MII/);
    for (const s of secrets) assert.ok(!err.message.includes(s), 'secret leaked into the message');
    return true;
  };
}

void describe('loadMaterial', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-material-'));
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  let ca: IssuedCertificate;
  let rsa: IssuedCertificate;
  let ec: IssuedCertificate;
  let now = new Date();

  before(() => {
    ca = selfSigned(dir, { name: 'ca', kind: 'p256', ca: true, days: 30 });
    rsa = issue(dir, ca, { name: 'rsa', kind: 'rsa', serial: 77n });
    ec = issue(dir, ca, { name: 'ec', kind: 'p256', serial: 78n });
    now = new Date();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  void it('reads PKCS#8, PKCS#1 RSA and SEC1 EC keys', async () => {
    const pkcs1 = write('rsa.pkcs1', createPrivateKey(rsa.keyPem).export({ type: 'pkcs1', format: 'pem' }).toString());
    const sec1 = write('ec.sec1', createPrivateKey(ec.keyPem).export({ type: 'sec1', format: 'pem' }).toString());
    assert.match(readFileSync(pkcs1, 'utf8'), /BEGIN RSA PRIVATE KEY/);
    assert.match(readFileSync(sec1, 'utf8'), /BEGIN EC PRIVATE KEY/);
    assert.equal((await loadMaterial({ certificatePath: rsa.certPath, privateKeyPath: rsa.keyPath }, now)).serial, '77');
    assert.equal((await loadMaterial({ certificatePath: rsa.certPath, privateKeyPath: pkcs1 }, now)).serial, '77');
    const m = await loadMaterial({ certificatePath: ec.certPath, privateKeyPath: sec1 }, now);
    assert.equal(m.serial, '78');
    assert.equal(m.subject, 'CN=ec');
  });

  void it('reads an encrypted PKCS#8 key with a passphrase from a file or a value', async () => {
    const secret = 'correct horse battery';
    const enc = write(
      'rsa.enc',
      createPrivateKey(rsa.keyPem)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: secret })
        .toString(),
    );
    const passFile = write('pass', `${secret}\n`);
    const paths = { certificatePath: rsa.certPath, privateKeyPath: enc };
    assert.equal((await loadMaterial({ ...paths, privateKeyPassphraseFile: passFile }, now)).serial, '77');
    assert.equal((await loadMaterial(paths, now, secret)).serial, '77');
    await assert.rejects(loadMaterial(paths, now, 'wrong guess'), rejectsWith('FileUnreadable', /rsa\.enc cannot be decrypted: check the passphrase/, ['wrong guess']));
    await assert.rejects(loadMaterial(paths, now), rejectsWith('InvalidConfiguration', /is encrypted but no passphrase was given/));
  });

  void it('refuses a key that does not match the certificate, naming both files', async () => {
    await assert.rejects(
      loadMaterial({ certificatePath: rsa.certPath, privateKeyPath: ec.keyPath }, now),
      rejectsWith('KeyMismatch', /private key file .*ec\.key does not match certificate .*rsa\.pem \(serial 77\)/),
    );
  });

  void it('refuses an expired or not yet valid certificate, naming the file', async () => {
    const paths = { certificatePath: rsa.certPath, privateKeyPath: rsa.keyPath };
    const after = new Date(rsa.certificate.validToDate.getTime() + 1000);
    const before = new Date(rsa.certificate.validFromDate.getTime() - 1000);
    await assert.rejects(loadMaterial(paths, after), rejectsWith('CertificateInvalid', /certificate .*rsa\.pem \(subject "CN=rsa", serial 77\) expired at .*; renew the certificate/));
    await assert.rejects(loadMaterial(paths, before), rejectsWith('CertificateInvalid', /is not valid until/));
  });

  void it('says which file is missing or holds no certificate', async () => {
    await assert.rejects(
      loadMaterial({ certificatePath: join(dir, 'absent.pem'), privateKeyPath: rsa.keyPath }, now),
      rejectsWith('FileUnreadable', /certificate file .*absent\.pem cannot be read \(ENOENT\)/),
    );
    const junk = write('junk.pem', 'not a certificate');
    await assert.rejects(loadMaterial({ certificatePath: junk, privateKeyPath: rsa.keyPath }, now), rejectsWith('CertificateInvalid', /junk\.pem holds no PEM certificate/));
    await assert.rejects(loadMaterial({ certificatePath: rsa.certPath, privateKeyPath: junk }, now), rejectsWith('FileUnreadable', /junk\.pem is not a PEM private key/));
  });

  void it('takes intermediates from the chain file and from certificates bundled after the leaf', async () => {
    const bundled = write('bundle.pem', rsa.certPem + ca.certPem);
    const a = await loadMaterial({ certificatePath: bundled, privateKeyPath: rsa.keyPath }, now);
    assert.deepEqual(a.identity.chain.map((c) => c.subject), ['CN=ca']);
    const b = await loadMaterial({ certificatePath: rsa.certPath, privateKeyPath: rsa.keyPath, chainPath: ca.certPath }, now);
    assert.deepEqual(b.identity.chain.map((c) => c.subject), ['CN=ca']);
  });

  void it('loads the needroleshere fixture chain (PKCS#1 key, leaf then intermediate)', async () => {
    const m = await loadMaterial(
      {
        certificatePath: new URL('needroleshere/cert.chained.pem', FIXTURES).pathname,
        privateKeyPath: new URL('needroleshere/cert-key.pem', FIXTURES).pathname,
      },
      new Date('2030-01-01T00:00:00Z'),
    );
    assert.equal(m.serial, '337562787801933536189724934726614584366112857655');
    assert.equal(m.identity.chain.length, 1);
  });
});
