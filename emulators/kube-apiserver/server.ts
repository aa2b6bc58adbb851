// The HTTP edge: a loopback server on a random port that authenticates a bearer token, applies the
// fault switches, routes to discovery or resource handlers, and writes Status errors. Composition root.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { crdHooks } from './crd.ts';
import { coreVersions, group, groupList, resourceList } from './discovery.ts';
import { ApiError, badRequest, qualified, statusBody } from './errors.ts';
import { createFaults, FaultState } from './faults.ts';
import type { KubeFaults } from './faults.ts';
import { createStoreHandle } from './handle.ts';
import type { KubeStoreHandle } from './handle.ts';
import { handleResource, verbOf } from './handlers.ts';
import { BUILTIN_RESOURCES, ResourceRegistry } from './registry.ts';
import type { ResourceSpec } from './registry.ts';
import { route } from './routes.ts';
import type { Route } from './routes.ts';
import { ObjectStore } from './store.ts';
import { WatchHub, writeJson } from './watch.ts';
import type { ExpiredMode } from './watch.ts';

export interface KubeApiServerOptions {
  /** Bearer token clients must send (default 'zonekeeper-test-token'). */
  readonly token?: string;
  /** Watch events kept per resource for replay (default 1000). */
  readonly historySize?: number;
  /** Interval between BOOKMARK events on watches that ask for them (default 1000 ms). */
  readonly bookmarkIntervalMs?: number;
  readonly expiredMode?: ExpiredMode;
  /** Server-side end of watches that set no timeoutSeconds (real servers pick 30–60 min). Default: never. */
  readonly watchTimeoutSeconds?: number;
  /** Extra resources served besides the built-in set. */
  readonly resources?: readonly ResourceSpec[];
  /** Namespace of the kubeconfig context (default 'default'). */
  readonly namespace?: string;
}

export interface KubeApiServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** A client-node KubeConfig for this server (token user, skipTLSVerify so http:// is accepted). */
  kubeConfig(): KubeConfig;
  /** The same configuration as kubeconfig YAML, for code that loads a file or string. */
  kubeConfigYaml(): string;
  readonly store: KubeStoreHandle;
  readonly faults: KubeFaults;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'BadRequest', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const token = options.token ?? 'zonekeeper-test-token';
  const registry = new ResourceRegistry([...BUILTIN_RESOURCES, ...(options.resources ?? [])]);
  const store = new ObjectStore({ historySize: options.historySize ?? 1000, hooks: [crdHooks(registry)] });
  const hub = new WatchHub(store);
  const state = new FaultState();
  state.expiredMode = options.expiredMode ?? 'error-event';
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;

  const discovery = (target: Extract<Route, { kind: 'discovery' }>): unknown => {
    if (target.group === undefined) return groupList(registry);
    if (target.version === undefined) return group(registry, target.group);
    return resourceList(registry, target.group, target.version);
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const target = route(url.pathname);
    const method = request.method ?? 'GET';
    const resourceVerb = target.kind === 'resource' ? verbOf({ method, path: target.path, query: url.searchParams }) : undefined;
    state.count(
      resourceVerb ?? method.toLowerCase(),
      target.kind === 'resource' ? qualified(target.path.plural, target.path.group) : url.pathname,
    );
    const body = await readBody(request);
    if (state.latencyMs > 0) await sleep(state.latencyMs);
    if (request.headers.authorization !== `Bearer ${token}`) {
      writeJson(response, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    switch (target.kind) {
      case 'health':
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      case 'version':
        writeJson(response, 200, { major: '1', minor: '34', gitVersion: 'v1.34.0-zonekeeper-emulator', platform: 'linux/amd64' });
        return;
      case 'core-versions':
        writeJson(response, 200, coreVersions());
        return;
      case 'discovery': {
        const document = discovery(target);
        if (document === undefined) {
          throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
        }
        writeJson(response, 200, document);
        return;
      }
      case 'unknown':
        throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
      case 'resource': {
        if (resourceVerb === 'watch') {
          const failure = state.takeWatchFailure();
          if (failure !== undefined) throw new ApiError(failure, 'InternalError', `injected watch failure (HTTP ${failure})`);
        }
        const outcome = handleResource(registry, store, {
          method,
          path: target.path,
          query: url.searchParams,
          contentType: request.headers['content-type'] ?? 'application/json',
          body,
        });
        if ('watch' in outcome) {
          const timeoutSeconds = outcome.watch.timeoutSeconds ?? options.watchTimeoutSeconds;
          hub.serve({ ...outcome.watch, timeoutSeconds }, response, { bookmarkIntervalMs, expiredMode: state.expiredMode });
        }
        else writeJson(response, outcome.code, outcome.body);
        return;
      }
    }
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof ApiError) writeJson(response, error.code, error.toStatus());
      else if (error instanceof TypeError) writeJson(response, 400, statusBody(400, 'BadRequest', error.message));
      else writeJson(response, 500, statusBody(500, 'InternalError', error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const contextNamespace = options.namespace ?? 'default';
  const config = {
    clusters: [{ name: 'emulator', server: url, skipTLSVerify: true }],
    users: [{ name: 'emulator', token }],
    contexts: [{ name: 'emulator', cluster: 'emulator', user: 'emulator', namespace: contextNamespace }],
    currentContext: 'emulator',
  };

  return {
    url,
    kubeConfig: () => {
      const kc = new KubeConfig();
      kc.loadFromOptions(config);
      return kc;
    },
    kubeConfigYaml: () =>
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'emulator',
        clusters: [{ name: 'emulator', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'emulator', user: { token } }],
        contexts: [{ name: 'emulator', context: { cluster: 'emulator', user: 'emulator', namespace: contextNamespace } }],
      }),
    store: createStoreHandle(registry, store),
    faults: createFaults(state, hub, store),
    close: async () => {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => {
        resolve();
      }));
    },
  };
}
