/**
 * The DNS server of the local provider: UDP (dgram) and TCP (net, 2-byte length framing) on the
 * same address, default 127.0.0.1:1053. Port 0 picks a free port (the same one for both).
 * All the DNS logic lives in answer.ts/resolve.ts; this file only moves bytes.
 * @module
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { answerMessage } from './answer.ts';
import type { ServedZones } from './resolve.ts';

export type DnsListen = Readonly<{ host: string; port: number }>;
export const DEFAULT_DNS_LISTEN: DnsListen = { host: '127.0.0.1', port: 1053 };

/** The subset of a pino logger we use. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface DnsServer {
  /** Binds UDP and TCP; resolves to the bound address. */
  start(): Promise<DnsListen>;
  close(): Promise<void>;
  /** The bound address while running. */
  address(): DnsListen | undefined;
}

export type DnsServerOptions = Readonly<{ listen: DnsListen; served: ServedZones; logger?: Logger; random?: () => number }>;

const TCP_IDLE_MS = 10_000;
const BIND_ATTEMPTS = 5;

export function createDnsServer(options: DnsServerOptions): DnsServer {
  const { served, logger } = options;
  const random = options.random ?? Math.random;
  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  let bound: DnsListen | undefined;
  const connections = new Set<net.Socket>();

  const respond = (message: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined => {
    try {
      return answerMessage(message, transport, served, random);
    } catch (error) {
      logger?.warn({ err: error, transport }, 'DNS query could not be answered');
      return undefined;
    }
  };

  function onConnection(socket: net.Socket): void {
    connections.add(socket);
    socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const reply = respond(message, 'tcp');
        if (reply === undefined) continue;
        const framed = Buffer.alloc(2 + reply.length);
        framed.writeUInt16BE(reply.length, 0);
        reply.copy(framed, 2);
        socket.write(framed);
      }
    });
  }

  async function bindOnce(port: number): Promise<DnsListen> {
    const family = net.isIPv6(options.listen.host) ? 'udp6' : 'udp4';
    const socket = dgram.createSocket(family);
    socket.on('message', (message, remote) => {
      const reply = respond(message, 'udp');
      if (reply !== undefined) socket.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, options.listen.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => logger?.warn({ err: error }, 'DNS UDP socket error'));
    const udpPort = socket.address().port;
    const server = net.createServer(onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(udpPort, options.listen.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      socket.close();
      throw error;
    }
    server.on('error', (error) => logger?.warn({ err: error }, 'DNS TCP server error'));
    udp = socket;
    tcp = server;
    return { host: options.listen.host, port: udpPort };
  }

  return {
    async start() {
      if (bound !== undefined) return bound;
      for (let attempt = 1; ; attempt++) {
        try {
          bound = await bindOnce(options.listen.port);
          logger?.info({ host: bound.host, port: bound.port }, 'DNS server listening on UDP and TCP');
          return bound;
        } catch (error) {
          // With port 0 the free UDP port may be taken for TCP: pick another. A fixed port is the user's to fix.
          const retry = options.listen.port === 0 && attempt < BIND_ATTEMPTS && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
          if (!retry) {
            throw new Error(`DNS server cannot listen on ${options.listen.host}:${options.listen.port}: ${(error as Error).message}; choose another --dns-listen address`, {
              cause: error,
            });
          }
        }
      }
    },
    async close() {
      const socket = udp;
      const server = tcp;
      udp = undefined;
      tcp = undefined;
      bound = undefined;
      for (const c of connections) c.destroy();
      await Promise.all([
        socket === undefined ? undefined : new Promise<void>((resolve) => socket.close(() => { resolve(); })),
        server === undefined ? undefined : new Promise<void>((resolve) => server.close(() => { resolve(); })),
      ]);
    },
    address: () => bound,
  };
}
