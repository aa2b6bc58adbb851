/**
 * The emulator's own control endpoints under `/_emulator/` (not part of the Route53 API and not
 * counted), so a test driving an out-of-process emulator can read counts and set faults:
 *   GET /_emulator/counts            counts as JSON; DELETE (or POST) resets them
 *   GET|POST|DELETE /_emulator/faults     read / replace (JSON FaultSettings) / clear fault injection
 *   POST|DELETE /_emulator/throttle       set (JSON ThrottleOptions) / turn off throttling
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Counts } from './counts.ts';
import type { Faults } from './faults.ts';
import type { ThrottleOptions } from './throttle.ts';

export interface AdminParts {
  readonly counts: Counts;
  readonly faults: Faults;
  readonly setThrottle: (options: ThrottleOptions | undefined) => void;
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Serves one `/_emulator/…` request; returns false when the path is not an admin path. */
export async function serveAdmin(parts: AdminParts, path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const reply = (status: number, value: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
  };
  const method = req.method ?? 'GET';
  try {
    if (path === '/_emulator/counts') {
      if (method === 'DELETE' || method === 'POST') parts.counts.reset();
      reply(200, parts.counts.snapshot());
    } else if (path === '/_emulator/faults') {
      if (method === 'DELETE') parts.faults.clear();
      if (method === 'POST') {
        const body = await jsonBody(req);
        if (!isObject(body)) throw new Error('the body must be a JSON object of fault settings');
        parts.faults.set(body);
      }
      reply(200, parts.faults.current);
    } else if (path === '/_emulator/throttle') {
      if (method === 'DELETE') parts.setThrottle(undefined);
      else if (method === 'POST') {
        const body = await jsonBody(req);
        if (!isObject(body) || typeof body.rate !== 'number' || typeof body.burst !== 'number') {
          throw new Error('the body must be a JSON object with numeric "rate" and "burst"');
        }
        parts.setThrottle(body as unknown as ThrottleOptions);
      } else throw new Error(`use POST or DELETE on ${path}`);
      reply(200, { ok: true });
    } else {
      return false;
    }
  } catch (error) {
    reply(400, { error: `${method} ${path}: ${error instanceof Error ? error.message : String(error)}` });
  }
  return true;
}
