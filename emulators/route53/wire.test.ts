import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { clientFor, createZone, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';
import { parseXml } from './xml.ts';

const AUTH = `AWS4-HMAC-SHA256 Credential=AKIDRAW/20261121/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;
const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

interface Answer {
  status: number;
  type: string | null;
  code: string | undefined;
  message: string | undefined;
}

void describe('wire format and bookkeeping', () => {
  let f: Fixture;
  let zone: string;
  before(async () => {
    f = await startFixture();
    zone = await createZone(f.client, 'wire.example');
  });
  after(() => f.close());

  const raw = async (method: string, path: string, body?: string, auth: string | null = AUTH): Promise<Answer> => {
    const res = await fetch(`${f.emulator.url}${path}`, {
      method,
      headers: { 'content-type': 'application/xml', ...(auth !== null ? { authorization: auth } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    const error = res.status >= 300 ? parseXml(text).children.find((c) => c.name === 'Error') : undefined;
    const field = (name: string) => error?.children.find((c) => c.name === name)?.text;
    return { status: res.status, type: res.headers.get('content-type'), code: field('Code'), message: field('Message') };
  };
  const rrsetPath = () => `/2013-04-01/hostedzone/${zone}/rrset`;

  void it('answers text/xml in the ErrorResponse form', async () => {
    const answer = await raw('GET', '/2013-04-01/hostedzone/ZMISSING');
    assert.deepEqual(answer, { status: 404, type: 'text/xml', code: 'NoSuchHostedZone', message: 'No hosted zone found with ID: ZMISSING' });
  });

  void it('refuses an unsigned request with 403 MissingAuthenticationToken', async () => {
    const answer = await raw('GET', '/2013-04-01/hostedzone', undefined, null);
    assert.equal(answer.status, 403);
    assert.equal(answer.code, 'MissingAuthenticationToken');
  });

  void it('refuses malformed XML with MalformedInput', async () => {
    for (const body of ['<ChangeResourceRecordSetsRequest', `<ChangeResourceRecordSetsRequest xmlns="${NS}"><ChangeBatch></Changes></ChangeResourceRecordSetsRequest>`, 'not xml at all']) {
      const answer = await raw('POST', rrsetPath(), body);
      assert.equal(answer.status, 400);
      assert.equal(answer.code, 'MalformedInput', body);
    }
  });

  void it('refuses the wrong root element or namespace with MalformedInput', async () => {
    const wrongRoot = await raw('POST', rrsetPath(), `<?xml version="1.0"?><ChangeBatch xmlns="${NS}"/>`);
    assert.equal(wrongRoot.code, 'MalformedInput');
    assert.equal(wrongRoot.message, 'ChangeBatch is not valid, expected ChangeResourceRecordSetsRequest');
    const wrongNs = await raw('POST', rrsetPath(), '<ChangeResourceRecordSetsRequest xmlns="urn:other"/>');
    assert.equal(wrongNs.code, 'MalformedInput');
  });

  void it('refuses unknown elements and non-numeric TTLs with InvalidInput', async () => {
    const change = (rrs: string) =>
      `<ChangeResourceRecordSetsRequest xmlns="${NS}"><ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet>${rrs}</ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`;
    const unknown = await raw('POST', rrsetPath(), change('<Name>a.wire.example</Name><Type>A</Type><Colour>red</Colour>'));
    assert.equal(unknown.code, 'InvalidInput');
    assert.match(unknown.message ?? '', /element 'Colour'/);
    const ttl = await raw('POST', rrsetPath(), change('<Name>a.wire.example</Name><Type>A</Type><TTL>soon</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords>'));
    assert.equal(ttl.code, 'InvalidInput');
    assert.match(ttl.message ?? '', /'soon' is not a valid value for 'integer'/);
    const ok = await raw('POST', rrsetPath(), change('<Name>a.wire.example</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"a &amp; &lt;b&gt;"</Value></ResourceRecord></ResourceRecords>'));
    assert.equal(ok.status, 200);
  });

  void it('answers an unknown path with 404 and counts it as Unknown', async () => {
    const answer = await raw('GET', '/2013-04-01/trafficpolicies');
    assert.equal(answer.status, 404);
    assert.equal(f.emulator.counts.of('Unknown'), 1);
  });

  void it('counts calls by operation, outcome and access key, over the handle and /_emulator/counts', async () => {
    await fetch(`${f.emulator.url}/_emulator/counts`, { method: 'DELETE' });
    const alice = clientFor(f.emulator, { accessKeyId: 'AKIDALICE' });
    const bob = clientFor(f.emulator, { accessKeyId: 'AKIDBOB' });
    await alice.send(new ListHostedZonesCommand({}));
    await alice.send(new ListHostedZonesCommand({}));
    await bob.send(new ListHostedZonesCommand({}));
    await raw('GET', '/2013-04-01/hostedzone/ZMISSING');
    assert.equal(f.emulator.counts.lastAccessKeyId, 'AKIDRAW');
    const counts = (await (await fetch(`${f.emulator.url}/_emulator/counts`)).json()) as {
      total: number;
      byOperation: Record<string, { total: number; outcomes: Record<string, number> }>;
      byAccessKey: Record<string, number>;
    };
    assert.equal(counts.total, 4);
    assert.deepEqual(counts.byOperation.ListHostedZones, { total: 3, outcomes: { ok: 3 } });
    assert.deepEqual(counts.byOperation.GetHostedZone, { total: 1, outcomes: { NoSuchHostedZone: 1 } });
    assert.deepEqual(counts.byAccessKey, { AKIDALICE: 2, AKIDBOB: 1, AKIDRAW: 1 });
    f.emulator.counts.reset();
    assert.equal(f.emulator.counts.total, 0);
    alice.destroy();
    bob.destroy();
  });
  void it('sets faults and throttling over /_emulator/ for out-of-process use, refusing bad settings', async () => {
    const post = (path: string, body: unknown) => fetch(`${f.emulator.url}/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('faults', { internalErrorNext: 1 })).status, 200);
    await assert.rejects(f.client.send(new ListHostedZonesCommand({})), (e: Error) => e.name === 'InternalFailure');
    await f.client.send(new ListHostedZonesCommand({}));
    const bad = await post('faults', { internalErrorRate: 2 });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /internalErrorRate=2/);
    assert.equal((await post('faults', { dropEverything: true })).status, 400);
    assert.equal((await post('throttle', { rate: 0, burst: 1 })).status, 200);
    await f.client.send(new ListHostedZonesCommand({}));
    await assert.rejects(f.client.send(new ListHostedZonesCommand({})), (e: Error) => e.name === 'Throttling');
    assert.equal((await fetch(`${f.emulator.url}/_emulator/throttle`, { method: 'DELETE' })).status, 200);
    await f.client.send(new ListHostedZonesCommand({}));
    assert.equal((await post('throttle', { rate: 'fast' })).status, 400);
  });
});
