/**
 * A problem found in user input (an annotation, a manifest, a spec field). It names the object,
 * the field and the value, and says what to do. Problems never throw: they are reported and the
 * affected object's records are left as they are.
 * @module
 */

export type Problem = Readonly<{
  /** The object, as `kind/namespace/name` (the `resource` label form) or a file path. */
  object: string;
  /** The annotation key or field path, e.g. `external-dns.alpha.kubernetes.io/ttl` or `spec.endpoints[0].dnsName`. */
  field: string;
  value: string;
  /** What is wrong and what to do. */
  message: string;
  /**
   * `warning`: a default was used instead, as ExternalDNS would (records still built).
   * `error`: no correct record could be built for the object; its existing records are kept as they are.
   */
  severity: 'warning' | 'error';
}>;

export function formatProblem(p: Problem): string {
  return `${p.object}: ${p.field}="${p.value}": ${p.message}`;
}
