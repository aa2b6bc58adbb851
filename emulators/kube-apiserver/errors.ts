// Kubernetes `Status` failures. Every refusal the emulator makes is an ApiError carrying the same
// kind/reason/code/message a real API server sends, so client-node surfaces it as an ApiException.

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'Unauthorized'
  | 'Expired'
  | 'Gone'
  | 'InternalError';

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
}

export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;
  readonly code: number;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): StatusBody {
    return statusBody(this.code, this.reason, this.message, this.details);
  }
}

export function statusBody(
  code: number,
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): StatusBody {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  return details === undefined ? body : { ...body, details };
}

/** `<plural>.<group>` as the API server spells a resource in messages ("services", "leases.coordination.k8s.io"). */
export function qualified(plural: string, group: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

export function notFound(plural: string, group: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(plural, group)} "${name}" not found`, { name, group, kind: plural });
}

export function alreadyExists(plural: string, group: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(plural, group)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

export function conflict(plural: string, group: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(plural, group)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    { name, group, kind: plural },
  );
}

export function invalid(kind: string, group: string, name: string, causes: readonly string[]): ApiError {
  const what = group === '' ? kind : `${kind}.${group}`;
  return new ApiError(422, 'Invalid', `${what} "${name}" is invalid: ${causes.join(', ')}`, {
    name,
    group,
    kind,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}
