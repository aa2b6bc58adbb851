/**
 * One CreateSession call: sign, POST, and turn the answer into credentials or a clear error that
 * quotes the service's message and names the ARNs involved.
 * @module
 */
import { signRequest } from './signer.ts';
import type { SigningIdentity } from './signer.ts';
import type { ResolvedSession } from './config.ts';
import { RolesAnywhereError, describeError } from './errors.ts';

/** The subset of `fetch` used; injectable for tests. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface CreateSessionInput {
  readonly session: ResolvedSession;
  readonly identity: SigningIdentity;
  readonly now: Date;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

const HINTS: Readonly<Record<string, string>> = {
  AccessDeniedException:
    "check that the certificate chains to the trust anchor's CA and is in date, that the trust " +
    'anchor and profile are enabled, and that the role trusts rolesanywhere.amazonaws.com',
  ResourceNotFoundException: 'check that the trust anchor, profile and role exist in this account and region',
  ValidationException: 'check the ARNs, session duration and role session name',
};

function context(input: CreateSessionInput): string {
  const { arns } = input.session;
  return `trust anchor ${arns.trustAnchor}, profile ${arns.profile}, role ${arns.role}`;
}

export async function createSession(input: CreateSessionInput): Promise<SessionCredentials> {
  const { session } = input;
  const signed = signRequest(
    { method: 'POST', host: session.endpoint.host, path: session.path, query: session.query, body: session.body },
    input.identity,
    { region: session.region, service: 'rolesanywhere', date: input.now },
  );
  const headers: Record<string, string> = {};
  // fetch sets Host from the URL itself; the signed value is that same `url.host`.
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'Host') headers[name] = value;
  const url = `${session.endpoint.origin}${session.path}?${signed.queryString}`;

  let response: Awaited<ReturnType<FetchLike>>;
  let text: string;
  try {
    response = await input.fetch(url, {
      method: 'POST',
      headers,
      body: session.body,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw new RolesAnywhereError(
      'NetworkError',
      `Roles Anywhere CreateSession at ${session.endpoint.origin} failed before an answer arrived (${describeError(err)}) for ${context(input)}`,
      { cause: err },
    );
  }
  if (response.status !== 201 && response.status !== 200) throw serviceError(input, response, text);
  return parseCredentials(text, input);
}

function serviceError(
  input: CreateSessionInput,
  response: { status: number; headers: { get(name: string): string | null } },
  text: string,
): RolesAnywhereError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy page, say): the raw text is quoted below instead.
  }
  const header = response.headers.get('x-amzn-errortype');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const rawType = header ?? str(body.__type) ?? str(body.code) ?? '';
  const type = rawType.split(':')[0]?.split('#').pop() ?? '';
  const rawMessage = str(body.message) ?? str(body.Message) ?? text;
  // An answer with an unexpected status may still carry a credential set: never quote secrets.
  const quotable = !/secretAccessKey|sessionToken/i.test(rawMessage);
  const message = quotable ? rawMessage.replace(/\s+/g, ' ').trim().slice(0, 500) : '(answer not shown: it carries credentials)';
  const hint = HINTS[type];
  const what = type === '' ? `HTTP ${response.status}` : `HTTP ${response.status} ${type}`;
  return new RolesAnywhereError(
    'ServiceError',
    `Roles Anywhere CreateSession refused (${what}): "${message}" for ${context(input)}` +
      (hint === undefined ? '' : `; ${hint}`),
    { status: response.status, ...(type === '' ? {} : { serviceErrorType: type }) },
  );
}

function parseCredentials(text: string, input: CreateSessionInput): SessionCredentials {
  const fail = (why: string): RolesAnywhereError =>
    new RolesAnywhereError('BadResponse', `Roles Anywhere CreateSession answer ${why} for ${context(input)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail('is not JSON');
  }
  const set = (parsed as { credentialSet?: unknown } | null)?.credentialSet;
  if (!Array.isArray(set) || set.length === 0) throw fail('has an empty credentialSet');
  const creds = (set[0] as { credentials?: Record<string, unknown> } | null)?.credentials;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = creds ?? {};
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string') {
    throw fail('lacks accessKeyId, secretAccessKey or sessionToken in credentialSet[0].credentials');
  }
  const expires = typeof expiration === 'string' ? new Date(expiration) : new Date(Number.NaN);
  if (Number.isNaN(expires.getTime())) {
    throw fail(`has an expiration that is not an RFC 3339 time (${JSON.stringify(expiration)})`);
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration: expires };
}
