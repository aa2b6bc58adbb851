/**
 * Where the Kubernetes client configuration comes from, in ExternalDNS's order: `--kubeconfig PATH`,
 * then `$KUBECONFIG`, then the pod's service account (in-cluster), then `~/.kube/config`. Every
 * failure names the source it tried, so a user knows which file or variable to fix.
 * @module
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export type ConnectionOptions = Readonly<{
  /** `--kubeconfig` ('' = not given). */
  kubeconfig?: string;
  /** `--server`: overrides the API server URL of the chosen configuration ('' = keep). */
  server?: string;
  /** The environment to read KUBECONFIG and KUBERNETES_SERVICE_HOST/PORT from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Prefix of the service-account files (tests); default '' = /var/run/secrets/kubernetes.io/serviceaccount. */
  serviceAccountRoot?: string;
  /** Home directory for `~/.kube/config` (tests). */
  home?: string;
}>;

export type Connection = Readonly<{
  kubeConfig: KubeConfig;
  /** Where the configuration came from, for the startup log (never contains credentials). */
  source: string;
  /** The API server URL in use. */
  server: string;
}>;

export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Loads the client configuration; throws KubeConfigError naming the source and what to do. */
export function loadConnection(options: ConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const flag = options.kubeconfig ?? '';
  let loaded: Connection;
  if (flag !== '') loaded = fromFiles([flag], `--kubeconfig ${flag}`);
  else if ((env.KUBECONFIG ?? '') !== '') loaded = fromFiles((env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== ''), `$KUBECONFIG (${env.KUBECONFIG ?? ''})`);
  else if ((env.KUBERNETES_SERVICE_HOST ?? '') !== '') loaded = inCluster(env, options.serviceAccountRoot ?? '');
  else {
    const home = join(options.home ?? homedir(), '.kube', 'config');
    if (!existsSync(home)) {
      throw new KubeConfigError(
        'no Kubernetes configuration found: pass --kubeconfig PATH, set KUBECONFIG, or run in a pod with a service account ' +
          `(KUBERNETES_SERVICE_HOST is not set and ${home} does not exist)`,
      );
    }
    loaded = fromFiles([home], home);
  }
  const server = options.server ?? '';
  if (server === '') return loaded;
  const cluster = loaded.kubeConfig.getCurrentCluster();
  if (cluster === null) throw new KubeConfigError(`${loaded.source}: no current cluster to apply --server ${server} to`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: loaded.kubeConfig.clusters.map((c) => (c.name === cluster.name ? { ...c, server } : c)),
    users: loaded.kubeConfig.users,
    contexts: loaded.kubeConfig.contexts,
    currentContext: loaded.kubeConfig.currentContext,
  });
  return { kubeConfig: kc, source: `${loaded.source} with --server`, server };
}

function fromFiles(files: readonly string[], source: string): Connection {
  const kc = new KubeConfig();
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === files.length) throw new KubeConfigError(`${source}: file ${missing.join(', ')} does not exist; fix the path`);
  try {
    const [first, ...rest] = files.filter((f) => existsSync(f));
    kc.loadFromFile(first ?? '');
    for (const file of rest) {
      const more = new KubeConfig();
      more.loadFromFile(file);
      kc.mergeConfig(more);
    }
  } catch (error) {
    // Only the first line: YAML parsers append a snippet of the file, which may hold a token.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new KubeConfigError(`${source}: cannot read the kubeconfig: ${reason}`);
  }
  return checked(kc, source);
}

function inCluster(env: Readonly<Record<string, string | undefined>>, root: string): Connection {
  const source = `in-cluster service account (${root}${SERVICE_ACCOUNT_DIR})`;
  const tokenFile = `${root}${SERVICE_ACCOUNT_DIR}/token`;
  if (!existsSync(tokenFile)) {
    throw new KubeConfigError(`${source}: ${tokenFile} does not exist; mount a service account token (automountServiceAccountToken) or pass --kubeconfig`);
  }
  if ((env.KUBERNETES_SERVICE_PORT ?? '') === '') throw new KubeConfigError(`${source}: KUBERNETES_SERVICE_HOST is set but KUBERNETES_SERVICE_PORT is not`);
  // client-node reads these two variables from process.env; pass ours through without touching it for good.
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  const kc = new KubeConfig();
  try {
    process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
    process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
    kc.loadFromCluster(root);
  } finally {
    restore('KUBERNETES_SERVICE_HOST', saved.host);
    restore('KUBERNETES_SERVICE_PORT', saved.port);
  }
  return checked(kc, source);
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}

function checked(kc: KubeConfig, source: string): Connection {
  const context = kc.getCurrentContext();
  if (context === '') throw new KubeConfigError(`${source}: no current-context is set; run "kubectl config use-context NAME" or set current-context`);
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new KubeConfigError(`${source}: context "${context}" names a cluster that is not defined`);
  if (cluster.server === '') throw new KubeConfigError(`${source}: cluster "${cluster.name}" has no server URL`);
  if (cluster.server.startsWith('http://') && !cluster.skipTLSVerify) {
    throw new KubeConfigError(`${source}: cluster "${cluster.name}" uses plain http (${cluster.server}); the client refuses it unless insecure-skip-tls-verify is set`);
  }
  return { kubeConfig: kc, source, server: cluster.server };
}
