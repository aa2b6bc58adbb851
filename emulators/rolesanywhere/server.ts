/**
 * IAM Roles Anywhere emulator: a loopback HTTP server implementing POST /sessions
 * (CreateSession). Every request is verified independently (see verify.ts) and refused with a
 * 403 AccessDeniedException saying why; accepted requests get fresh temporary credentials.
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { verifyCreateSession } from './verify.ts';

export interface RolesAnywhereEmulatorOptions {
  /** PEM CA certificates acting as trust anchors (a PEM may hold several). */
  readonly trustAnchorPems: readonly string[];
  /** Lifetime of vended credentials; defaults to the request's durationSeconds (or 3600). */
  readonly credentialLifetimeSeconds?: number;
  readonly clockSkewSeconds?: number;
  readonly now?: () => Date;
}

export interface SessionRecord {
  readonly serial: string;
  readonly accessKeyId: string;
  readonly durationSeconds: number | undefined;
  readonly roleSessionName: string | undefined;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly trustAnchorArn: string;
}

export interface RolesAnywhereEmulator {
  readonly url: string;
  close(): Promise<void>;
  readonly sessionsCreated: number;
  /** Decimal serial of the certificate behind the last accepted session. */
  readonly lastSerial: string | undefined;
  readonly sessions: readonly SessionRecord[];
  /** Refusal messages, in order. */
  readonly refusals: readonly string[];
  /** While set, every request gets this HTTP status (an outage); undefined restores service. */
  setOutage(status: number | undefined): void;
}

const MAX_BODY = 64 * 1024;

function splitPems(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  };
  if (errorType !== undefined) headers['X-Amzn-ErrorType'] = errorType;
  res.writeHead(status, headers).end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function token(alphabet: string, length: number): string {
  let out = '';
  for (const b of randomBytes(length)) out += alphabet.charAt(b % alphabet.length);
  return out;
}
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface SessionBody {
  durationSeconds?: number;
  roleSessionName?: string;
}

function parseSessionBody(body: Buffer): SessionBody | string {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'request body is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'request body must be a JSON object';
  const { durationSeconds, roleSessionName } = parsed as Record<string, unknown>;
  if (durationSeconds !== undefined) {
    const valid = typeof durationSeconds === 'number' && Number.isInteger(durationSeconds);
    if (!valid || durationSeconds < 900 || durationSeconds > 43200) {
      return `durationSeconds must be an integer between 900 and 43200, got ${JSON.stringify(durationSeconds)}`;
    }
  }
  if (roleSessionName !== undefined && typeof roleSessionName !== 'string') return 'roleSessionName must be a string';
  return { durationSeconds, roleSessionName };
}

export async function startRolesAnywhereEmulator(
  options: RolesAnywhereEmulatorOptions,
): Promise<RolesAnywhereEmulator> {
  const anchors = options.trustAnchorPems.flatMap(splitPems);
  if (anchors.length === 0) throw new Error('startRolesAnywhereEmulator: trustAnchorPems holds no certificate');
  const now = options.now ?? (() => new Date());
  const skew = options.clockSkewSeconds ?? 300;
  const sessions: SessionRecord[] = [];
  const refusals: string[] = [];
  let outage: number | undefined;

  const deny = (res: ServerResponse, message: string): void => {
    refusals.push(message);
    sendJson(res, 403, { message }, 'AccessDeniedException');
  };
  const invalid = (res: ServerResponse, message: string): void => {
    refusals.push(message);
    sendJson(res, 400, { message }, 'ValidationException');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (outage !== undefined) {
      sendJson(res, outage, { message: 'Service unavailable (emulated outage)' }, 'ServiceUnavailableException');
      return;
    }
    const target = req.url ?? '/';
    const url = new URL(target, 'http://emulator.invalid');
    if (req.method !== 'POST' || url.pathname !== '/sessions') {
      sendJson(res, 404, { message: `No route for ${String(req.method)} ${url.pathname}` }, 'ResourceNotFoundException');
      return;
    }
    if (body === undefined) { invalid(res, 'request body too large'); return; }
    const arns = ['profileArn', 'roleArn', 'trustAnchorArn'].map((n) => url.searchParams.get(n) ?? '');
    const [profileArn = '', roleArn = '', trustAnchorArn = ''] = arns;
    const missing = ['profileArn', 'roleArn', 'trustAnchorArn'].filter((_, i) => arns[i] === '');
    if (missing.length > 0) { invalid(res, `missing required parameter(s): ${missing.join(', ')}`); return; }
    const region = /^arn:aws[\w-]*:rolesanywhere:([a-z0-9-]+):/.exec(trustAnchorArn)?.[1];
    if (region === undefined) { invalid(res, `trustAnchorArn "${trustAnchorArn}" is not a trust anchor ARN`); return; }

    const verdict = verifyCreateSession(
      { method: req.method, target, rawHeaders: req.rawHeaders, body },
      { trustAnchors: anchors, now: now(), clockSkewSeconds: skew, region },
    );
    if (!verdict.ok) { deny(res, verdict.reason); return; }
    const session = parseSessionBody(body);
    if (typeof session === 'string') { invalid(res, session); return; }

    const lifetime = options.credentialLifetimeSeconds ?? session.durationSeconds ?? 3600;
    const expiration = new Date(now().getTime() + lifetime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const accessKeyId = `ASIA${token(UPPER_ALNUM, 16)}`;
    const account = /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? '000000000000';
    const roleName = roleArn.split('/').pop() ?? 'role';
    sessions.push({
      serial: verdict.serial,
      accessKeyId,
      durationSeconds: session.durationSeconds,
      roleSessionName: session.roleSessionName,
      profileArn,
      roleArn,
      trustAnchorArn,
    });
    sendJson(res, 201, {
      credentialSet: [
        {
          assumedRoleUser: {
            arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session.roleSessionName ?? verdict.serial}`,
            assumedRoleId: `AROA${token(UPPER_ALNUM, 17)}:${verdict.serial}`,
          },
          credentials: {
            accessKeyId,
            secretAccessKey: token(MIXED, 40),
            sessionToken: `IQoJb3JpZ2luX2Vj${token(MIXED, 300)}`,
            expiration,
          },
          packedPolicySize: 0,
          roleArn,
          sourceIdentity: verdict.certificate.subject.replace(/\n/g, ','),
        },
      ],
      subjectArn: `arn:aws:rolesanywhere:${region}:${account}:subject/${token('0123456789abcdef', 32)}`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendJson(res, 500, { message: `emulator error: ${String(err)}` }, 'InternalServerException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
    get sessionsCreated() {
      return sessions.length;
    },
    get lastSerial() {
      return sessions.at(-1)?.serial;
    },
    sessions,
    refusals,
    setOutage: (status) => {
      outage = status;
    },
  };
}
