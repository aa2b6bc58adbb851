/**
 * ExternalDNS annotation lookup under both prefixes. `external-dns.kubernetes.io/` is current and
 * wins over the older `external-dns.alpha.kubernetes.io/`; when both are set differently the user
 * gets a warning naming both keys, because one of them is stale.
 * @module
 */
import type { Problem } from '../../endpoint/index.ts';

export const ANNOTATION_PREFIX = 'external-dns.kubernetes.io/';
export const ALPHA_ANNOTATION_PREFIX = 'external-dns.alpha.kubernetes.io/';

/** One annotation as the user wrote it: the full key and its value. */
export type Annotation = Readonly<{ key: string; value: string }>;

/** ExternalDNS annotations of one object by suffix (`hostname`, `aws-weight`, ...). */
export type DnsAnnotationMap = ReadonlyMap<string, Annotation>;

export function makeProblem(
  object: string,
  field: string,
  value: string,
  message: string,
  severity: Problem['severity'],
): Problem {
  return { object, field, value, message, severity };
}

/** Collects the ExternalDNS annotations of `object`, resolving prefix conflicts. */
export function collectDnsAnnotations(
  annotations: Readonly<Record<string, string>>,
  object: string,
  problems: Problem[],
): DnsAnnotationMap {
  const out = new Map<string, Annotation>();
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(ALPHA_ANNOTATION_PREFIX)) continue;
    out.set(key.slice(ALPHA_ANNOTATION_PREFIX.length), { key, value });
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const suffix = key.slice(ANNOTATION_PREFIX.length);
    const alpha = out.get(suffix);
    if (alpha !== undefined && alpha.value !== value) {
      problems.push(
        makeProblem(
          object,
          key,
          value,
          `both ${key}="${value}" and ${alpha.key}="${alpha.value}" are set; using ${key}. ` +
            `Remove ${alpha.key} or give both the same value.`,
          'warning',
        ),
      );
    }
    out.set(suffix, { key, value });
  }
  return out;
}

/** Provider-specific property name for an annotation suffix, as ExternalDNS maps it (undefined: not one). */
export function providerSpecificName(suffix: string): string | undefined {
  for (const provider of ['aws', 'scw', 'webhook', 'coredns']) {
    if (suffix.startsWith(`${provider}-`) && suffix.length > provider.length + 1) {
      return `${provider}/${suffix.slice(provider.length + 1)}`;
    }
  }
  if (suffix === 'azure-tags') return 'azure/tags';
  // Cloudflare keeps the full annotation key as the property name (an ExternalDNS exception).
  if (['cloudflare-proxied', 'cloudflare-custom-hostname', 'cloudflare-region-key', 'cloudflare-record-comment', 'cloudflare-tags'].includes(suffix)) {
    return `${ALPHA_ANNOTATION_PREFIX}${suffix}`;
  }
  return undefined;
}
