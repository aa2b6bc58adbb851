import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { changes, dataOf, ep, query, rcodeOf, startLocal, tcpExchange, udpExchange, type Running } from './test-support.ts';

const weighted = (name: string, setIdentifier: string, ip: string, weight: string) =>
  ep(name, 'A', [ip], { setIdentifier, providerSpecific: { 'aws/weight': weight } });

const RECORDS = [
  ep('www.example.com', 'A', ['192.0.2.10', '192.0.2.11'], { ttl: 60 }),
  ep('www.example.com', 'AAAA', ['2001:db8::10']),
  ep('alias.example.com', 'CNAME', ['www.example.com']),
  ep('chain1.example.com', 'CNAME', ['chain2.example.com']),
  ep('chain2.example.com', 'CNAME', ['www.example.com']),
  ep('ext.example.com', 'CNAME', ['target.example.net']),
  ep('dangling.example.com', 'CNAME', ['missing.example.com']),
  ep('txt.example.com', 'TXT', ['"heritage=external-dns,external-dns/owner=default"', 'v=spf1 -all']),
  ep('_sip._tcp.example.com', 'SRV', ['10 60 5060 sip.example.com']),
  ep('example.com', 'MX', ['10 mail.example.com']),
  ep('example.com', 'CAA', ['0 issue "letsencrypt.org"']),
  ep('a.b.deep.example.com', 'A', ['192.0.2.20']),
  ep('*.wild.example.com', 'A', ['192.0.2.30']),
  ep('existing.wild.example.com', 'A', ['192.0.2.31']),
  ep('e.sub.wild.example.com', 'A', ['192.0.2.32']),
  ep('child.example.com', 'NS', ['ns1.other.example.net']),
  weighted('w.example.com', 'heavy', '10.0.0.80', '80'),
  weighted('w.example.com', 'light', '10.0.0.20', '20'),
  weighted('zeros.example.com', 'one', '10.0.1.1', '0'),
  weighted('zeros.example.com', 'two', '10.0.1.2', '0'),
  weighted('mixed.example.com', 'on', '10.0.2.1', '5'),
  weighted('mixed.example.com', 'off', '10.0.2.2', '0'),
  ep('lat.example.com', 'A', ['10.0.3.2'], { setIdentifier: 'b-eu', providerSpecific: { 'aws/region': 'eu-west-1' } }),
  ep('lat.example.com', 'A', ['10.0.3.1'], { setIdentifier: 'a-us', providerSpecific: { 'aws/region': 'us-east-1' } }),
  ep('big.example.com', 'TXT', Array.from({ length: 20 }, (_, i) => `"${String(i).padStart(2, '0')}${'x'.repeat(198)}"`)),
];

type ErrnoError = Error & { code?: string };
const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return 'resolved';
  } catch (error) {
    return (error as ErrnoError).code;
  }
};

