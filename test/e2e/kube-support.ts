/**
 * Harness for the live-Kubernetes end-to-end tests and the controller benchmark: "clusters" (the
 * in-process test API server plus a kubeconfig file), the Route53 emulator with a change-batch
 * recorder, object builders, and the real `bin/zonekeeper run` as child processes (own access key
 * and POD_NAME each, so the emulator's log and the Lease tell replicas apart).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from '../../emulators/kube-apiserver/index.ts';
import { startRoute53Emulator, type ChangeBatchEntry, type Route53Emulator, type Route53EmulatorOptions } from '../../emulators/route53/index.ts';
import { clientFor, createZone } from '../../emulators/route53/sdk-fixture.ts';
import { BIN, freePort, ROOT } from './cli-process.ts';

export const ZONE = 'example.com';
export const NS = 'apps';
const P = 'external-dns.alpha.kubernetes.io/';
const G = 'gateway.networking.k8s.io/v1';
export const ALL_SOURCES = ['service', 'ingress', 'crd', 'gateway-httproute', 'nginx-virtualserver'] as const;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns true; throws naming `what` (and `detail()`) after `timeoutMs`. */
export async function until(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number, detail: () => string = () => '', everyMs = 25): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await Promise.resolve(probe()).catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await sleep(everyMs);
  }
}

// ---- clusters -------------------------------------------------------------------------------

export type Cluster = Readonly<{ api: KubeApiServer; kubeconfig: string; close: () => Promise<void> }>;

/** A test API server with the namespaces the tests use, and its kubeconfig written to `dir/<name>.kubeconfig`. */
export async function startCluster(dir: string, name: string): Promise<Cluster> {
  const api = await startKubeApiServer({ bookmarkIntervalMs: 1000, historySize: 20_000 });
  for (const ns of [NS, 'infra', 'zonekeeper']) api.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  writeFileSync(kubeconfig, api.kubeConfigYaml());
  return { api, kubeconfig, close: () => api.close() };
}

// ---- Route53 --------------------------------------------------------------------------------

export type Route53 = Readonly<{ r53: Route53Emulator; zoneId: string; batches: ChangeBatchEntry[]; close: () => Promise<void> }>;

/** The emulator with one public zone `example.com`, recording every ChangeResourceRecordSets. */
export async function startRoute53(options: Route53EmulatorOptions = {}): Promise<Route53> {
  const r53 = await startRoute53Emulator(options);
  const client = clientFor(r53);
  const zoneId = await createZone(client, ZONE);
  client.destroy();
  const batches: ChangeBatchEntry[] = [];
  r53.onChangeBatch((e) => batches.push(e));
  return { r53, zoneId, batches, close: () => r53.close() };
}

export type ZoneRecord = Readonly<{ name: string; type: string; setIdentifier?: string; weight?: number; values: readonly string[] }>;

/** The zone's record sets other than SOA and NS (names without the trailing dot; alias sets as `alias:TARGET`). */
export function zoneRecords(r: Route53): ZoneRecord[] {
  const zone = r.r53.state.data.zones.find((z) => z.id === r.zoneId);
  return (zone?.records ?? [])
    .filter((s) => s.Type !== 'SOA' && s.Type !== 'NS')
    .map((s) => ({
      name: s.Name.replace(/\.$/, ''),
      type: s.Type,
      ...(s.SetIdentifier === undefined ? {} : { setIdentifier: s.SetIdentifier }),
      ...(s.Weight === undefined ? {} : { weight: s.Weight }),
      values: s.ResourceRecords?.map((v) => v.Value) ?? [`alias:${s.AliasTarget?.DNSName ?? ''}`],
    }));
}

/** The zone as sorted lines `name TYPE [set=ID w=N] v1 v2` (for assertions and failure messages). */
export function zoneLines(r: Route53, filter: (line: string) => boolean = () => true): string[] {
  const lines = zoneRecords(r).map((s) => {
    const routing = s.setIdentifier === undefined ? '' : ` set=${s.setIdentifier}${s.weight === undefined ? '' : ` w=${String(s.weight)}`}`;
    return `${s.name} ${s.type}${routing} ${s.values.join(' ')}`;
  });
  return lines.filter(filter).sort();
}

