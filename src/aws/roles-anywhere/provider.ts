/**
 * IAM Roles Anywhere credential provider for AWS SDK v3: calls CreateSession with an X.509
 * certificate and key from disk, caches the credentials and refreshes them well ahead of expiry
 * (one request shared by concurrent callers), keeps serving valid credentials with backoff when a
 * refresh fails, and picks up rotated certificate/key files (only a matching, in-date pair).
 * @module
 */
import { resolveSession } from './config.ts';
import type { SessionSettings } from './config.ts';
import { RolesAnywhereError, describeError } from './errors.ts';
import { checkValidity, parseMaterial, readMaterial } from './material.ts';
import type { LoadedMaterial, MaterialPaths } from './material.ts';
import { createSession } from './session.ts';
import type { FetchLike, SessionCredentials } from './session.ts';
import { watchDirectories } from './watch.ts';
import type { DirectoryWatch } from './watch.ts';

/** pino-compatible: `logger.warn({ ...fields }, 'message')`. */
export interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RolesAnywhereProviderOptions extends SessionSettings, MaterialPaths {
  /** Passphrase value for an encrypted PKCS#8 key (e.g. from an env var); a file wins over it. */
  readonly privateKeyPassphrase?: string;
  readonly now?: () => Date;
  readonly fetch?: FetchLike;
  readonly logger?: Logger;
  /** Watch the certificate/key directories (default true). */
  readonly watchFiles?: boolean;
  readonly watchDebounceMs?: number;
  /** Backoff after a failed refresh: first delay, doubling up to the maximum. */
  readonly retryInitialDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface CertificateStatus {
  readonly path: string;
  readonly subject: string;
  /** Decimal. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface RolesAnywhereStatus {
  readonly certificate: CertificateStatus | undefined;
  readonly lastRefresh: Date | undefined;
  readonly credentialsExpiration: Date | undefined;
  readonly nextRefresh: Date | undefined;
  readonly sessionsCreated: number;
  readonly consecutiveFailures: number;
  readonly lastError: string | undefined;
}

export interface RolesAnywhereProvider {
  /** AwsCredentialIdentityProvider: cached credentials, refreshed ahead of expiry. */
  (): Promise<SessionCredentials>;
  status(): RolesAnywhereStatus;
  /** notAfter of the certificate in use (for an expiry metric); undefined before the first load. */
  certificateNotAfter(): Date | undefined;
  /** Re-reads the files now; true when a new certificate/key pair was taken into use. */
  reloadMaterial(): Promise<boolean>;
  close(): void;
  /**
   * Tells SDK v3 clients not to wrap this provider in their own cache (which would hold the
   * credentials until 5 minutes before expiry): the refresh schedule here stays in charge.
   */
  readonly memoized: true;
}

const quiet = (): void => undefined;
const SILENT: Logger = { warn: quiet, info: quiet, debug: quiet, error: quiet };
const EXPIRY_WARNING_MS = 7 * 24 * 3600 * 1000;
/** Credentials this close to expiry are not handed out even when a refresh fails. */
const USABLE_MARGIN_MS = 60 * 1000;

/** However the lifetime looks (a skewed local clock), never ask again sooner than this. */
const MIN_REFRESH_MS = 30 * 1000;

/**
 * When to refresh: shortly before expiry, with a margin of 10 % of the lifetime but at least 5
 * minutes, the clock skew CreateSession itself tolerates (a node clock running slow must never make
 * us serve expired credentials), plus the round trip and retries if the service is briefly
 * unavailable. A one-hour session is refreshed at 3240 s (about one CreateSession per lifetime), the
 * shortest, 900 s, at 600 s. Never before half the lifetime (only lifetimes under 10 minutes reach
 * that floor) nor within 30 s (an expiration already past by our clock must not turn every call into
 * CreateSession). The provider is memoized, so the SDK's own 5-minute window does not apply: the SDK
 * asks us on every request and we answer from the cache.
 */
export function refreshTime(issued: Date, expiration: Date): Date {
  const lifetime = expiration.getTime() - issued.getTime();
  const at = expiration.getTime() - Math.max(300_000, lifetime / 10);
  return new Date(Math.max(at, issued.getTime() + lifetime / 2, issued.getTime() + MIN_REFRESH_MS));
}

export function createRolesAnywhereProvider(options: RolesAnywhereProviderOptions): RolesAnywhereProvider {
  const session = resolveSession(options); // throws on bad ARNs/region before any I/O
  const now = options.now ?? (() => new Date());
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const log = options.logger ?? SILENT;
  const initialDelay = options.retryInitialDelayMs ?? 1000;
  const maxDelay = options.retryMaxDelayMs ?? 60_000;
  const paths: MaterialPaths = options;

  let material: LoadedMaterial | undefined;
  let loading: Promise<boolean> | undefined;
  let cached: { creds: SessionCredentials; refreshAt: Date; issued: Date } | undefined;
  let inFlight: Promise<SessionCredentials> | undefined;
  let failures = 0;
  let nextAttemptAt = 0;
  let lastError: RolesAnywhereError | undefined;
  let sessionsCreated = 0;
  let closed = false;

  const describeMaterial = (m: LoadedMaterial): object => ({
    certificate: paths.certificatePath,
    subject: m.subject,
    serial: m.serial,
    notAfter: m.notAfter.toISOString(),
  });

  /** A reload that adopted nothing: say why, and go on with the pair in use. */
  const keepCurrent = (current: LoadedMaterial, err: unknown, msg: string): false => {
    log.warn({ ...describeMaterial(current), err: describeError(err) }, msg);
    return false;
  };

  /** Reads the files; adopts them only if they parse, match and are in date. */
  const loadOnce = async (): Promise<boolean> => {
    const at = now();
    let raw;
    try {
      raw = await readMaterial(paths, options.privateKeyPassphrase);
    } catch (err) {
      if (material === undefined) throw err;
      return keepCurrent(material, err, 'Roles Anywhere: certificate files unreadable; keeping the pair in use');
    }
    if (material?.fingerprint === raw.fingerprint) return false;
    try {
      const next = parseMaterial(raw, paths, at);
      const previous = material;
      material = next;
      if (previous === undefined) log.info(describeMaterial(next), 'Roles Anywhere: certificate loaded');
      else {
        log.info(
          { ...describeMaterial(next), previousSerial: previous.serial },
          'Roles Anywhere: rotated certificate and key taken into use',
        );
      }
      return true;
    } catch (err) {
      if (material === undefined) throw err;
      // A half-written rotation (new cert, old key) lands here until the pair matches again.
      return keepCurrent(material, err, 'Roles Anywhere: new certificate files not usable (yet); keeping the pair in use');
    }
  };
  const reloadMaterial = (): Promise<boolean> => {
    loading ??= loadOnce().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const refresh = async (): Promise<SessionCredentials> => {
    await reloadMaterial();
    const m = material;
    if (m === undefined) throw new RolesAnywhereError('FileUnreadable', 'Roles Anywhere: no certificate loaded');
    const issued = now();
    checkValidity(m, paths.certificatePath, issued);
    if (m.notAfter.getTime() - issued.getTime() < EXPIRY_WARNING_MS) {
      log.warn(describeMaterial(m), 'Roles Anywhere: certificate expires within 7 days; renew it');
    }
    const creds = await createSession({
      session,
      identity: m.identity,
      now: issued,
      fetch: doFetch,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
    });
    sessionsCreated++;
    if (creds.expiration.getTime() - issued.getTime() < 5 * 60 * 1000) {
      log.warn(
        { expiration: creds.expiration.toISOString(), localTime: issued.toISOString() },
        'Roles Anywhere: credentials expire within 5 minutes of issue; check the local clock and the session duration',
      );
    }
    cached = { creds, issued, refreshAt: refreshTime(issued, creds.expiration) };
    log.debug(
      { serial: m.serial, expiration: creds.expiration.toISOString(), refreshAt: cached.refreshAt.toISOString() },
      'Roles Anywhere: session created',
    );
    return creds;
  };

  const usable = (at: number): boolean =>
    cached !== undefined && cached.creds.expiration.getTime() - at > USABLE_MARGIN_MS;

  const attempt = (): Promise<SessionCredentials> => {
    inFlight ??= refresh()
      .then(
        (creds) => {
          failures = 0;
          lastError = undefined;
          return creds;
        },
        (err: unknown) => {
          failures++;
          const delay = Math.min(maxDelay, initialDelay * 2 ** (failures - 1));
          nextAttemptAt = now().getTime() + delay;
          lastError =
            err instanceof RolesAnywhereError
              ? err
              : new RolesAnywhereError('NetworkError', describeError(err), { cause: err });
          throw lastError;
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const provide = async (): Promise<SessionCredentials> => {
    if (closed) throw new RolesAnywhereError('Closed', 'Roles Anywhere credential provider is closed');
    const at = now().getTime();
    if (cached !== undefined && at < cached.refreshAt.getTime()) return cached.creds;
    if (at < nextAttemptAt && inFlight === undefined) {
      // Backing off after a failure: serve what is still good, else repeat the failure.
      if (cached !== undefined && usable(at)) return cached.creds;
      if (lastError !== undefined) throw lastError;
    }
    try {
      return await attempt();
    } catch (err) {
      if (cached !== undefined && usable(now().getTime())) {
        log.warn(
          {
            err: describeError(err),
            expiration: cached.creds.expiration.toISOString(),
            retryAt: new Date(nextAttemptAt).toISOString(),
          },
          'Roles Anywhere: refresh failed; serving the cached credentials until they expire',
        );
        return cached.creds;
      }
      log.error({ err: describeError(err) }, 'Roles Anywhere: no credentials');
      throw err;
    }
  };

  let watcher: DirectoryWatch | undefined;
  if (options.watchFiles !== false) {
    const watched = [paths.certificatePath, paths.privateKeyPath, paths.chainPath, paths.privateKeyPassphraseFile];
    watcher = watchDirectories(
      watched.filter((p): p is string => p !== undefined),
      options.watchDebounceMs ?? 200,
      () => {
        reloadMaterial().catch((err: unknown) => {
          log.warn({ err: describeError(err) }, 'Roles Anywhere: reloading certificate files failed');
        });
      },
      log,
    );
  }

  const status = (): RolesAnywhereStatus => ({
    certificate:
      material === undefined
        ? undefined
        : {
            path: paths.certificatePath,
            subject: material.subject,
            serial: material.serial,
            notBefore: material.notBefore,
            notAfter: material.notAfter,
          },
    lastRefresh: cached?.issued,
    credentialsExpiration: cached?.creds.expiration,
    nextRefresh: cached?.refreshAt,
    sessionsCreated,
    consecutiveFailures: failures,
    lastError: lastError?.message,
  });

  return Object.assign(provide, {
    status,
    certificateNotAfter: () => material?.notAfter,
    reloadMaterial,
    memoized: true as const,
    close: () => {
      closed = true;
      watcher?.close();
    },
  });
}
