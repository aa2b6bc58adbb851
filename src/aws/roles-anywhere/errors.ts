/**
 * The one error type the Roles Anywhere provider throws. `code` lets callers branch; the message
 * names the file or ARN involved and what to do, and never carries key material or credentials.
 * @module
 */

export type RolesAnywhereErrorCode =
  | 'InvalidConfiguration'
  | 'FileUnreadable'
  | 'CertificateInvalid'
  | 'KeyMismatch'
  | 'ServiceError'
  | 'NetworkError'
  | 'BadResponse'
  | 'Closed';

export class RolesAnywhereError extends Error {
  readonly code: RolesAnywhereErrorCode;
  /** HTTP status of a service refusal. */
  readonly status: number | undefined;
  /** The service's error type (X-Amzn-ErrorType), e.g. AccessDeniedException. */
  readonly serviceErrorType: string | undefined;

  constructor(
    code: RolesAnywhereErrorCode,
    message: string,
    extra: { status?: number; serviceErrorType?: string; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'RolesAnywhereError';
    this.code = code;
    this.status = extra.status;
    this.serviceErrorType = extra.serviceErrorType;
  }
}

/** A short description of an unknown thrown value, for wrapping. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
