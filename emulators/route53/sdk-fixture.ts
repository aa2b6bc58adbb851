/**
 * Test fixture: the real `@aws-sdk/client-route-53` pointed at an in-process emulator, plus the
 * few helpers the emulator's tests share (zone creation, full listing, error assertions).
 * @module
 */
import assert from 'node:assert/strict';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { startRoute53Emulator } from './index.ts';
import type { Route53Emulator, Route53EmulatorOptions } from './index.ts';

export interface ClientOptions {
  readonly accessKeyId?: string;
  readonly maxAttempts?: number;
}

/** A real SDK client for `emulator`; one attempt by default so errors surface unretried. */
export function clientFor(emulator: Route53Emulator, options: ClientOptions = {}): Route53Client {
  return new Route53Client({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: options.accessKeyId ?? 'AKIDEMULATORTEST', secretAccessKey: 'emulator-secret' },
    maxAttempts: options.maxAttempts ?? 1,
  });
}

export interface Fixture {
  readonly emulator: Route53Emulator;
  readonly client: Route53Client;
  close(): Promise<void>;
}

export async function startFixture(options: Route53EmulatorOptions = {}): Promise<Fixture> {
  const emulator = await startRoute53Emulator(options);
  const client = clientFor(emulator);
  return {
    emulator,
    client,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

let refs = 0;
/** Creates a public zone and returns its bare ID. */
export async function createZone(client: Route53Client, name: string): Promise<string> {
  refs++;
  const out = await client.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `ref-${process.pid}-${refs}` }));
  const id = out.HostedZone?.Id ?? '';
  return id.replace('/hostedzone/', '');
}

export function change(client: Route53Client, zoneId: string, changes: Change[]): Promise<unknown> {
  return client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}

/** A simple record set. */
export function rrset(name: string, type: string, values: string[], ttl = 300): ResourceRecordSet {
  return { Name: name, Type: type as ResourceRecordSet['Type'], TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) };
}

/** Lists every record set by following NextRecordName/Type/Identifier; returns sets and page count. */
export async function listAll(client: Route53Client, zoneId: string, maxItems?: number): Promise<{ sets: ResourceRecordSet[]; pages: number }> {
  const sets: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
  for (let pages = 1; pages <= 1000; pages++) {
    const out = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...start, ...(maxItems !== undefined ? { MaxItems: maxItems } : {}) }),
    );
    sets.push(...(out.ResourceRecordSets ?? []));
    if (out.IsTruncated !== true) return { sets, pages };
    start = {
      StartRecordName: out.NextRecordName,
      StartRecordType: out.NextRecordType,
      ...(out.NextRecordIdentifier !== undefined ? { StartRecordIdentifier: out.NextRecordIdentifier } : {}),
    };
  }
  throw new Error('listAll: more than 1000 pages; the emulator is not advancing');
}

/** Asserts that `promise` fails with the SDK error `code` and a message equal to / matching `message`. */
export async function rejects(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    assert.equal(error.name, code, `error name (message: ${error.message})`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}
