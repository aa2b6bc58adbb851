/**
 * One DNS message in, one out: decodes a query, resolves it, encodes the response (truncating
 * for UDP when it does not fit). Malformed input never throws: FORMERR when a header can be read,
 * silence otherwise.
 * @module
 */
import dnsPacket, { type Answer, type Packet } from 'dns-packet';
import { resolve, type Resolution, type ServedZones } from './resolve.ts';

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const HEADER_OCTETS = 12;
const CLASSIC_UDP_LIMIT = 512;
const OUR_UDP_LIMIT = 1232;

export type Transport = 'udp' | 'tcp';

/** The response to `message`, or undefined to stay silent (not a query, or not even a header). */
export function answerMessage(message: Buffer, transport: Transport, served: ServedZones, random: () => number = Math.random): Buffer | undefined {
  if (message.length < HEADER_OCTETS) return undefined;
  const id = message.readUInt16BE(0);
  const flags = message.readUInt16BE(2);
  if ((flags & 0x8000) !== 0) return undefined; // a response: never answer, to avoid loops
  const rd = flags & dnsPacket.RECURSION_DESIRED;
  const bare = (rcode: number) => header(id, rd | rcode);
  if (((flags >> 11) & 0xf) !== 0) return bare(RCODE.NOTIMP);
  let query: Packet;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return bare(RCODE.FORMERR);
  }
  const question = query.questions?.[0];
  if (question === undefined || query.questions?.length !== 1) return bare(RCODE.FORMERR);
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  const limit = transport === 'tcp' ? 0xffff : opt === undefined ? CLASSIC_UDP_LIMIT : Math.max(CLASSIC_UDP_LIMIT, Math.min(opt.udpPayloadSize, OUR_UDP_LIMIT));
  const additionals: Answer[] = opt === undefined ? [] : [{ type: 'OPT', name: '.', udpPayloadSize: OUR_UDP_LIMIT, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }];
  const klass = question.class ?? 'IN';
  const result: Resolution =
    klass === 'IN' || klass === 'ANY'
      ? resolve(question.name, question.type, served, random)
      : { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };
  const responseFlags = rd | RCODE[result.rcode] | (result.authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0);
  const response: Packet = { type: 'response', id, flags: responseFlags, questions: [question], answers: result.answers, authorities: result.authorities, additionals };
  try {
    const encoded = dnsPacket.encode(response);
    if (encoded.length <= limit) return encoded;
    return dnsPacket.encode({ ...response, flags: responseFlags | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
  } catch {
    return dnsPacket.encode({ type: 'response', id, flags: rd | RCODE.SERVFAIL, questions: [question] });
  }
}

function header(id: number, flags: number): Buffer {
  const out = Buffer.alloc(HEADER_OCTETS);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(0x8000 | flags, 2);
  return out;
}