void describe('local DNS server', () => {
  let env: Running;
  before(async () => {
    env = await startLocal(['example.com']);
    const r = await env.provider.applyChanges(changes({ create: RECORDS }));
    assert.deepEqual(r.rejected, []);
  });
  after(async () => {
    await env.provider.close();
  });

  void it('answers A and AAAA queries from a real resolver', async () => {
    assert.deepEqual((await env.resolver.resolve4('www.example.com')).sort(), ['192.0.2.10', '192.0.2.11']);
    assert.deepEqual(await env.resolver.resolve6('www.example.com'), ['2001:db8::10']);
    const withTtl = await env.resolver.resolve4('www.example.com', { ttl: true });
    assert.deepEqual(withTtl.map((a) => a.ttl), [60, 60]);
  });

  void it('answers CNAME, TXT, SRV, MX, NS, SOA and CAA queries', async () => {
    assert.deepEqual(await env.resolver.resolveCname('alias.example.com'), ['www.example.com']);
    assert.deepEqual((await env.resolver.resolveTxt('txt.example.com')).sort(), [['heritage=external-dns,external-dns/owner=default'], ['v=spf1', '-all']]);
    const srv = await env.resolver.resolveSrv('_sip._tcp.example.com');
    assert.deepEqual(srv.map((r) => [r.name, r.port, r.priority, r.weight]), [['sip.example.com', 5060, 10, 60]]);
    assert.deepEqual((await env.resolver.resolveMx('example.com')).map((r) => [r.exchange, r.priority]), [['mail.example.com', 10]]);
    assert.deepEqual(await env.resolver.resolveNs('example.com'), ['localhost']);
    const soa = await env.resolver.resolveSoa('example.com');
    assert.equal(soa.nsname, 'localhost');
    assert.equal(soa.hostmaster, 'hostmaster.example.com');
    assert.ok(soa.serial >= 2, `serial ${soa.serial} counts the write`);
    assert.deepEqual((await env.resolver.resolveCaa('example.com')).map((r) => [r.critical, r.issue]), [[0, 'letsencrypt.org']]);
  });

  void it('chases CNAME chains inside the zone and includes the chain in the answer', async () => {
    assert.deepEqual((await env.resolver.resolve4('alias.example.com')).sort(), ['192.0.2.10', '192.0.2.11']);
    assert.deepEqual((await env.resolver.resolve4('chain1.example.com')).sort(), ['192.0.2.10', '192.0.2.11']);
    const reply = await udpExchange(env.port, dnsPacket.encode(query('chain1.example.com', 'A')));
    assert.deepEqual(
      reply?.answers?.map((a) => [a.name, a.type]),
      [
        ['chain1.example.com', 'CNAME'],
        ['chain2.example.com', 'CNAME'],
        ['www.example.com', 'A'],
        ['www.example.com', 'A'],
      ],
    );
    assert.equal(reply?.flag_aa, true);
  });

  void it('answers a CNAME leaving the zone with the CNAME alone, and a dangling one with NXDOMAIN', async () => {
    const ext = await udpExchange(env.port, dnsPacket.encode(query('ext.example.com', 'A')));
    assert.equal(ext && rcodeOf(ext), 0);
    assert.deepEqual(ext?.answers?.map((a) => a.type), ['CNAME']);
    const dangling = await udpExchange(env.port, dnsPacket.encode(query('dangling.example.com', 'A')));
    assert.equal(dangling && rcodeOf(dangling), 3);
    assert.deepEqual(dangling?.answers?.map((a) => a.type), ['CNAME']);
  });

  void it('answers NXDOMAIN with the SOA for a name that does not exist', async () => {
    assert.equal(await codeOf(env.resolver.resolve4('nothing.example.com')), 'ENOTFOUND');
    const reply = await udpExchange(env.port, dnsPacket.encode(query('nothing.example.com', 'A')));
    assert.equal(reply && rcodeOf(reply), 3);
    assert.equal(reply?.flag_aa, true);
    assert.deepEqual(reply?.authorities?.map((a) => [a.name, a.type]), [['example.com', 'SOA']]);
  });

  void it('answers NODATA for a name without the asked type', async () => {
    assert.equal(await codeOf(env.resolver.resolve6('txt.example.com')), 'ENODATA');
    assert.equal(await codeOf(env.resolver.resolveMx('www.example.com')), 'ENODATA');
    const reply = await udpExchange(env.port, dnsPacket.encode(query('www.example.com', 'MX')));
    assert.equal(reply && rcodeOf(reply), 0);
    assert.deepEqual(reply?.answers, []);
    assert.deepEqual(reply?.authorities?.map((a) => a.type), ['SOA']);
  });

  void it('treats a name with only deeper names as an empty non-terminal (NODATA, not NXDOMAIN)', async () => {
    assert.equal(await codeOf(env.resolver.resolve4('b.deep.example.com')), 'ENODATA');
    assert.equal(await codeOf(env.resolver.resolve4('deep.example.com')), 'ENODATA');
    assert.equal(await codeOf(env.resolver.resolve4('c.deep.example.com')), 'ENOTFOUND');
  });

  void it('synthesises wildcard answers for names that do not exist, and only for those', async () => {
    assert.deepEqual(await env.resolver.resolve4('anything.wild.example.com'), ['192.0.2.30']);
    assert.deepEqual(await env.resolver.resolve4('two.labels.wild.example.com'), ['192.0.2.30']);
    assert.deepEqual(await env.resolver.resolve4('existing.wild.example.com'), ['192.0.2.31']);
    assert.equal(await codeOf(env.resolver.resolve4('sub.wild.example.com')), 'ENODATA', 'an empty non-terminal blocks the wildcard');
    assert.equal(await codeOf(env.resolver.resolve6('anything.wild.example.com')), 'ENODATA');
    const reply = await udpExchange(env.port, dnsPacket.encode(query('Anything.wild.example.com', 'A')));
    assert.equal(reply?.answers?.[0]?.name, 'Anything.wild.example.com', 'the owner is the query name');
  });

  void it('refuses names outside its zones', async () => {
    assert.equal(await codeOf(env.resolver.resolve4('www.example.org')), 'EREFUSED');
  });

  void it('refers queries below a delegation to the child name servers', async () => {
    const reply = await udpExchange(env.port, dnsPacket.encode(query('host.child.example.com', 'A')));
    assert.equal(reply && rcodeOf(reply), 0);
    assert.equal(reply?.flag_aa, false);
    assert.deepEqual(reply?.authorities?.map((a) => [a.name, a.type, dataOf(a)]), [['child.example.com', 'NS', 'ns1.other.example.net']]);
  });

  void it('answers over TCP with length framing, several queries on one connection', async () => {
    const replies = await tcpExchange(env.port, [dnsPacket.encode(query('www.example.com', 'AAAA', 1)), dnsPacket.encode(query('nothing.example.com', 'A', 2))]);
    assert.deepEqual(replies.map((r) => [r.id, rcodeOf(r)]), [[1, 0], [2, 3]]);
    assert.deepEqual(replies[0]?.answers?.map(dataOf), ['2001:db8::10']);
  });

  void it('truncates a UDP answer that does not fit, and the resolver gets it over TCP', async () => {
    const reply = await udpExchange(env.port, dnsPacket.encode(query('big.example.com', 'TXT')));
    assert.equal(reply?.flag_tc, true);
    assert.deepEqual(reply?.answers, []);
    const txt = await env.resolver.resolveTxt('big.example.com');
    assert.equal(txt.length, 20);
  });

  void it('answers an 80/20 weighted pair in proportion to the weights', async () => {
    let heavy = 0;
    const total = 1000;
    const message = dnsPacket.encode(query('w.example.com', 'A'));
    for (let i = 0; i < total; i++) {
      const reply = await udpExchange(env.port, message);
      const answers = reply?.answers ?? [];
      assert.equal(answers.length, 1, 'one set per answer');
      if (dataOf(answers[0]) === '10.0.0.80') heavy++;
    }
    assert.ok(heavy >= 700 && heavy <= 900, `heavy set answered ${heavy} of ${total}`);
  });

  void it('spreads evenly when all weights are 0, and never answers a 0 weight next to non-zero ones', async () => {
    const seen = new Map<string, number>();
    for (const name of ['zeros.example.com', 'mixed.example.com']) {
      const message = dnsPacket.encode(query(name, 'A'));
      for (let i = 0; i < 200; i++) {
        const data = String(dataOf((await udpExchange(env.port, message))?.answers?.[0]));
        seen.set(data, (seen.get(data) ?? 0) + 1);
      }
    }
    assert.ok((seen.get('10.0.1.1') ?? 0) > 50 && (seen.get('10.0.1.2') ?? 0) > 50, JSON.stringify([...seen]));
    assert.equal(seen.get('10.0.2.1'), 200);
    assert.equal(seen.get('10.0.2.2'), undefined);
  });

  void it('answers other routing policies with the first set by set identifier', async () => {
    for (let i = 0; i < 20; i++) assert.deepEqual(await env.resolver.resolve4('lat.example.com'), ['10.0.3.1']);
  });

  void it('survives malformed packets: silence or FORMERR, then keeps answering', async () => {
    assert.equal(await udpExchange(env.port, Buffer.from([1, 2, 3, 4, 5]), 300), undefined);
    const garbage = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]), Buffer.from([0x3f, 0x41])]);
    const formerr = await udpExchange(env.port, garbage);
    assert.equal(formerr?.id, 0x1234);
    assert.equal(formerr && rcodeOf(formerr), 1);
    const noQuestion = Buffer.from([0, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const noQuestionReply = await udpExchange(env.port, noQuestion);
    assert.equal(noQuestionReply?.id, 7);
    assert.equal(noQuestionReply && rcodeOf(noQuestionReply), 1);
    const response = dnsPacket.encode({ ...query('www.example.com', 'A'), type: 'response' });
    assert.equal(await udpExchange(env.port, response, 300), undefined, 'never answers a response');
    await tcpExchange(env.port, [garbage]).then((replies) => {
      assert.equal(replies[0] && rcodeOf(replies[0]), 1);
    });
    assert.deepEqual((await env.resolver.resolve4('www.example.com')).sort(), ['192.0.2.10', '192.0.2.11']);
  });
});
