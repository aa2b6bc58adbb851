import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { createZoneStore } from '../inmemory/zone-store.ts';
import { answerMessage } from './answer.ts';
import type { ServedZones } from './resolve.ts';
import { changes, ep, query } from './test-support.ts';
import { emptyZone } from './zone-file.ts';

const store = createZoneStore(['example.com']);
store.validateAndApply(changes({ create: [ep('www.example.com', 'A', ['192.0.2.1']), ep('*.example.com', 'TXT', ['"wild"'])] }));
const served: ServedZones = { zones: () => store.zones(), view: (z) => store.view(z), soa: () => emptyZone('example.com') };

void describe('answering one message', () => {
  void it('never throws on arbitrary bytes or mangled queries', () => {
    const valid = dnsPacket.encode(query('www.example.com', 'A'));
    const mangled = fc.tuple(fc.nat(valid.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => {
      const copy = Buffer.from(valid);
      copy.set(bytes.subarray(0, copy.length - at), at);
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), mangled), fc.constantFrom('udp' as const, 'tcp' as const), (message, transport) => {
        const reply = answerMessage(message, transport, served, () => 0.5);
        if (reply !== undefined) assert.ok(dnsPacket.decode(reply).type === 'response');
      }),
      { numRuns: 2000 },
    );
  });

  void it('echoes the question and id, sets AA, and keeps RD as asked', () => {
    const reply = dnsPacket.decode(answerMessage(dnsPacket.encode(query('WWW.example.com', 'A', 77)), 'udp', served) ?? Buffer.alloc(0));
    assert.equal(reply.id, 77);
    assert.equal(reply.flag_aa, true);
    assert.equal(reply.flag_rd, true);
    assert.deepEqual(reply.questions, [{ name: 'WWW.example.com', type: 'A', class: 'IN' }]);
  });

  void it('answers NOTIMP to opcodes other than QUERY', () => {
    const update = dnsPacket.encode(query('www.example.com', 'A'));
    update.writeUInt16BE(update.readUInt16BE(2) | (5 << 11), 2);
    const reply = dnsPacket.decode(answerMessage(update, 'udp', served) ?? Buffer.alloc(0));
    assert.equal((reply.flags ?? 0) & 0xf, 4);
  });

  void it('echoes EDNS and allows larger UDP answers when the client advertises them', () => {
    const message = dnsPacket.encode({ ...query('www.example.com', 'A'), additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });
    const reply = dnsPacket.decode(answerMessage(message, 'udp', served) ?? Buffer.alloc(0));
    assert.deepEqual(reply.additionals?.map((a) => a.type), ['OPT']);
  });
});
