import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ChangeTagsForResourceCommand, CreateHealthCheckCommand, ListHostedZonesCommand, ListTagsForResourceCommand, Route53Client } from '@aws-sdk/client-route-53';
import { startRoute53Emulator } from './index.ts';
import { change, createZone, listAll, rrset, startFixture } from './sdk-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'r53-emulator-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

void describe('state file', () => {
  void it('keeps zones, record sets, tags and health checks across a restart', async () => {
    const file = join(dir, 'state.json');
    const first = await startFixture({ stateFile: file });
    const zone = await createZone(first.client, 'persist.example');
    await change(first.client, zone, [
      { Action: 'CREATE', ResourceRecordSet: rrset('*.persist.example', 'A', ['192.0.2.1']) },
      { Action: 'CREATE', ResourceRecordSet: { ...rrset('w.persist.example', 'TXT', ['"x"']), SetIdentifier: 'a', Weight: 5 } },
    ]);
    await first.client.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone, AddTags: [{ Key: 'k', Value: 'v' }] }));
    await first.client.send(new CreateHealthCheckCommand({ CallerReference: 'persist', HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 22 } }));
    const before = await listAll(first.client, zone);
    await first.close();
    assert.deepEqual(readdirSync(dir), ['state.json']); // no temporary file left behind
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { version: number }).version, 1);

    const second = await startFixture({ stateFile: file });
    try {
      assert.deepEqual(await listAll(second.client, zone), before);
      const tags = await second.client.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone }));
      assert.deepEqual(tags.ResourceTagSet?.Tags, [{ Key: 'k', Value: 'v' }]);
      assert.equal(second.emulator.state.data.healthChecks[0]?.callerReference, 'persist');
      second.emulator.state.reset();
      assert.deepEqual((await second.client.send(new ListHostedZonesCommand({}))).HostedZones, []);
      assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { zones: unknown[] }).zones, []);
    } finally {
      await second.close();
    }
  });

  void it('refuses to start on a state file that is not emulator state, naming the file', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"zones": ');
    await assert.rejects(startRoute53Emulator({ stateFile: file }), (e: Error) => e.message.includes(file) && e.message.includes('not valid JSON'));
    writeFileSync(file, '{"zones": []}');
    await assert.rejects(startRoute53Emulator({ stateFile: file }), /not a version-1 emulator state/);
  });
});

void describe('command line', () => {
  void it('prints its URL, serves the SDK, persists, and exits 0 on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('../../bin/zonekeeper-route53-emulator', import.meta.url));
    const file = join(dir, 'cli.json');
    const child = spawn(bin, ['--port', '0', '--state-file', file, '--rate', '50', '--burst', '50'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error('the emulator printed no URL within 10 s')); }, 10_000);
        child.stdout.once('data', (chunk: Buffer) => {
          clearTimeout(timer);
          resolve(chunk.toString().trim());
        });
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new Route53Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDCLI', secretAccessKey: 's' }, maxAttempts: 1 });
      await createZone(client, 'cli.example');
      assert.equal((await client.send(new ListHostedZonesCommand({}))).HostedZones?.[0]?.Name, 'cli.example.');
      client.destroy();
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { zones: { name: string }[] }).zones[0]?.name, 'cli.example.');
  });
});