/** The ownership TXT value ExternalDNS writes (quoted, as Route53 stores it when `quoted`). */
export function ownerTxt(owner: string, resource: string, quoted = true): string {
  const v = `heritage=external-dns,external-dns/owner=${owner},external-dns/resource=${resource}`;
  return quoted ? `"${v}"` : v;
}

// ---- objects --------------------------------------------------------------------------------

type Extra = Readonly<{ annotations?: Record<string, string>; labels?: Record<string, string> }>;

export function lbService(name: string, hostname: string, ip: string, extra: Extra = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: extra.labels ?? {}, annotations: { [`${P}hostname`]: hostname, ...extra.annotations } },
    spec: { type: 'LoadBalancer', clusterIP: '10.0.0.10', ports: [{ port: 80, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip }] } },
  };
}

export function ingress(name: string, host: string, ip: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: NS },
    spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    status: { loadBalancer: { ingress: [{ ip }] } },
  };
}

export function gateway(name: string, ip: string) {
  return {
    apiVersion: G,
    kind: 'Gateway',
    metadata: { name, namespace: 'infra' },
    spec: { gatewayClassName: 'example', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
    status: { addresses: [{ type: 'IPAddress', value: ip }] },
  };
}

export function httpRoute(name: string, host: string, gatewayName: string) {
  const parentRef = { name: gatewayName, namespace: 'infra' };
  return {
    apiVersion: G,
    kind: 'HTTPRoute',
    metadata: { name, namespace: NS },
    spec: { parentRefs: [parentRef], hostnames: [host] },
    status: { parents: [{ parentRef, controllerName: 'example.com/gateway', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] }] },
  };
}

export function virtualServer(name: string, host: string, ip: string) {
  return {
    apiVersion: 'k8s.nginx.org/v1',
    kind: 'VirtualServer',
    metadata: { name, namespace: NS },
    spec: { host, upstreams: [], routes: [] },
    status: { state: 'Valid', externalEndpoints: [{ ip, ports: '[80]' }] },
  };
}

export function dnsEndpoint(name: string, endpoints: readonly Readonly<{ dnsName: string; recordType: string; targets: readonly string[] }>[]) {
  return { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: { name, namespace: NS }, spec: { endpoints } };
}

/** Replaces a Service's load balancer ingress through the status subresource, as a cloud controller does. */
export function setServiceIp(api: KubeApiServer, name: string, ip: string): KubeObject {
  const current = api.store.get({ apiVersion: 'v1', kind: 'Service', namespace: NS, name });
  if (current === undefined) throw new Error(`service ${NS}/${name} does not exist`);
  return api.store.updateStatus({ ...current, apiVersion: 'v1', kind: 'Service', status: { loadBalancer: { ingress: [{ ip }] } } });
}

