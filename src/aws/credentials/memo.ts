/**
 * One shared cache in front of a credential provider, so every client built on it (the Route53
 * client of each account, the STS clients that assume zone roles over it, `whoami`) sees the same
 * credentials and triggers one refresh, not one each. It also records what was handed out last
 * (expiry, which SDK provider answered) for `describe()`, without keeping the secret parts.
 * @module
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, CredentialProvider } from './sources.ts';

/** What the last successful call returned, minus secrets. */
export interface IdentityFacts {
  readonly expiration: Date | undefined;
  /** Credential feature names the SDK tagged the identity with ($source), e.g. CREDENTIALS_IMDS. */
  readonly features: readonly string[];
  readonly obtainedAt: Date;
}

export interface SharedProvider extends CredentialProvider {
  (props?: Parameters<AwsCredentialIdentityProvider>[0]): Promise<AwsCredentialIdentity>;
  readonly memoized: true;
  facts(): IdentityFacts | undefined;
  lastError(): string | undefined;
}

/** SDK clients refresh at 5 minutes before expiry; so do we. */
const REFRESH_AHEAD_MS = 5 * 60 * 1000;
/** Credentials issued with less than this left are still served while a refresh fails. */
const USABLE_MS = 60 * 1000;
/** Even short-lived credentials are not re-fetched more often than this. */
const MIN_REUSE_MS = 30 * 1000;

function featuresOf(identity: AwsCredentialIdentity): string[] {
  const source = (identity as { $source?: unknown }).$source;
  return typeof source === 'object' && source !== null ? Object.keys(source) : [];
}

/**
 * Wraps `inner`. Credentials without an expiry (static keys) are kept for `staticMaxAgeMs`, then
 * fetched again (a failed re-read keeps the old keys). A provider that caches itself (`memoized`, e.g. Roles Anywhere, whose own refresh
 * schedule must stay in charge) is only observed, never cached a second time.
 */
export function shareProvider(inner: CredentialProvider, now: () => number = Date.now, staticMaxAgeMs = Infinity): SharedProvider {
  let cached: { identity: AwsCredentialIdentity; refreshAt: number } | undefined;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;
  let facts: IdentityFacts | undefined;
  let error: string | undefined;
  const passThrough = inner.memoized === true;

  const fetchOnce = (props?: Parameters<AwsCredentialIdentityProvider>[0]): Promise<AwsCredentialIdentity> => {
    inFlight ??= inner(props)
      .then(
        (identity) => {
          const at = now();
          facts = { expiration: identity.expiration, features: featuresOf(identity), obtainedAt: new Date(at) };
          error = undefined;
          const exp = identity.expiration?.getTime();
          // Keys without an expiry are re-read after staticMaxAgeMs (a rotated Secret file), else kept.
          const refreshAt = exp === undefined ? at + staticMaxAgeMs : Math.max(exp - REFRESH_AHEAD_MS, Math.min(at + MIN_REUSE_MS, exp - USABLE_MS));
          if (!passThrough) cached = { identity, refreshAt };
          return identity;
        },
        (err: unknown) => {
          error = err instanceof Error ? err.message : String(err);
          throw err;
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const provide = async (props?: Parameters<AwsCredentialIdentityProvider>[0]): Promise<AwsCredentialIdentity> => {
    const force = (props as { forceRefresh?: boolean } | undefined)?.forceRefresh === true;
    if (passThrough || force || cached === undefined) return fetchOnce(props);
    if (now() < cached.refreshAt) return cached.identity;
    const stale = cached.identity;
    try {
      // forceRefresh: a chain that caches keys without an expiry (the SDK's) must look again.
      return await fetchOnce(stale.expiration === undefined ? { ...props, forceRefresh: true } : props);
    } catch (err) {
      // A failed refresh must not fail calls while the old credentials still work.
      const exp = stale.expiration?.getTime();
      if (exp === undefined || exp - now() > USABLE_MS) return stale;
      throw err;
    }
  };

  return Object.assign(provide, {
    memoized: true as const,
    facts: () => facts,
    lastError: () => error,
  });
}

/** Human names of the SDK's credential features, most specific first. */
const FEATURE_NAMES: readonly (readonly [string, string])[] = [
  ['CREDENTIALS_STS_ASSUME_ROLE', 'STS AssumeRole'],
  ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'shared config profile (role_arn + source_profile)'],
  ['CREDENTIALS_PROFILE_NAMED_PROVIDER', 'shared config profile (credential_source)'],
  ['CREDENTIALS_PROFILE_PROCESS', 'shared config profile (credential_process)'],
  ['CREDENTIALS_PROCESS', 'credential_process'],
  ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'shared config profile (web_identity_token_file)'],
  ['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'web identity token file (IRSA)'],
  ['CREDENTIALS_STS_ASSUME_ROLE_WEB_ID', 'web identity token file (IRSA)'],
  ['CREDENTIALS_PROFILE_SSO', 'IAM Identity Center (SSO) profile'],
  ['CREDENTIALS_PROFILE_SSO_LEGACY', 'IAM Identity Center (SSO) profile'],
  ['CREDENTIALS_SSO', 'IAM Identity Center (SSO)'],
  ['CREDENTIALS_SSO_LEGACY', 'IAM Identity Center (SSO)'],
  ['CREDENTIALS_PROFILE', 'shared credentials file'],
  ['CREDENTIALS_ENV_VARS', 'environment variables (AWS_ACCESS_KEY_ID)'],
  ['CREDENTIALS_HTTP', 'container credentials endpoint (EKS Pod Identity / ECS)'],
  ['CREDENTIALS_IMDS', 'EC2 instance metadata (the node role)'],
];

/** Which SDK provider produced an identity, from its features; undefined when untagged. */
export function providerNameOf(features: readonly string[]): string | undefined {
  return FEATURE_NAMES.find(([f]) => features.includes(f))?.[1];
}
