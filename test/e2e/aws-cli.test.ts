import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { clientFor, createZone, listAll } from '../../emulators/route53/sdk-fixture.ts';
import { startRoute53Emulator, type Route53Emulator } from '../../emulators/route53/index.ts';
import { ROOT, runCli } from './cli-process.ts';

describe('zonekeeper --provider aws against the Route53 emulator', () => {
  let r53: Route53Emulator;
  let zoneId: string;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
    AWS_SECRET_ACCESS_KEY: 'cli-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  });
  const base = ['--manifest', 'examples/web-service.yaml', '--provider', 'aws', '--policy', 'sync', '--txt-owner-id', 'e2e', '--log-format', 'json'];

  before(async () => {
    r53 = await startRoute53Emulator();
  });
  beforeEach(async () => {
    r53.state.reset();
    zoneId = await createZone(clientFor(r53), 'example.com');
    r53.counts.reset();
  });
  after(async () => {
    await r53.close();
  });

  it('--dry-run prints the exact batch and sends no ChangeResourceRecordSets', async () => {
    const result = await runCli(['sync', '--once', '--dry-run', '--aws-endpoint-url', r53.url, ...base], ROOT, env());
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const line = result.stdout.split('\n').find((l) => l.includes('would send change batch'));
    assert.ok(line !== undefined, result.stdout);
    const batch = JSON.parse(line) as { changes: { Action: string; ResourceRecordSet: { Name: string; Type: string } }[] };
    assert.deepEqual(
      batch.changes.map((c) => `${c.Action} ${c.ResourceRecordSet.Name} ${c.ResourceRecordSet.Type}`).sort(),
      ['CREATE a-web.example.com TXT', 'CREATE web.example.com A'],
    );
    assert.equal(r53.counts.of('ChangeResourceRecordSets'), 0);
  });

  it('writes through the SDK\'s own AWS_ENDPOINT_URL_ROUTE_53 when --aws-endpoint-url is not given', async () => {
    const result = await runCli(['sync', '--once', ...base], ROOT, env({ AWS_ENDPOINT_URL_ROUTE_53: r53.url }));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(r53.counts.of('ChangeResourceRecordSets'), 1);
    assert.ok(r53.counts.ofKey('AKIDCLITEST') >= 3, 'the CLI\'s calls carry its credentials');
    const { sets } = await listAll(clientFor(r53), zoneId);
    const names = sets.map((s) => `${s.Name ?? ''} ${s.Type ?? ''}`);
    assert.ok(names.includes('web.example.com. A'), names.join('\n'));
    assert.ok(names.includes('a-web.example.com. TXT'), names.join('\n'));
  });
});
