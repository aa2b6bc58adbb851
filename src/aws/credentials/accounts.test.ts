// --aws-zone-role accounts end to end: loopback STS hands each role its own key, the Route53
// emulator (one AWS account that sees every zone) records which key made each call, and each zone
// must be listed, read and written only through the account its mapping names.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEndpoint } from '../../endpoint/index.ts';
import { NO_CHANGES } from '../../plan/changes.ts';
import { startRoute53Emulator, type Route53Emulator } from '../../../emulators/route53/index.ts';
import { clientFor, createZone } from '../../../emulators/route53/sdk-fixture.ts';
import { createAwsProvider, DEFAULT_AWS_PROVIDER_CONFIG } from '../../provider/aws/index.ts';
import { buildAwsAccounts, type AwsAccounts } from './accounts.ts';
import { parseZoneRoles } from './zone-roles.ts';
import { startLoopbackSts, type LoopbackSts } from './test-sts.ts';

const A = 'arn:aws:iam::111111111111:role/dns-a';
const B = 'arn:aws:iam::222222222222:role/dns-b';
const C = 'arn:aws:iam::111111111111:role/dns-c';
const HUB = 'arn:aws:iam::999999999999:role/hub';

void describe('zone-role accounts', () => {
  let r53: Route53Emulator;
  let sts: LoopbackSts;
  let built: AwsAccounts;
  const ids = new Map<string, string>();
  const saved = { key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDBASESOURCE';
    process.env.AWS_SECRET_ACCESS_KEY = 'base-secret';
    r53 = await startRoute53Emulator();
    sts = await startLoopbackSts();
    const admin = clientFor(r53, { accessKeyId: 'AKIDADMIN' });
    for (const zone of ['example.com', 'team.example.com', 'example.org', 'example.net', 'notexample.com']) ids.set(zone, await createZone(admin, zone));
    admin.destroy();
    const zoneRoles = parseZoneRoles([`example.com=${A}`, `team.example.com=${B}`, `example.net=${C}`]);
    assert.deepEqual(zoneRoles.problems, []);
    built = buildAwsAccounts({
      settings: { source: 'env', profiles: [], region: 'us-east-1', assumeRole: { roleArn: HUB } },
      zoneRoles: zoneRoles.mappings,
      route53: { region: 'us-east-1', endpointUrl: r53.url },
      budget: { apiRate: 10, apiBurst: 50 },
      deps: { stsEndpoint: sts.url },
    });
    r53.counts.reset();
  });
  after(async () => {
    built.close();
    await r53.close();
    await sts.close();
    process.env.AWS_ACCESS_KEY_ID = saved.key;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.key === undefined) Reflect.deleteProperty(process.env, 'AWS_ACCESS_KEY_ID');
    if (saved.secret === undefined) Reflect.deleteProperty(process.env, 'AWS_SECRET_ACCESS_KEY');
  });

  const keyOf = (roleArn: string): string => {
    const k = sts.issued.find((i) => i.roleArn === roleArn);
    assert.ok(k !== undefined, `a key was issued for ${roleArn}`);
    return k.accessKeyId;
  };

  void it('builds the default account plus one per distinct role, in order', () => {
    assert.deepEqual(
      built.entries.map((e) => [e.account.name, e.serves]),
      [
        ['default', 'default'],
        [`role:${A}`, [`example.com=${A}`]],
        [`role:${B}`, [`team.example.com=${B}`]],
        [`role:${C}`, [`example.net=${C}`]],
      ],
    );
  });

  void it('gives roles in one AWS account one budget, and other accounts their own', () => {
    const budget = (name: string) => built.entries.find((e) => e.account.name === name)?.account.budget;
    assert.equal(budget(`role:${A}`), budget(`role:${C}`), 'roles in 111111111111 share Route53\'s per-account limit');
    assert.notEqual(budget(`role:${A}`), budget(`role:${B}`));
    assert.notEqual(budget('default'), budget(`role:${A}`));
    assert.notEqual(budget('default'), budget(`role:${B}`));
  });

  void it('serves each zone only through the account its mapping names, and the rest through the default account', async () => {
    const provider = createAwsProvider({ ...DEFAULT_AWS_PROVIDER_CONFIG, zonesCacheDurationMs: 0 }, { accounts: built.accounts });
    provider.beginPass();
    const zones = await provider.zones();
    assert.deepEqual([...zones].sort(), [...ids.keys()].sort(), 'every zone is served once');
    await provider.records();

    const byKey = r53.counts.snapshot().byAccessKey;
    // The default account assumed --aws-assume-role; zone roles were assumed with the source's own key.
    const assumes = sts.calls.filter((c) => c.action === 'AssumeRole');
    assert.deepEqual(
      assumes.map((c) => [c.params.RoleArn, c.signedWith]).sort(),
      [[A, 'AKIDBASESOURCE'], [B, 'AKIDBASESOURCE'], [C, 'AKIDBASESOURCE'], [HUB, 'AKIDBASESOURCE']].sort(),
    );
    assert.equal(byKey.AKIDBASESOURCE, undefined, 'the source key itself never reached Route53');
    // Each account listed zones once and read only its own zones: default: example.org + notexample.com.
    assert.deepEqual(
      { hub: byKey[keyOf(HUB)], a: byKey[keyOf(A)], b: byKey[keyOf(B)], c: byKey[keyOf(C)] },
      { hub: 1 + 2, a: 1 + 1, b: 1 + 1, c: 1 + 1 },
    );
    assert.equal(r53.counts.of('ListHostedZones'), 4);
    assert.equal(r53.counts.of('ListResourceRecordSets'), 5);

    r53.counts.reset();
    const result = await provider.applyChanges({
      ...NO_CHANGES,
      create: [
        createEndpoint({ dnsName: 'api.team.example.com', recordType: 'A', targets: ['192.0.2.7'], ttl: 60 }),
        createEndpoint({ dnsName: 'www.example.org', recordType: 'A', targets: ['192.0.2.8'], ttl: 60 }),
      ],
    });
    assert.deepEqual(result.rejected, []);
    const writes = r53.counts.snapshot().byAccessKey;
    assert.deepEqual({ b: writes[keyOf(B)], hub: writes[keyOf(HUB)] }, { b: 1, hub: 1 });
    const stats = Object.fromEntries(provider.budgetStats().map((s) => [s.account, s.calls]));
    // A and C draw from one bucket: it counts both accounts' calls.
    assert.equal(stats[`role:${A}`], stats[`role:${C}`]);
    assert.equal(stats[`role:${A}`], 4);
    assert.equal(stats[`role:${B}`], 3);
  });
});

