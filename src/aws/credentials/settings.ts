/**
 * Credential settings: the `--aws-credentials-source`, `--aws-profile`, `--aws-assume-role*` and
 * `--aws-roles-anywhere-*` flags turned into one validated value. Pure: every problem is reported at
 * once, each naming the flag(s) and the value, so a bad start-up says exactly what to fix.
 * @module
 */
import type { Config } from '../../config/index.ts';

export const CREDENTIAL_SOURCES = [
  'auto',
  'env',
  'shared-file',
  'web-identity',
  'pod-identity',
  'process',
  'container',
  'instance',
  'roles-anywhere',
] as const;
export type CredentialSource = (typeof CREDENTIAL_SOURCES)[number];

export interface RolesAnywhereSettings {
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly chainPath?: string;
  readonly privateKeyPassphraseFile?: string;
  readonly privateKeyPassphrase?: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly sessionDurationSeconds: number;
  readonly roleSessionName?: string;
  readonly endpoint?: string;
}

export interface AssumeRoleSettings {
  readonly roleArn: string;
  readonly externalId?: string;
}

export interface CredentialSettings {
  readonly source: CredentialSource;
  /** `--aws-profile` values (shared-file, process, auto); several mean one default account each. */
  readonly profiles: readonly string[];
  /** Region of the STS calls (assume-role, web identity) and of GetCallerIdentity. */
  readonly region: string;
  readonly assumeRole?: AssumeRoleSettings;
  readonly rolesAnywhere?: RolesAnywhereSettings;
}

/** A configuration problem found while building credentials; `problems` are one line each. */
export class CredentialConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'CredentialConfigError';
    this.problems = problems;
  }
}

/** The subset of Config read here (tests build it directly). */
export type CredentialFlags = Pick<
  Config,
  | 'awsCredentialsSource'
  | 'awsProfile'
  | 'awsRegion'
  | 'awsAssumeRole'
  | 'awsAssumeRoleExternalId'
  | 'awsRolesAnywhereCertificate'
  | 'awsRolesAnywherePrivateKey'
  | 'awsRolesAnywhereChain'
  | 'awsRolesAnywherePrivateKeyPassphraseFile'
  | 'awsRolesAnywherePrivateKeyPassphrase'
  | 'awsRolesAnywhereTrustAnchorArn'
  | 'awsRolesAnywhereProfileArn'
  | 'awsRolesAnywhereRoleArn'
  | 'awsRolesAnywhereSessionDuration'
  | 'awsRolesAnywhereSessionName'
  | 'awsRolesAnywhereEndpoint'
>;

export const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const DEFAULT_SESSION_SECONDS = 3600;

/** The Roles Anywhere flags every setup needs, in the order they are reported. */
const RA_REQUIRED = [
  ['awsRolesAnywhereCertificate', 'aws-roles-anywhere-certificate'],
  ['awsRolesAnywherePrivateKey', 'aws-roles-anywhere-private-key'],
  ['awsRolesAnywhereTrustAnchorArn', 'aws-roles-anywhere-trust-anchor-arn'],
  ['awsRolesAnywhereProfileArn', 'aws-roles-anywhere-profile-arn'],
  ['awsRolesAnywhereRoleArn', 'aws-roles-anywhere-role-arn'],
] as const;
/** Flags that only make sense with the group above. */
const RA_OPTIONAL = [
  ['awsRolesAnywhereChain', 'aws-roles-anywhere-chain'],
  ['awsRolesAnywherePrivateKeyPassphraseFile', 'aws-roles-anywhere-private-key-passphrase-file'],
  ['awsRolesAnywherePrivateKeyPassphrase', 'aws-roles-anywhere-private-key-passphrase'],
  ['awsRolesAnywhereSessionName', 'aws-roles-anywhere-session-name'],
  ['awsRolesAnywhereEndpoint', 'aws-roles-anywhere-endpoint'],
] as const;

const flagList = (names: readonly string[]): string => names.map((n) => `--${n}`).join(', ');

