/**
 * Route53 API errors: the code, HTTP status and message the emulator sends in the
 * `<ErrorResponse>` form that `@aws-sdk/client-route-53` v3 understands.
 * @module
 */
import { toXml } from './xml.ts';

export const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** An error answered to the client. `code` is the wire `Code` the SDK turns into an error class name. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

export const invalidInput = (message: string): ApiError => new ApiError('InvalidInput', message);
export const malformed = (message: string): ApiError => new ApiError('MalformedInput', message);

/** Route53 brackets InvalidChangeBatch messages and joins several with ", ". */
export const invalidChangeBatch = (messages: readonly string[]): ApiError =>
  new ApiError('InvalidChangeBatch', `[${messages.join(', ')}]`);

export const noSuchHostedZone = (id: string): ApiError =>
  new ApiError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);

export const noSuchHealthCheck = (id: string): ApiError =>
  new ApiError('NoSuchHealthCheck', `A health check with id ${id} does not exist.`, 404);

/** The AWS request-validation wording used for constraint failures on request members. */
export const constraint = (value: string, path: string, rule: string): ApiError =>
  invalidInput(`1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: ${rule}`);

/** Serializes an error body. */
export function errorXml(error: ApiError, requestId: string): string {
  return toXml({
    name: 'ErrorResponse',
    attrs: { xmlns: NS },
    children: [
      {
        name: 'Error',
        children: [
          { name: 'Type', text: error.status >= 500 ? 'Receiver' : 'Sender' },
          { name: 'Code', text: error.code },
          { name: 'Message', text: error.message },
        ],
      },
      { name: 'RequestId', text: requestId },
    ],
  });
}
