import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, runCli } from './cli-process.ts';

describe('zonekeeper plan and sync --once', () => {
  let dir: string;
  const base = ['--manifest', 'examples', '--provider', 'local', '--zone-dir', 'zones', '--local-zone', 'example.com',
    '--txt-owner-id', 'plan-test', '--policy', 'sync', '--log-format', 'json'];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zk-plan-'));
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 and prints the changes as a table when changes are pending', async () => {
    const result = await runCli(['plan', ...base], dir);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stdout, /^ACTION\s+NAME\s+TYPE/m);
    assert.match(result.stdout, /CREATE\s+web\.example\.com\s+A\s+192\.0\.2\.10/);
    assert.match(result.stdout, /Plan: 7 to create, 0 to update, 0 to delete\./);
  });

  it('prints the same plan as JSON with --output json', async () => {
    const result = await runCli(['plan', '--output', 'json', ...base], dir);
    assert.equal(result.code, 2, result.stderr);
    const plan = JSON.parse(result.stdout) as { summary: { create: number }; changes: { create: { dnsName: string }[] } };
    assert.equal(plan.summary.create, 7);
    assert.ok(plan.changes.create.some((c) => c.dnsName === 'canary.example.com'));
  });

  it('exits 0 with no changes after sync --once applied them', async () => {
    const sync = await runCli(['sync', '--once', ...base], dir);
    assert.equal(sync.code, 0, sync.stdout + sync.stderr);
    assert.match(sync.stdout, /"msg":"Applied change"/);
    const result = await runCli(['plan', ...base], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No changes/);
  });

  it('exits 1 naming the flag when the configuration is invalid', async () => {
    const result = await runCli(['plan', '--manifest', 'examples', '--provider', 'local', '--zone-dir', 'zones', '--policy', 'everything'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--policy: "everything" is not one of: sync, upsert-only, create-only/);
  });
});
