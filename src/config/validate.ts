/**
 * Cross-flag validation, run once at start-up. Every message names the flags involved.
 * @module
 */
import type { Config } from './load.ts';

/** Extra checks contributed by other modules (e.g. the fqdn template parser), keyed by flag. */
export type ExtraCheck = (config: Config) => string | undefined;

export function validateConfig(config: Config, extra: readonly ExtraCheck[] = []): readonly string[] {
  const errors: string[] = [];
  const need = (cond: boolean, message: string): void => {
    if (!cond) errors.push(message);
  };
  need(config.policy !== '', '--policy is required: sync, upsert-only or create-only (sync deletes records it owns that no object asks for).');
  need(config.provider !== '', '--provider is required: local, inmemory or aws.');
  need(
    effectiveSources(config).length > 0,
    '--source is required (repeatable), or give --manifest PATH to read Kubernetes manifests from files.',
  );
  need(
    !(config.source.includes('manifests') && config.manifest.length === 0),
    '--source manifests needs at least one --manifest PATH.',
  );
  need(!(config.txtPrefix !== '' && config.txtSuffix !== ''), '--txt-prefix and --txt-suffix cannot be used together.');
  need(
    !(config.txtEncryptEnabled && config.txtEncryptAesKey === ''),
    '--txt-encrypt-enabled needs --txt-encrypt-aes-key.',
  );
  need(
    !(config.ignoreHostnameAnnotation && config.fqdnTemplate === ''),
    '--ignore-hostname-annotation needs --fqdn-template.',
  );
  need(config.registry !== 'txt' || config.txtOwnerId.trim() !== '', '--txt-owner-id cannot be empty with --registry txt.');
  // Zero would re-plan (and call the provider) back to back, forever.
  need(config.interval >= 1000, `--interval must be at least 1s (got ${config.interval} ms).`);
  need(
    !config.leaderElect || (config.retryPeriod < config.renewDeadline && config.renewDeadline < config.leaseDuration),
    `--leader-elect needs --retry-period (${config.retryPeriod} ms) < --renew-deadline (${config.renewDeadline} ms) < --lease-duration (${config.leaseDuration} ms).`,
  );
  if (config.provider === 'local') {
    need(config.zoneDir !== '', '--provider local needs --zone-dir DIR (one <zone>.zone file per zone).');
  }
  if (config.provider === 'inmemory') {
    need(config.inmemoryZone.length > 0, '--provider inmemory needs at least one --inmemory-zone NAME.');
  }
  for (const check of extra) {
    const message = check(config);
    if (message !== undefined) errors.push(message);
  }
  return errors;
}

/** The sources to run: --source, or manifests when only --manifest was given. */
export function effectiveSources(config: Config): readonly string[] {
  if (config.source.length > 0) return config.source;
  return config.manifest.length > 0 ? ['manifests'] : [];
}
