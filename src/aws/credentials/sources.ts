/**
 * One credential source → one AWS SDK v3 credential provider. Everything except IAM Roles Anywhere
 * comes from `@aws-sdk/credential-providers`; Roles Anywhere is the native provider of
 * src/aws/roles-anywhere. Sources that depend on the environment (IRSA, Pod Identity) check it
 * here, so a missing variable is a start-up error naming it rather than a failure at first use.
 * @module
 */
import {
  fromContainerMetadata,
  fromEnv,
  fromHttp,
  fromIni,
  fromInstanceMetadata,
  fromNodeProviderChain,
  fromProcess,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import { createRolesAnywhereProvider } from '../roles-anywhere/index.ts';
import type { FetchLike, Logger, RolesAnywhereProvider } from '../roles-anywhere/index.ts';
import { CredentialConfigError } from './settings.ts';
import type { CredentialSettings, CredentialSource } from './settings.ts';

/** The SDK's AwsCredentialIdentityProvider, named through a direct dependency. */
export type AwsCredentialIdentityProvider = ReturnType<typeof fromEnv>;
export type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

export type Env = Readonly<Record<string, string | undefined>>;

export interface SourceDeps {
  /** Environment the source decisions are made from (default process.env). */
  readonly env?: Env;
  readonly logger?: Logger;
  /** Roles Anywhere only: HTTP client (tests). */
  readonly fetch?: FetchLike;
  /** Clock of Roles Anywhere and of the credential caches (tests, benchmarks). */
  readonly now?: () => Date;
  /** Roles Anywhere only: watch the certificate directory (default true). */
  readonly watchFiles?: boolean;
  /** STS endpoint for assume-role and web identity; unset lets the SDK honour AWS_ENDPOINT_URL_STS. */
  readonly stsEndpoint?: string;
  /** Timeout of one IMDS / container-endpoint request (default 1000 ms). */
  readonly metadataTimeoutMs?: number;
}

/** A provider as clients see it; `memoized` tells SDK clients not to add their own cache. */
export type CredentialProvider = AwsCredentialIdentityProvider & { readonly memoized?: boolean };

/** The concrete source a provider was built for ('auto' resolves to 'sdk-chain' or 'roles-anywhere'). */
export type ChosenSource = Exclude<CredentialSource, 'auto'> | 'sdk-chain';

export interface BaseCredentials {
  readonly provider: CredentialProvider;
  readonly source: ChosenSource;
  /** Facts worth printing: profile, token file, endpoint… (never secrets). */
  readonly detail: Readonly<Record<string, string>>;
  /** The role the source itself acts as, when it is known without a call (IRSA, Roles Anywhere). */
  readonly roleArn?: string;
  readonly rolesAnywhere?: RolesAnywhereProvider;
  /** How long keys without an expiry are trusted before the files are read again (default: forever). */
  readonly staticMaxAgeMs?: number;
  /** Name for an identity the SDK did not tag with its provider (container metadata, IMDS in the chain). */
  readonly untaggedName?: string;
  close(): void;
}

const nothing = (): void => undefined;
const CONTAINER_NAME = 'container credentials endpoint (EKS Pod Identity / ECS)';

function need(env: Env, source: string, names: readonly string[], anyOf = false): void {
  const missing = names.filter((n) => (env[n] ?? '') === '');
  if (anyOf ? missing.length < names.length : missing.length === 0) return;
  const what = anyOf ? `one of ${names.join(' or ')}` : missing.join(' and ');
  throw new CredentialConfigError([
    `--aws-credentials-source ${source} needs the environment variable ${what}; it is unset (is the ${source === 'web-identity' ? 'EKS pod identity webhook / IRSA ServiceAccount annotation' : 'EKS Pod Identity agent / container credentials endpoint'} in place?)`,
  ]);
}

/** Static keys from files are re-read this often, so a rotated credentials Secret needs no restart. */
export const FILE_KEYS_MAX_AGE_MS = 5 * 60 * 1000;

const withFiles = (env: Env, profile: string | undefined): { profile?: string; filepath?: string; configFilepath?: string; ignoreCache: true } => ({
  ignoreCache: true,
  ...(profile === undefined ? {} : { profile }),
  ...(env.AWS_SHARED_CREDENTIALS_FILE === undefined ? {} : { filepath: env.AWS_SHARED_CREDENTIALS_FILE }),
  ...(env.AWS_CONFIG_FILE === undefined ? {} : { configFilepath: env.AWS_CONFIG_FILE }),
});

/** STS client settings shared by every source that calls STS. */
export function stsClientConfig(settings: Pick<CredentialSettings, 'region'>, deps: SourceDeps): { region: string; endpoint?: string } {
  return deps.stsEndpoint === undefined ? { region: settings.region } : { region: settings.region, endpoint: deps.stsEndpoint };
}

/** Builds the provider for `settings.source` (and one `--aws-profile` value, when given). */
export function createBaseCredentials(settings: CredentialSettings, profile: string | undefined, deps: SourceDeps = {}): BaseCredentials {
  const env = deps.env ?? process.env;
  const sts = stsClientConfig(settings, deps);
  const remote = { timeout: deps.metadataTimeoutMs ?? 1000, maxRetries: 1 };
  const plain = (provider: CredentialProvider, source: ChosenSource, detail: Record<string, string> = {}): BaseCredentials => ({
    provider,
    source,
    detail,
    close: nothing,
  });
  const files = withFiles(env, profile);
  const fileDetail = {
    ...(profile === undefined ? {} : { profile }),
    ...(files.filepath === undefined ? {} : { credentialsFile: files.filepath }),
    ...(files.configFilepath === undefined ? {} : { configFile: files.configFilepath }),
  };

  const source = settings.source === 'auto' ? (settings.rolesAnywhere === undefined ? 'sdk-chain' : 'roles-anywhere') : settings.source;
  switch (source) {
    case 'roles-anywhere': {
      const ra = settings.rolesAnywhere;
      if (ra === undefined) throw new CredentialConfigError(['--aws-credentials-source roles-anywhere needs the --aws-roles-anywhere-* flags']);
      let provider: RolesAnywhereProvider;
      try {
        provider = createRolesAnywhereProvider({
          ...ra,
          ...(deps.logger === undefined ? {} : { logger: deps.logger }),
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          ...(deps.now === undefined ? {} : { now: deps.now }),
          ...(deps.watchFiles === undefined ? {} : { watchFiles: deps.watchFiles }),
        });
      } catch (error) {
        throw new CredentialConfigError([`--aws-roles-anywhere-*: ${(error as Error).message}`]);
      }
      return {
        provider,
        source,
        detail: { certificate: ra.certificatePath, trustAnchorArn: ra.trustAnchorArn, profileArn: ra.profileArn, ...(ra.endpoint === undefined ? {} : { endpoint: ra.endpoint }) },
        roleArn: ra.roleArn,
        rolesAnywhere: provider,
        close: () => {
          provider.close();
        },
      };
    }
    case 'sdk-chain': {
      // The chain's last link (container endpoint or IMDS) returns untagged credentials.
      const container = (env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? '') !== '';
      const untaggedName = container ? CONTAINER_NAME : 'EC2 instance metadata (the node role)';
      return { ...plain(fromNodeProviderChain({ ...files, clientConfig: sts }), source, fileDetail), untaggedName, staticMaxAgeMs: FILE_KEYS_MAX_AGE_MS };
    }
    case 'env':
      return plain(fromEnv(), source);
    case 'shared-file':
      return { ...plain(fromIni({ ...files, clientConfig: sts }), source, fileDetail), staticMaxAgeMs: FILE_KEYS_MAX_AGE_MS };
    case 'process':
      return { ...plain(fromProcess(files), source, fileDetail), staticMaxAgeMs: FILE_KEYS_MAX_AGE_MS };
    case 'web-identity': {
      need(env, source, ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']);
      const roleArn = env.AWS_ROLE_ARN ?? '';
      const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE ?? '';
      const provider = fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn,
        roleSessionName: env.AWS_ROLE_SESSION_NAME ?? 'zonekeeper',
        clientConfig: sts,
      });
      return { ...plain(provider, source, { tokenFile }), roleArn };
    }
    case 'pod-identity': {
      need(env, source, ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'], true);
      const opt = (k: string): string | undefined => (env[k] === '' ? undefined : env[k]);
      const full = opt('AWS_CONTAINER_CREDENTIALS_FULL_URI');
      const relative = opt('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
      const tokenFile = opt('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
      const token = opt('AWS_CONTAINER_AUTHORIZATION_TOKEN');
      const provider = fromHttp({
        ...(full === undefined ? {} : { awsContainerCredentialsFullUri: full }),
        ...(relative === undefined ? {} : { awsContainerCredentialsRelativeUri: relative }),
        ...(tokenFile === undefined ? {} : { awsContainerAuthorizationTokenFile: tokenFile }),
        ...(token === undefined ? {} : { awsContainerAuthorizationToken: token }),
        ...remote,
      });
      return plain(provider, source, { endpoint: full ?? `169.254.170.2${relative ?? ''}` });
    }
    case 'container':
      need(env, source, ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'], true);
      return { ...plain(fromContainerMetadata(remote), source, { endpoint: env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? `169.254.170.2${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? ''}` }), untaggedName: CONTAINER_NAME };
    case 'instance':
      return plain(fromInstanceMetadata(remote), source, env.AWS_EC2_METADATA_SERVICE_ENDPOINT === undefined ? {} : { endpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT });
  }
}
