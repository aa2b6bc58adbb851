/**
 * Defaults for where the Lease lives and who we are in it: the pod's own namespace (from the
 * service-account mount or POD_NAMESPACE) and a unique identity per process (pod name plus a random
 * suffix, so a restarted container never mistakes its predecessor's lease for its own).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** --leader-election-namespace when set, else POD_NAMESPACE, else the service-account namespace, else `default`. */
export function leaseNamespace(flag: string, env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  if (flag !== '') return flag;
  const fromEnv = env.POD_NAMESPACE?.trim() ?? '';
  if (fromEnv !== '') return fromEnv;
  try {
    const fromFile = readFile(SERVICE_ACCOUNT_NAMESPACE_FILE).trim();
    if (fromFile !== '') return fromFile;
  } catch {
    // Not in a pod: fall through to the default namespace.
  }
  return 'default';
}

/** `<pod name>_<8 hex>`: unique per process, readable in `kubectl get lease -o yaml`. */
export function electionIdentity(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.POD_NAME?.trim() || hostname();
  return `${name}_${randomUUID().slice(0, 8)}`;
}
