import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeConfig, loadConfig, type LoadInput } from './load.ts';
import { parseDurationMs } from './values.ts';
import { validateConfig } from './validate.ts';

function input(partial: Partial<LoadInput>): LoadInput {
  return { cli: {}, env: {}, readFile: () => '', ...partial };
}

function load(partial: Partial<LoadInput>) {
  const result = loadConfig(input(partial));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = load({});
    assert.equal(config.txtOwnerId, 'default');
    assert.equal(config.interval, 60_000);
    assert.deepEqual(config.managedRecordTypes, ['A', 'AAAA', 'CNAME']);
    assert.deepEqual(config.dnsListen, { host: '127.0.0.1', port: 1053 });
    assert.equal(config.maxDeleteFraction, 0.3);
  });

  it('takes a flag over the environment over the config file', () => {
    const readFile = (): string => 'txt-owner-id: from-file\ninterval: 5m\ndomain-filter: [a.example.com, b.example.com]\n';
    const fileOnly = load({ cli: { config: 'zk.yaml' }, readFile });
    assert.equal(fileOnly.txtOwnerId, 'from-file');
    assert.equal(fileOnly.interval, 300_000);
    assert.deepEqual(fileOnly.domainFilter, ['a.example.com', 'b.example.com']);
    const withEnv = load({ cli: { config: 'zk.yaml' }, env: { ZONEKEEPER_TXT_OWNER_ID: 'from-env' }, readFile });
    assert.equal(withEnv.txtOwnerId, 'from-env');
    const withFlag = load({ cli: { config: 'zk.yaml', txtOwnerId: 'from-flag' }, env: { ZONEKEEPER_TXT_OWNER_ID: 'from-env' }, readFile });
    assert.equal(withFlag.txtOwnerId, 'from-flag');
  });

  it('treats an empty environment variable or an empty config file value as unset, never as --force', () => {
    const config = load({ cli: { config: 'zk.yaml' }, env: { ZONEKEEPER_FORCE: '', ZONEKEEPER_MANAGED_RECORD_TYPES: '', EXTERNAL_DNS_TXT_PREFIX: '' }, readFile: () => 'dry-run:\nforce:\n' });
    assert.equal(config.force, false);
    assert.equal(config.dryRun, false);
    assert.deepEqual(config.managedRecordTypes, ['A', 'AAAA', 'CNAME']);
    assert.equal(config.txtPrefix, '');
    assert.equal(load({ env: { ZONEKEEPER_TXT_PREFIX: '', EXTERNAL_DNS_TXT_PREFIX: 'ext-' } }).txtPrefix, 'ext-');
  });

  it('accepts ExternalDNS environment variables, with ZONEKEEPER_ taking precedence', () => {
    assert.equal(load({ env: { EXTERNAL_DNS_TXT_PREFIX: 'ext-' } }).txtPrefix, 'ext-');
    assert.equal(load({ env: { EXTERNAL_DNS_TXT_PREFIX: 'ext-', ZONEKEEPER_TXT_PREFIX: 'zk-' } }).txtPrefix, 'zk-');
    assert.deepEqual(load({ env: { EXTERNAL_DNS_DOMAIN_FILTER: 'a.com,b.com' } }).domainFilter, ['a.com', 'b.com']);
  });

  it('reads camelCase keys in the config file too', () => {
    assert.equal(load({ cli: { config: 'f' }, readFile: () => 'txtOwnerId: camel\n' }).txtOwnerId, 'camel');
  });

  it('collects every bad value at once, naming each flag and where the value came from', () => {
    const result = loadConfig(
      input({ cli: { interval: '10', policy: 'delete-all' }, env: { ZONEKEEPER_MAX_DELETE_FRACTION: '2' } }),
    );
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.equal(errors.length, 3);
    assert.match(errors.join('\n'), /--interval: "10" is not a duration/);
    assert.match(errors.join('\n'), /--policy: "delete-all" is not one of: sync, upsert-only, create-only/);
    assert.match(errors.join('\n'), /--max-delete-fraction \(from \$ZONEKEEPER_MAX_DELETE_FRACTION.*out of range/);
  });

  it('names an unknown key of the config file', () => {
    const result = loadConfig(input({ cli: { config: 'zk.yaml' }, readFile: () => 'txt-owner: x\n' }));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : (result.errors[0] ?? ''), /zk\.yaml: unknown setting "txt-owner"/);
  });

  it('reports a config file that is not YAML', () => {
    const result = loadConfig(input({ cli: { config: 'zk.yaml' }, readFile: () => 'a: [unclosed' }));
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : (result.errors[0] ?? ''), /--config zk\.yaml: cannot read it as YAML/);
  });

  it('reports where a config file is not YAML without quoting its lines, which may hold a secret', () => {
    const result = loadConfig(input({ cli: { config: 'zk.yaml' }, readFile: () => 'txt-encrypt-aes-key: s3cr3t-aes-key\n  broken: [\n' }));
    assert.equal(result.ok, false);
    const message = result.ok ? '' : (result.errors[0] ?? '');
    assert.match(message, /--config zk\.yaml: cannot read it as YAML: .* at line 1, column \d+/);
    assert.doesNotMatch(message, /s3cr3t/);
  });

  it('masks secrets when the configuration is printed', () => {
    const config = load({ cli: { txtEncryptAesKey: 'passphrasewhichneedstobe32bytes!' } });
    const printed = JSON.stringify(describeConfig(config));
    assert.doesNotMatch(printed, /passphrasewhichneedstobe32bytes/);
    assert.match(printed, /"txt-encrypt-aes-key":"\*\*\*\*\*\*"/);
  });
});