void describe('profile accounts', () => {
  void it('makes one default account per --aws-profile and reads a profile:NAME zone role from the shared files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zk-profiles-'));
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
    const savedConfig = process.env.AWS_CONFIG_FILE;
    const file = join(dir, 'credentials');
    writeFileSync(file, ['a', 'b', 'zones'].map((p) => `[${p}]\naws_access_key_id = AKIDPROFILE${p.toUpperCase()}\naws_secret_access_key = s\n`).join(''));
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
    const r53 = await startRoute53Emulator();
    const admin = clientFor(r53, { accessKeyId: 'AKIDADMIN' });
    for (const zone of ['example.com', 'example.org']) await createZone(admin, zone);
    admin.destroy();
    r53.counts.reset();
    const built = buildAwsAccounts({
      settings: { source: 'shared-file', profiles: ['a', 'b'], region: 'us-east-1' },
      zoneRoles: parseZoneRoles(['example.org=profile:zones']).mappings,
      route53: { region: 'us-east-1', endpointUrl: r53.url },
      budget: { apiRate: 10, apiBurst: 50 },
    });
    try {
      assert.deepEqual(built.entries.map((e) => [e.account.name, e.credentials.describe().source]), [
        ['default:a', 'shared-file'],
        ['default:b', 'shared-file'],
        ['profile:zones', 'shared-file'],
      ]);
      assert.equal(new Set(built.entries.map((e) => e.account.budget)).size, 3, 'each profile has its own budget');
      const provider = createAwsProvider({ ...DEFAULT_AWS_PROVIDER_CONFIG }, { accounts: built.accounts });
      provider.beginPass();
      assert.deepEqual([...(await provider.zones())].sort(), ['example.com', 'example.org']);
      await provider.records();
      const byKey = r53.counts.snapshot().byAccessKey;
      // Both default profiles list zones (in ExternalDNS fashion); the first one holding a zone serves it.
      assert.deepEqual(byKey, { AKIDPROFILEA: 2, AKIDPROFILEB: 1, AKIDPROFILEZONES: 2 });
    } finally {
      built.close();
      await r53.close();
      rmSync(dir, { recursive: true, force: true });
      if (saved === undefined) Reflect.deleteProperty(process.env, 'AWS_SHARED_CREDENTIALS_FILE');
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
      if (savedConfig === undefined) Reflect.deleteProperty(process.env, 'AWS_CONFIG_FILE');
      else process.env.AWS_CONFIG_FILE = savedConfig;
    }
  });
});
