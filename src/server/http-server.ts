/**
 * The operations HTTP endpoint on --metrics-address (ExternalDNS's default :7979): `/healthz`
 * (liveness: 200 while the control loop is alive), `/readyz` (200 once caches are synced and the first
 * reconcile succeeded, else 503 with the reason), `/metrics` (Prometheus text from the registry passed
 * in). GET and HEAD only; nothing here changes state.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';

export type Check = Readonly<{ ok: true } | { ok: false; reason: string }>;

export type HealthChecks = Readonly<{
  /** Liveness; failing it makes the kubelet restart the container, so only a stuck loop should fail it. */
  alive: () => Check;
  ready: () => Check;
}>;

export type HttpServerOptions = Readonly<{
  /**
   * `:7979`, `0.0.0.0:7979`, `127.0.0.1:0`, `[::1]:7979`, or the parsed `{ host, port }` of --metrics-address.
   * An empty host listens on every interface.
   */
  address: string | Readonly<{ host: string; port: number }>;
  registry: Registry;
  health: HealthChecks;
  logger: Logger;
}>;

export type HttpServer = Readonly<{
  /** The bound port (useful with port 0). */
  port: number;
  /** `http://host:port` for local clients. */
  url: string;
  close: () => Promise<void>;
}>;

/** Splits `host:port`; the error names the flag and the value. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || !Number.isInteger(port) || port > 65_535) {
    throw new Error(`--metrics-address="${address}": expected host:port or :port (e.g. ":7979", "127.0.0.1:7979", "[::1]:7979")`);
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { host, port } = typeof options.address === 'string' ? parseListenAddress(options.address) : options.address;
  const shown = typeof options.address === 'string' ? options.address : `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const { registry, health, logger } = options;

  const text = (response: ServerResponse, code: number, body: string, head: boolean): void => {
    response.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end(head ? undefined : body);
  };
  const check = (response: ServerResponse, result: Check, head: boolean): void => {
    if (result.ok) text(response, 200, 'ok\n', head);
    else text(response, 503, `${result.reason}\n`, head);
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      text(response, 405, `${method} is not allowed; use GET\n`, false);
      return;
    }
    const head = method === 'HEAD';
    switch (path) {
      case '/healthz':
        check(response, health.alive(), head);
        return;
      case '/readyz':
        check(response, health.ready(), head);
        return;
      case '/metrics': {
        const body = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(head ? undefined : body);
        return;
      }
      default:
        text(response, 404, `not found: ${path} (try /healthz, /readyz, /metrics)\n`, head);
    }
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      logger.error({ err: error, path: request.url }, 'Operations endpoint failed to answer');
      if (!response.headersSent) text(response, 500, 'internal error\n', false);
      else response.destroy();
    });
  });
  // A scrape must never pin the process: idle keep-alive connections close quickly.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      reject(new Error(`--metrics-address="${shown}": cannot listen: ${error.message}`, { cause: error }));
    });
    if (host === '') server.listen(port, resolve);
    else server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  logger.info({ address: shown, port: bound }, 'Serving /healthz, /readyz and /metrics');
  return {
    port: bound,
    url: `http://${urlHost}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
