/**
 * Certificate path check for the emulator: the leaf must be in date and chain, through the
 * intermediates the client sent, to one of the configured trust anchor CAs.
 * @module
 */
import type { X509Certificate } from 'node:crypto';

const MAX_DEPTH = 5;

function validityProblem(cert: X509Certificate, now: Date, role: string): string | undefined {
  if (now < cert.validFromDate) {
    return `${role} certificate "${cert.subject}" is not yet valid (notBefore ${cert.validFromDate.toISOString()})`;
  }
  if (now > cert.validToDate) {
    return `${role} certificate "${cert.subject}" has expired (notAfter ${cert.validToDate.toISOString()})`;
  }
  return undefined;
}

/** Whether `issuer` issued and signed `cert`. */
function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/** Undefined when the path is good, else a sentence saying what is wrong. */
export function checkChain(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: Date,
): string | undefined {
  const leafProblem = validityProblem(leaf, now, 'Client');
  if (leafProblem !== undefined) return leafProblem;
  let current = leaf;
  const used = new Set<X509Certificate>();
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor !== undefined) return validityProblem(anchor, now, 'Trust anchor');
    const next = intermediates.find((c) => !used.has(c) && c.ca && issuedBy(current, c));
    if (next === undefined) break;
    const problem = validityProblem(next, now, 'Intermediate');
    if (problem !== undefined) return problem;
    used.add(next);
    current = next;
  }
  return `Untrusted certificate: "${leaf.subject}" (issuer "${leaf.issuer}") does not chain to a configured trust anchor CA`;
}