/** The Roles Anywhere group: undefined when none of its flags is set; problems when only part is. */
function rolesAnywhereOf(c: CredentialFlags, problems: string[]): RolesAnywhereSettings | undefined {
  const setRequired = RA_REQUIRED.filter(([k]) => c[k].trim() !== '');
  const setOptional = RA_OPTIONAL.filter(([k]) => c[k].trim() !== '');
  const durationSet = c.awsRolesAnywhereSessionDuration !== DEFAULT_SESSION_SECONDS;
  if (setRequired.length === 0) {
    const stray = [...setOptional.map(([, n]) => n), ...(durationSet ? ['aws-roles-anywhere-session-duration'] : [])];
    if (stray.length > 0) {
      problems.push(
        `${flagList(stray)} set without IAM Roles Anywhere: also set ${flagList(RA_REQUIRED.map(([, n]) => n))}, or remove ${stray.length === 1 ? 'it' : 'them'}`,
      );
    }
    return undefined;
  }
  if (setRequired.length < RA_REQUIRED.length) {
    const missing = RA_REQUIRED.filter(([k]) => c[k].trim() === '').map(([, n]) => n);
    problems.push(
      `IAM Roles Anywhere is partly configured (${flagList(setRequired.map(([, n]) => n))} set): also set ${flagList(missing)}`,
    );
    return undefined;
  }
  const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const chainPath = opt(c.awsRolesAnywhereChain);
  const passFile = opt(c.awsRolesAnywherePrivateKeyPassphraseFile);
  const pass = c.awsRolesAnywherePrivateKeyPassphrase === '' ? undefined : c.awsRolesAnywherePrivateKeyPassphrase;
  const sessionName = opt(c.awsRolesAnywhereSessionName);
  const endpoint = opt(c.awsRolesAnywhereEndpoint);
  return {
    certificatePath: c.awsRolesAnywhereCertificate.trim(),
    privateKeyPath: c.awsRolesAnywherePrivateKey.trim(),
    trustAnchorArn: c.awsRolesAnywhereTrustAnchorArn.trim(),
    profileArn: c.awsRolesAnywhereProfileArn.trim(),
    roleArn: c.awsRolesAnywhereRoleArn.trim(),
    sessionDurationSeconds: c.awsRolesAnywhereSessionDuration,
    ...(chainPath === undefined ? {} : { chainPath }),
    ...(passFile === undefined ? {} : { privateKeyPassphraseFile: passFile }),
    ...(pass === undefined ? {} : { privateKeyPassphrase: pass }),
    ...(sessionName === undefined ? {} : { roleSessionName: sessionName }),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}

function assumeRoleOf(c: CredentialFlags, problems: string[]): AssumeRoleSettings | undefined {
  const roleArn = c.awsAssumeRole.trim();
  const externalId = c.awsAssumeRoleExternalId.trim();
  if (roleArn === '') {
    if (externalId !== '') problems.push('--aws-assume-role-external-id is set without --aws-assume-role: set the role ARN to assume, or remove the external id');
    return undefined;
  }
  if (!ROLE_ARN.test(roleArn)) {
    problems.push(`--aws-assume-role "${roleArn}" is not a role ARN: expected arn:aws:iam::<12-digit account>:role/<name>`);
  }
  if (externalId !== '' && !EXTERNAL_ID.test(externalId)) {
    problems.push('--aws-assume-role-external-id is malformed: expected 2–1224 characters from letters, digits and +=,.@:/_-');
  }
  return externalId === '' ? { roleArn } : { roleArn, externalId };
}

/** Validates the credential flags; throws CredentialConfigError listing every problem. */
export function credentialSettingsOf(c: CredentialFlags): CredentialSettings {
  const problems: string[] = [];
  const source = c.awsCredentialsSource;
  const rolesAnywhere = rolesAnywhereOf(c, problems);
  const assumeRole = assumeRoleOf(c, problems);
  const profiles = c.awsProfile.map((p) => p.trim()).filter((p) => p !== '');

  if (source === 'roles-anywhere' && rolesAnywhere === undefined && !problems.some((p) => p.startsWith('IAM Roles Anywhere'))) {
    problems.push(`--aws-credentials-source roles-anywhere needs ${flagList(RA_REQUIRED.map(([, n]) => n))}`);
  }
  if (source !== 'auto' && source !== 'roles-anywhere' && rolesAnywhere !== undefined) {
    problems.push(
      `--aws-credentials-source ${source} conflicts with the --aws-roles-anywhere-* flags: use --aws-credentials-source roles-anywhere (or auto), or remove the Roles Anywhere flags`,
    );
  }
  const takesProfile = source === 'auto' || source === 'shared-file' || source === 'process';
  if (profiles.length > 0 && (!takesProfile || rolesAnywhere !== undefined)) {
    problems.push(
      `--aws-profile ${profiles.join(',')} is only used with --aws-credentials-source shared-file, process or auto (without Roles Anywhere); it has no effect with ${rolesAnywhere !== undefined ? 'Roles Anywhere' : source}`,
    );
  }
  if (problems.length > 0) throw new CredentialConfigError(problems);
  return {
    source,
    profiles,
    region: c.awsRegion.trim() === '' ? 'us-east-1' : c.awsRegion.trim(),
    ...(assumeRole === undefined ? {} : { assumeRole }),
    ...(rolesAnywhere === undefined ? {} : { rolesAnywhere }),
  };
}

/** Start-up check form: the problems as strings (none when valid). */
export function credentialProblems(c: CredentialFlags): readonly string[] {
  try {
    credentialSettingsOf(c);
    return [];
  } catch (error) {
    if (error instanceof CredentialConfigError) return error.problems;
    throw error;
  }
}
