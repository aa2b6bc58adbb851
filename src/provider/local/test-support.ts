/**
 * Test support for the local provider: a provider on a fresh temp directory with its DNS server
 * on a free loopback port, a real resolver pointed at it, and raw UDP/TCP queries.
 * @module
 */
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type RecordType as PacketType } from 'dns-packet';
import { createEndpoint, type EndpointInit, type RecordType } from '../../endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../plan/changes.ts';
import { createLocalProvider, type LocalProvider } from './local.ts';

export const ep = (dnsName: string, recordType: RecordType, targets: string[], extra: Partial<EndpointInit> = {}) =>
  createEndpoint({ dnsName, recordType, targets, ...extra });

export const changes = (c: Partial<Changes>): Changes => ({ ...NO_CHANGES, ...c });

export type Running = { provider: LocalProvider; dir: string; port: number; resolver: Resolver };

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'zonekeeper-local-'));
}

export async function startLocal(zones: string[], options: { dir?: string; random?: () => number } = {}): Promise<Running> {
  const dir = options.dir ?? (await tempDir());
  const provider = createLocalProvider({ zoneDir: dir, zones, dnsListen: { host: '127.0.0.1', port: 0 }, random: options.random });
  const { port } = await provider.start();
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return { provider, dir, port, resolver };
}

export function query(name: string, type: PacketType, id = 4242): Packet {
  return { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] };
}

/** Sends raw bytes over UDP; resolves to the decoded reply, or undefined after `waitMs` of silence. */
export function udpExchange(port: number, message: Buffer, waitMs = 1000): Promise<DecodedPacket | undefined> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, waitMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(reply));
    });
    socket.send(message, port, '127.0.0.1');
  });
}

/** Sends several length-framed messages on one TCP connection and decodes as many replies. */
export function tcpExchange(port: number, messages: Buffer[]): Promise<DecodedPacket[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const replies: DecodedPacket[] = [];
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`TCP: ${replies.length} of ${messages.length} replies within 2 s`));
    }, 2000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('connect', () => {
      for (const m of messages) {
        const framed = Buffer.alloc(2 + m.length);
        framed.writeUInt16BE(m.length, 0);
        m.copy(framed, 2);
        socket.write(framed);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        replies.push(dnsPacket.decode(pending.subarray(2, 2 + length)));
        pending = pending.subarray(2 + length);
      }
      if (replies.length === messages.length) {
        clearTimeout(timer);
        socket.end();
        resolve(replies);
      }
    });
  });
}

export function rcodeOf(p: DecodedPacket): number {
  return (p.flags ?? 0) & 0xf;
}

/** The data of a resource record (OPT records have none). */
export function dataOf(a: Answer | undefined): unknown {
  return a !== undefined && 'data' in a ? a.data : undefined;
}
