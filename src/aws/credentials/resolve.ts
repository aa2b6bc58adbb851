/**
 * resolveCredentials: the chosen source, optionally with STS AssumeRole on top (any source, Roles
 * Anywhere included), behind one shared cache, plus a description of what is in use (source, role,
 * expiry, certificate) for start-up logs, `zonekeeper whoami` and the certificate-expiry metric.
 * @module
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { providerNameOf, shareProvider } from './memo.ts';
import type { SharedProvider } from './memo.ts';
import { createBaseCredentials, stsClientConfig } from './sources.ts';
import type { BaseCredentials, ChosenSource, SourceDeps } from './sources.ts';
import type { AssumeRoleSettings, CredentialSettings, CredentialSource } from './settings.ts';

export interface CertificateDescription {
  readonly path: string;
  readonly subject: string;
  /** Decimal, as Roles Anywhere and CloudTrail show it. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface CredentialDescription {
  /** --aws-credentials-source as given. */
  readonly requested: CredentialSource;
  /** What was built: 'auto' becomes 'sdk-chain' or 'roles-anywhere'. */
  readonly source: ChosenSource;
  /** The SDK provider that answered last (e.g. "EC2 instance metadata (the node role)"), once known. */
  readonly resolvedBy?: string;
  readonly detail: Readonly<Record<string, string>>;
  /** The role the credentials act as, when known without a call: the assumed role, else the source's role. */
  readonly roleArn?: string;
  /** The role of the source under an assume-role (IRSA or Roles Anywhere role). */
  readonly sourceRoleArn?: string;
  readonly assumeRole?: { readonly roleArn: string; readonly externalId: boolean };
  /** Expiry of the credentials handed out last (undefined before the first call, or for static keys). */
  readonly expiration?: Date;
  readonly lastError?: string;
  readonly certificate?: CertificateDescription;
  readonly rolesAnywhere?: {
    readonly sessionsCreated: number;
    readonly nextRefresh?: Date;
    readonly consecutiveFailures: number;
  };
}

export interface ResolvedCredentials {
  /** Give this to SDK clients as `credentials`. */
  readonly provider: SharedProvider;
  describe(): CredentialDescription;
  /** notAfter of the Roles Anywhere certificate in use (for an expiry gauge); undefined otherwise. */
  certificateNotAfter(): Date | undefined;
  close(): void;
}

export interface ResolveOptions {
  /** One `--aws-profile` value (default: the first, if any). */
  readonly profile?: string;
  /** Override --aws-assume-role (null: none). */
  readonly assumeRole?: AssumeRoleSettings | null;
}

/** RoleSessionName of every AssumeRole zonekeeper makes: stable, so trust policies and CloudTrail can match it. */
export const ROLE_SESSION_NAME = 'zonekeeper';

function clockOf(deps: SourceDeps): () => number {
  const now = deps.now;
  return now === undefined ? Date.now : () => now().getTime();
}

function baseDescription(settings: CredentialSettings, base: BaseCredentials, shared: SharedProvider): CredentialDescription {
  const facts = shared.facts();
  const resolvedBy = facts === undefined ? undefined : (providerNameOf(facts.features) ?? base.untaggedName);
  const status = base.rolesAnywhere?.status();
  const cert = status?.certificate;
  const lastError = shared.lastError() ?? status?.lastError;
  return {
    requested: settings.source,
    source: base.source,
    detail: base.detail,
    ...(resolvedBy === undefined ? {} : { resolvedBy }),
    ...(base.roleArn === undefined ? {} : { roleArn: base.roleArn }),
    ...(facts?.expiration === undefined ? {} : { expiration: facts.expiration }),
    ...(lastError === undefined ? {} : { lastError }),
    ...(cert === undefined
      ? {}
      : { certificate: { path: cert.path, subject: cert.subject, serial: cert.serial, notBefore: cert.notBefore, notAfter: cert.notAfter } }),
    ...(status === undefined
      ? {}
      : {
          rolesAnywhere: {
            sessionsCreated: status.sessionsCreated,
            consecutiveFailures: status.consecutiveFailures,
            ...(status.nextRefresh === undefined ? {} : { nextRefresh: status.nextRefresh }),
          },
        }),
  };
}

/** The source alone (no --aws-assume-role). */
function resolveBase(settings: CredentialSettings, deps: SourceDeps, profile: string | undefined): ResolvedCredentials {
  const base = createBaseCredentials(settings, profile, deps);
  const shared = shareProvider(base.provider, clockOf(deps), base.staticMaxAgeMs);
  return {
    provider: shared,
    describe: () => baseDescription(settings, base, shared),
    certificateNotAfter: () => base.rolesAnywhere?.certificateNotAfter(),
    close: () => {
      base.close();
    },
  };
}

/**
 * STS AssumeRole with `over`'s credentials as the master credentials. The result does not own
 * `over`: closing it leaves `over` open (several zone roles share one base).
 */
export function assumeRoleOver(
  over: ResolvedCredentials,
  role: AssumeRoleSettings,
  settings: Pick<CredentialSettings, 'region'>,
  deps: SourceDeps = {},
): ResolvedCredentials {
  const assumed = fromTemporaryCredentials({
    params: {
      RoleArn: role.roleArn,
      RoleSessionName: ROLE_SESSION_NAME,
      ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
    },
    masterCredentials: over.provider,
    clientConfig: stsClientConfig(settings, deps),
  });
  const shared = shareProvider(assumed, clockOf(deps));
  return {
    provider: shared,
    describe: () => {
      const under = over.describe();
      const facts = shared.facts();
      const lastError = shared.lastError();
      const underError = under.lastError;
      const underRole = under.roleArn;
      return {
        requested: under.requested,
        source: under.source,
        detail: under.detail,
        ...(under.resolvedBy === undefined ? {} : { resolvedBy: under.resolvedBy }),
        ...(under.certificate === undefined ? {} : { certificate: under.certificate }),
        ...(under.rolesAnywhere === undefined ? {} : { rolesAnywhere: under.rolesAnywhere }),
        roleArn: role.roleArn,
        ...(underRole === undefined ? {} : { sourceRoleArn: underRole }),
        assumeRole: { roleArn: role.roleArn, externalId: role.externalId !== undefined },
        ...(facts?.expiration === undefined ? {} : { expiration: facts.expiration }),
        ...(lastError === undefined && underError === undefined ? {} : { lastError: lastError ?? underError }),
      };
    },
    certificateNotAfter: () => over.certificateNotAfter(),
    close: () => undefined,
  };
}

/** The credentials --aws-credentials-source, --aws-profile and --aws-assume-role ask for. */
export function resolveCredentials(settings: CredentialSettings, deps: SourceDeps = {}, options: ResolveOptions = {}): ResolvedCredentials {
  const base = resolveBase(settings, deps, options.profile ?? settings.profiles[0]);
  const role = options.assumeRole === undefined ? settings.assumeRole : (options.assumeRole ?? undefined);
  if (role === undefined) return base;
  const assumed = assumeRoleOver(base, role, settings, deps);
  return {
    ...assumed,
    close: () => {
      base.close();
    },
  };
}
