/**
 * Validation of Roles Anywhere settings (ARNs, region, endpoint, session duration and name) into
 * the fixed parts of every CreateSession request. Pure.
 * @module
 */
import { RolesAnywhereError } from './errors.ts';

export interface SessionSettings {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** 900–43200, default 3600. */
  readonly sessionDurationSeconds?: number;
  readonly roleSessionName?: string;
  /** Overrides the region taken from the trust anchor ARN. */
  readonly region?: string;
  /** Overrides `https://rolesanywhere.<region>.amazonaws.com` (a base path is kept). */
  readonly endpoint?: string;
}

export interface ResolvedSession {
  readonly region: string;
  /** Origin and base path, no trailing slash, e.g. `https://rolesanywhere.us-east-1.amazonaws.com`. */
  readonly endpoint: URL;
  /** Unencoded path of CreateSession, e.g. `/sessions`. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  /** Exact JSON bytes sent and signed (no whitespace). */
  readonly body: string;
  readonly arns: { readonly trustAnchor: string; readonly profile: string; readonly role: string };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const TRUST_ANCHOR = new RegExp(`^arn:(${PARTITION}):rolesanywhere:(${REGION}):(\\d{12}):trust-anchor/${UUID}$`);
const PROFILE = new RegExp(`^arn:(${PARTITION}):rolesanywhere:(${REGION}):(\\d{12}):profile/${UUID}$`);
const ROLE = new RegExp(`^arn:(${PARTITION}):iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function bad(field: string, value: string, expected: string): RolesAnywhereError {
  return new RolesAnywhereError(
    'InvalidConfiguration',
    `Roles Anywhere ${field} "${value}" is malformed: expected ${expected}`,
  );
}

export function resolveSession(settings: SessionSettings): ResolvedSession {
  const ta = TRUST_ANCHOR.exec(settings.trustAnchorArn);
  if (ta === null) {
    throw bad('trust anchor ARN', settings.trustAnchorArn, 'arn:aws:rolesanywhere:<region>:<12-digit account>:trust-anchor/<uuid>');
  }
  const pr = PROFILE.exec(settings.profileArn);
  if (pr === null) {
    throw bad('profile ARN', settings.profileArn, 'arn:aws:rolesanywhere:<region>:<12-digit account>:profile/<uuid>');
  }
  if (!ROLE.test(settings.roleArn)) {
    throw bad('role ARN', settings.roleArn, 'arn:aws:iam::<12-digit account>:role/<name>');
  }
  const explicit = settings.region !== undefined || settings.endpoint !== undefined;
  if (ta[2] !== pr[2] && !explicit) {
    throw new RolesAnywhereError(
      'InvalidConfiguration',
      `Roles Anywhere trust anchor ${settings.trustAnchorArn} (region ${String(ta[2])}) and profile ${settings.profileArn} (region ${String(pr[2])}) are in different regions; use ARNs from one region or set the region explicitly`,
    );
  }
  const region = settings.region ?? ta[2] ?? '';
  if (!new RegExp(`^${REGION}$`).test(region)) {
    throw bad('region', region, 'a region name such as us-east-1');
  }

  const duration = settings.sessionDurationSeconds ?? 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw bad('session duration', String(duration), 'an integer number of seconds from 900 to 43200');
  }
  const name = settings.roleSessionName;
  if (name !== undefined && !SESSION_NAME.test(name)) {
    throw bad('role session name', name, '2–64 characters from letters, digits and +=,.@_-');
  }

  const endpoint = parseEndpoint(settings.endpoint, region, ta[1] ?? 'aws');
  const base = endpoint.pathname.replace(/\/+$/, '');
  const body = JSON.stringify(
    name === undefined ? { durationSeconds: duration } : { durationSeconds: duration, roleSessionName: name },
  );
  return {
    region,
    endpoint,
    path: `${base}/sessions`,
    query: [
      ['profileArn', settings.profileArn],
      ['roleArn', settings.roleArn],
      ['trustAnchorArn', settings.trustAnchorArn],
    ],
    body,
    arns: { trustAnchor: settings.trustAnchorArn, profile: settings.profileArn, role: settings.roleArn },
  };
}

function parseEndpoint(value: string | undefined, region: string, partition: string): URL {
  if (value === undefined) {
    const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    return new URL(`https://rolesanywhere.${region}.${suffix}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad('endpoint', value, 'an absolute http(s) URL such as https://rolesanywhere.us-east-1.amazonaws.com');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw bad('endpoint', value, 'an http(s) URL without query or fragment');
  }
  return url;
}
