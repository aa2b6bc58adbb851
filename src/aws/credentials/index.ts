/**
 * AWS credentials for zonekeeper: the source `--aws-credentials-source` picks (the SDK chain, env,
 * shared files, IRSA, Pod Identity, credential_process, IMDS, or native IAM Roles Anywhere),
 * `--aws-assume-role` on top, and `--aws-zone-role` accounts.
 *
 *   const settings = credentialSettingsOf(config);            // throws CredentialConfigError
 *   const creds = resolveCredentials(settings, { logger });
 *   new Route53Client({ region, credentials: creds.provider });
 *   creds.describe();               // { source, roleArn, expiration, certificate: { subject, serial, notAfter } }
 *   gauge.set((creds.certificateNotAfter()?.getTime() ?? 0) / 1000);
 *   creds.close();
 * @module
 */
export { CREDENTIAL_SOURCES, CredentialConfigError, credentialProblems, credentialSettingsOf, ROLE_ARN } from './settings.ts';
export type { AssumeRoleSettings, CredentialFlags, CredentialSettings, CredentialSource, RolesAnywhereSettings } from './settings.ts';
export { createBaseCredentials } from './sources.ts';
export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, BaseCredentials, ChosenSource, CredentialProvider, Env, SourceDeps } from './sources.ts';
export { providerNameOf, shareProvider } from './memo.ts';
export type { IdentityFacts, SharedProvider } from './memo.ts';
export { assumeRoleOver, resolveCredentials, ROLE_SESSION_NAME } from './resolve.ts';
export type { CertificateDescription, CredentialDescription, ResolvedCredentials, ResolveOptions } from './resolve.ts';
export { accountIdOf, mappingFor, parseZoneRoles, targetKey } from './zone-roles.ts';
export type { ParsedZoneRoles, ZoneMatch, ZoneRoleMapping, ZoneTarget } from './zone-roles.ts';
export { buildAwsAccounts, filterZones } from './accounts.ts';
export type { AccountEntry, AccountsOptions, AwsAccounts } from './accounts.ts';
