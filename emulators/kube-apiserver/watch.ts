// Watch streams: newline-delimited JSON events over a chunked 200 response. Replays history after the
// requested resourceVersion (or synthesizes ADDED for the current state), follows live commits, sends
// bookmarks when asked, ends at timeoutSeconds, and answers a compacted resourceVersion with 410.

import type { ServerResponse } from 'node:http';
import { statusBody } from './errors.ts';
import type { KubeObject } from './object.ts';
import { apiVersionOf } from './registry.ts';
import type { ResourceType } from './registry.ts';
import type { Selector } from './selectors.ts';
import type { ObjectStore, StoreEvent } from './store.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** How a too-old resourceVersion is refused: 200 + ERROR event (what apiservers do) or a plain HTTP 410. */
export type ExpiredMode = 'error-event' | 'http';

export interface WatchRequest {
  readonly type: ResourceType;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly selector: Selector;
  readonly resourceVersion: string | undefined;
  readonly allowBookmarks: boolean;
  readonly timeoutSeconds: number | undefined;
}

export interface WatchSettings {
  readonly bookmarkIntervalMs: number;
  readonly expiredMode: ExpiredMode;
}

interface OpenWatch {
  readonly response: ServerResponse;
  readonly stop: () => void;
}

/** Tracks every open watch so tests can end them, reset them and prove none leak. */
export class WatchHub {
  readonly #open = new Set<OpenWatch>();
  readonly #store: ObjectStore;

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** Ends every watch the way a server-side timeout does: a clean end of the chunked body. */
  closeAll(): number {
    const all = [...this.#open];
    for (const watch of all) {
      watch.stop();
      watch.response.end();
    }
    return all.length;
  }

  /** Resets every watch connection (TCP RST): clients see ECONNRESET / a terminated body. */
  resetAll(): number {
    const all = [...this.#open];
    for (const watch of all) {
      watch.stop();
      const socket = watch.response.socket;
      if (socket !== null) socket.resetAndDestroy();
      else watch.response.destroy();
    }
    return all.length;
  }

  serve(request: WatchRequest, response: ServerResponse, settings: WatchSettings): void {
    const store = this.#store;
    const { type } = request;
    const apiVersion = apiVersionOf(type.group, request.version);
    const present = (obj: KubeObject): KubeObject => ({ ...obj, apiVersion });
    const inScope = (obj: KubeObject | undefined): obj is KubeObject =>
      obj !== undefined &&
      (request.namespace === undefined || obj.metadata.namespace === request.namespace) &&
      request.selector(obj);

    const rvText = request.resourceVersion ?? '';
    const fromState = rvText === '' || rvText === '0';
    const since = fromState ? 0 : Number(rvText);
    if (!Number.isSafeInteger(since) || since < 0) {
      // As the apiserver does: a resourceVersion that is no number is a bad request, not a silent empty watch.
      writeJson(response, 400, statusBody(400, 'BadRequest', `invalid resource version: ${JSON.stringify(rvText)}`));
      return;
    }
    const history = fromState ? [] : store.eventsSince(type, since);
    if (history === 'expired') {
      const message = `too old resource version: ${rvText} (${store.currentResourceVersion()})`;
      if (settings.expiredMode === 'http') {
        writeJson(response, 410, statusBody(410, 'Expired', message));
        return;
      }
      startStream(response);
      writeEvent(response, 'ERROR', statusBody(410, 'Expired', message));
      response.end();
      return;
    }

    startStream(response);
    const send = (eventType: WatchEventType, obj: KubeObject): void => {
      writeEvent(response, eventType, present(obj));
    };
    const deliver = (event: StoreEvent): void => {
      const wasIn = inScope(event.previous);
      const isIn = inScope(event.object);
      if (event.type === 'DELETED') {
        if (wasIn) send('DELETED', event.object);
      } else if (isIn) {
        send(wasIn || event.type === 'ADDED' ? event.type : 'ADDED', event.object);
      } else if (wasIn) {
        // Left the selector's view: the watcher must forget it.
        send('DELETED', event.object);
      }
    };

    if (fromState) {
      for (const obj of store.list(type, { namespace: request.namespace, selector: request.selector }).items) {
        send('ADDED', obj);
      }
    } else {
      for (const event of history) deliver(event);
    }
    const unsubscribe = store.subscribe(type, deliver);

    const timers: NodeJS.Timeout[] = [];
    if (request.allowBookmarks && settings.bookmarkIntervalMs > 0) {
      timers.push(
        setInterval(() => {
          writeEvent(response, 'BOOKMARK', {
            kind: type.kind,
            apiVersion,
            metadata: { resourceVersion: store.currentResourceVersion() },
          });
        }, settings.bookmarkIntervalMs),
      );
    }
    if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
      timers.push(setTimeout(() => response.end(), request.timeoutSeconds * 1000));
    }

    const open: OpenWatch = {
      response,
      stop: () => {
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
        this.#open.delete(open);
      },
    };
    this.#open.add(open);
    response.on('close', open.stop);
  }
}

function startStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  // Send the headers now: clients treat the watch as established once the status line arrives.
  response.flushHeaders();
}

function writeEvent(response: ServerResponse, type: WatchEventType, object: unknown): void {
  if (!response.writableEnded && !response.destroyed) response.write(`${JSON.stringify({ type, object })}\n`);
}

export function writeJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
