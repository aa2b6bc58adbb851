/**
 * IAM Roles Anywhere: a SigV4-X509 signer and an AWS SDK v3 credential provider built on it.
 *
 *   const credentials = createRolesAnywhereProvider({
 *     certificatePath, privateKeyPath, trustAnchorArn, profileArn, roleArn, logger,
 *   });
 *   const route53 = new Route53Client({ region: 'us-east-1', credentials });
 *   gauge.set(credentials.certificateNotAfter()?.getTime() ?? 0); // expiry metric
 *   credentials.close(); // on shutdown: stops the file watch
 * @module
 */
export { createRolesAnywhereProvider, refreshTime } from './provider.ts';
export type {
  CertificateStatus,
  Logger,
  RolesAnywhereProvider,
  RolesAnywhereProviderOptions,
  RolesAnywhereStatus,
} from './provider.ts';
export { RolesAnywhereError } from './errors.ts';
export type { RolesAnywhereErrorCode } from './errors.ts';
export { loadMaterial } from './material.ts';
export type { LoadedMaterial, MaterialPaths } from './material.ts';
export { resolveSession } from './config.ts';
export type { ResolvedSession, SessionSettings } from './config.ts';
export { createSession } from './session.ts';
export type { FetchLike, SessionCredentials } from './session.ts';
export { signRequest, serialDecimal, algorithmFor, RSA_ALGORITHM, ECDSA_ALGORITHM } from './signer.ts';
export type { SignableRequest, SignedRequest, SigningIdentity, SigningParams } from './signer.ts';