describe('validateConfig', () => {
  it('requires a policy, a provider and a source, like ExternalDNS v0.22', () => {
    const errors = validateConfig(load({}));
    assert.ok(errors.some((e) => e.startsWith('--policy is required')));
    assert.ok(errors.some((e) => e.startsWith('--provider is required')));
    assert.ok(errors.some((e) => e.startsWith('--source is required')));
  });

  it('treats --manifest alone as the manifests source', () => {
    const errors = validateConfig(load({ cli: { manifest: ['examples'], policy: 'sync', provider: 'local', zoneDir: 'z' } }));
    assert.deepEqual(errors, []);
  });

  it('refuses --txt-prefix together with --txt-suffix', () => {
    const errors = validateConfig(load({ cli: { txtPrefix: 'p-', txtSuffix: '-s', manifest: ['x'], policy: 'sync', provider: 'local', zoneDir: 'z' } }));
    assert.deepEqual(errors, ['--txt-prefix and --txt-suffix cannot be used together.']);
  });
});

describe('validateConfig: loop and leader election timing', () => {
  const base = { manifest: ['x'], policy: 'sync', provider: 'local', zoneDir: 'z' };

  it('refuses an --interval of 0, which would re-plan back to back', () => {
    assert.deepEqual(validateConfig(load({ cli: { ...base, interval: '0' } })), ['--interval must be at least 1s (got 0 ms).']);
  });

  it('refuses a --lease-duration not longer than the --renew-deadline, naming the three flags', () => {
    const errors = validateConfig(load({ cli: { ...base, leaseDuration: '5s' } }));
    assert.deepEqual(errors, ['--leader-elect needs --retry-period (2000 ms) < --renew-deadline (10000 ms) < --lease-duration (5000 ms).']);
  });

  it('accepts any timing when leader election is off', () => {
    assert.deepEqual(validateConfig(load({ cli: { ...base, leaderElect: false, leaseDuration: '5s' } })), []);
  });
});

describe('--aws-roles-anywhere-session-duration', () => {
  for (const [text, seconds] of [['3600', 3600], ['1h', 3600], ['15m', 900], ['12h', 43200]] as const) {
    it(`reads ${text} as ${seconds} seconds`, () => {
      assert.equal(load({ cli: { awsRolesAnywhereSessionDuration: text } }).awsRolesAnywhereSessionDuration, seconds);
    });
  }
  for (const text of ['899', '13h', '1.5s', 'soon']) {
    it(`refuses ${text}, naming the flag`, () => {
      const result = loadConfig(input({ cli: { awsRolesAnywhereSessionDuration: text } }));
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : (result.errors[0] ?? ''), /^--aws-roles-anywhere-session-duration: /);
    });
  }
});

describe('parseDurationMs', () => {
  for (const [text, ms] of [['0', 0], ['200ms', 200], ['90s', 90_000], ['1m30s', 90_000], ['1h', 3_600_000], ['1.5s', 1_500]] as const) {
    it(`reads ${text} as ${ms} ms`, () => {
      assert.deepEqual(parseDurationMs(text), { ok: true, value: ms });
    });
  }
  for (const text of ['10', 'abc', '5 m', '-1s', '']) {
    it(`refuses "${text}"`, () => {
      assert.equal(parseDurationMs(text).ok, false);
    });
  }
});