/** events.k8s.io/v1 Events about one object, as `reason: note` lines in creation order. */
export function eventsAbout(api: KubeApiServer, kind: string, name: string): string[] {
  return api.store
    .list('events.k8s.io/v1', 'Event')
    .filter((e) => {
      const r = (e as { regarding?: { kind?: string; name?: string } }).regarding;
      return r?.kind === kind && r.name === name;
    })
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${String((e as { reason?: unknown }).reason)}: ${String((e as { note?: unknown }).note)}`);
}

// ---- controller processes -------------------------------------------------------------------

export type Leader = Readonly<{ namespace: string; id: string; leaseDuration: string; renewDeadline: string; retryPeriod: string }>;

export type ControllerOptions = Readonly<{
  cluster: Cluster;
  ownerId: string;
  /** Also POD_NAME, so the Lease holder identity starts with it. */
  name: string;
  provider: Readonly<{ kind: 'aws'; route53: Route53; accessKeyId: string }> | Readonly<{ kind: 'local'; zoneDir: string; dnsPort: number }>;
  sources?: readonly string[];
  /** Undefined: --leader-elect=false. */
  leader?: Leader;
  extraArgs?: readonly string[];
  /** Bytes of output kept (the tail), default 256 KiB. */
  keepOutput?: number;
}>;

export type ControllerProcess = Readonly<{
  name: string;
  accessKeyId: string;
  child: ChildProcess;
  pid: number;
  metricsPort: number;
  output: () => string;
  exited: () => boolean;
  /** GET /readyz answered 200 (or throws with the output after `timeoutMs`). */
  waitReady: (timeoutMs: number) => Promise<number>;
  metrics: () => Promise<string>;
  /** VmHWM and VmRSS of the process in KiB, from /proc. */
  memoryKb: () => { hwm: number; rss: number };
  kill9: () => Promise<void>;
  stop: () => Promise<number | null>;
}>;

export async function startController(o: ControllerOptions): Promise<ControllerProcess> {
  const metricsPort = await freePort();
  const args = ['run', '--kubeconfig', o.cluster.kubeconfig, '--txt-owner-id', o.ownerId, '--policy', 'sync', '--log-format', 'json'];
  for (const s of o.sources ?? ALL_SOURCES) args.push('--source', s);
  args.push('--metrics-address', `127.0.0.1:${metricsPort}`, '--interval', '1m', '--event-debounce', '200ms', '--max-event-delay', '2s', '--emit-events');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, POD_NAME: o.name, AWS_EC2_METADATA_DISABLED: 'true' };
  let accessKeyId = '';
  if (o.provider.kind === 'aws') {
    accessKeyId = o.provider.accessKeyId;
    args.push('--provider', 'aws', '--aws-endpoint-url', o.provider.route53.r53.url, '--domain-filter', ZONE);
    Object.assign(env, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: `secret-${o.name}`, AWS_REGION: 'us-east-1' });
  } else {
    args.push('--provider', 'local', '--zone-dir', o.provider.zoneDir, '--local-zone', ZONE, '--dns-listen', `127.0.0.1:${o.provider.dnsPort}`);
  }
  if (o.leader === undefined) args.push('--leader-elect=false');
  else {
    const l = o.leader;
    args.push('--leader-elect', '--leader-election-namespace', l.namespace, '--leader-election-id', l.id);
    args.push('--lease-duration', l.leaseDuration, '--renew-deadline', l.renewDeadline, '--retry-period', l.retryPeriod);
  }
  args.push(...(o.extraArgs ?? []));
  const child = spawn(BIN, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = o.keepOutput ?? 256 * 1024;
  let out = '';
  const append = (d: Buffer): void => {
    out += d.toString();
    if (out.length > 2 * keep) out = out.slice(-keep);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => { r(code); }));
  const pid = child.pid ?? 0;
  const output = (): string => `--- ${o.name} (pid ${pid}, ${child.exitCode === null ? 'running' : `exited ${String(child.exitCode)}`}) output tail ---\n${out.slice(-8000)}`;
  const get = async (path: string): Promise<{ status: number; body: string }> => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}${path}`, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, body: await res.text() };
  };
  return {
    name: o.name,
    accessKeyId,
    child,
    pid,
    metricsPort,
    output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    waitReady: async (timeoutMs) => {
      const start = Date.now();
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${o.name} exited before it was ready\n${output()}`);
        if ((await get('/readyz').catch(() => undefined))?.status === 200) return Date.now() - start;
        if (Date.now() - start > timeoutMs) throw new Error(`${o.name} not ready (GET /readyz) after ${timeoutMs} ms\n${output()}`);
        await sleep(50);
      }
    },
    metrics: async () => (await get('/metrics')).body,
    memoryKb: () => {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
    },
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The Lease's holder identity, or '' when absent. */
export function leaseHolder(api: KubeApiServer, l: Leader): string {
  const lease = api.store.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: l.namespace, name: l.id });
  return (lease as { spec?: { holderIdentity?: string } } | undefined)?.spec?.holderIdentity ?? '';
}

/** Batches that wrote (outcome ok) and name `name` with a value containing `value`. */
export function batchesWith(batches: readonly ChangeBatchEntry[], name: string, value?: string): ChangeBatchEntry[] {
  return batches.filter((b) => b.outcome === 'ok' && b.changes.some((c) => c.name.replace(/\.$/, '') === name && (value === undefined || c.values.some((v) => v.includes(value)))));
}

/** Pairs of ChangeResourceRecordSets calls by `keyA` and `keyB` whose [receivedAt, answeredAt] intervals overlap. */
export function overlappingWrites(batches: readonly ChangeBatchEntry[], keyA: string, keyB: string): number {
  const of = (key: string) => batches.filter((b) => b.accessKeyId === key);
  let overlaps = 0;
  for (const a of of(keyA)) for (const b of of(keyB)) if (a.receivedAt <= b.answeredAt && b.receivedAt <= a.answeredAt) overlaps++;
  return overlaps;
}
