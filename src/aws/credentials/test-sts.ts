/**
 * Test support (not used in production): a loopback STS answering the three query-protocol calls
 * zonekeeper's credential paths make (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity),
 * recording who signed each call. Identities follow the keys: a key this STS issued belongs to the
 * role it was issued for; other keys are looked up through `identityOf` (e.g. Roles Anywhere keys).
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface StsCall {
  readonly action: string;
  /** Access key id from the SigV4 Authorization header (undefined for unsigned calls). */
  readonly signedWith: string | undefined;
  readonly params: Readonly<Record<string, string>>;
}

export interface IssuedKey {
  readonly accessKeyId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly expiration: Date;
}

export interface LoopbackSts {
  readonly url: string;
  readonly calls: readonly StsCall[];
  readonly issued: readonly IssuedKey[];
  /** While set, every AssumeRole is refused with AccessDenied (e.g. a trust policy mismatch). */
  denyAssumeRole(message: string | undefined): void;
  close(): Promise<void>;
}

export interface LoopbackStsOptions {
  /** Identity ARN of a key this STS did not issue; undefined answers InvalidClientTokenId. */
  readonly identityOf?: (accessKeyId: string) => string | undefined;
  readonly lifetimeSeconds?: number;
  readonly now?: () => Date;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const CREDENTIAL = /Credential=([A-Z0-9]+)\//;

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function accountOf(arn: string): string {
  return /::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
}

function assumedArn(roleArn: string, session: string): string {
  const name = roleArn.split('/').pop() ?? 'role';
  return `arn:aws:sts::${accountOf(roleArn)}:assumed-role/${name}/${session}`;
}

export async function startLoopbackSts(options: LoopbackStsOptions = {}): Promise<LoopbackSts> {
  const calls: StsCall[] = [];
  const issued: IssuedKey[] = [];
  const now = options.now ?? (() => new Date());
  let denial: string | undefined;

  const error = (code: string, message: string, status: number): { status: number; body: string } => ({
    status,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  });

  const issue = (roleArn: string, sessionName: string, resultTag: string): { status: number; body: string } => {
    const key: IssuedKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      roleArn,
      sessionName,
      expiration: new Date(now().getTime() + (options.lifetimeSeconds ?? 3600) * 1000),
    };
    issued.push(key);
    const creds =
      `<Credentials><AccessKeyId>${key.accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${key.expiration.toISOString()}</Expiration></Credentials>`;
    const user = `<AssumedRoleUser><Arn>${xmlEscape(assumedArn(roleArn, sessionName))}</Arn><AssumedRoleId>AROA${key.accessKeyId.slice(4)}:${xmlEscape(sessionName)}</AssumedRoleId></AssumedRoleUser>`;
    const body = `<${resultTag}Response xmlns="${NS}"><${resultTag}Result>${creds}${user}</${resultTag}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${resultTag}Response>`;
    return { status: 200, body };
  };

  const answer = (call: StsCall): { status: number; body: string } => {
    const p = call.params;
    switch (call.action) {
      case 'AssumeRole':
        if (call.signedWith === undefined) return error('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        if (denial !== undefined) return error('AccessDenied', denial, 403);
        return issue(p.RoleArn ?? '', p.RoleSessionName ?? 'session', 'AssumeRole');
      case 'AssumeRoleWithWebIdentity':
        if ((p.WebIdentityToken ?? '') === '') return error('InvalidIdentityToken', 'empty web identity token', 400);
        return issue(p.RoleArn ?? '', p.RoleSessionName ?? 'session', 'AssumeRoleWithWebIdentity');
      case 'GetCallerIdentity': {
        const key = call.signedWith ?? '';
        const mine = issued.find((k) => k.accessKeyId === key);
        const arn = mine === undefined ? options.identityOf?.(key) : assumedArn(mine.roleArn, mine.sessionName);
        if (arn === undefined) return error('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
        return {
          status: 200,
          body: `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${xmlEscape(arn)}</Arn><UserId>AIDA${key.slice(4)}</UserId><Account>${accountOf(arn)}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        };
      }
      default:
        return error('InvalidAction', `Could not find operation ${call.action}`, 400);
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const signedWith = CREDENTIAL.exec(req.headers.authorization ?? '')?.[1];
      const call: StsCall = { action: params.Action ?? '', signedWith, params };
      calls.push(call);
      const { status, body } = answer(call);
      res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issued,
    denyAssumeRole: (message) => {
      denial = message;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
