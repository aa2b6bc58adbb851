/**
 * The security properties both install paths (Kustomize base and Helm chart) must have, as pure
 * functions returning a list of problems (empty = fine), so a failure names every offence at once.
 * @module
 */
import type { KubeObject } from './kube-objects.ts';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path?: string; port?: string | number } };
  readinessProbe?: { httpGet?: { path?: string; port?: string | number } };
  securityContext?: SecurityContext;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
}

export interface PodSpec {
  serviceAccountName?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { fsGroup?: number };
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string; defaultMode?: number }; emptyDir?: unknown }[];
}

export function podSpec(deployment: KubeObject): PodSpec {
  const spec = deployment.spec as { template: { spec: PodSpec } };
  return spec.template.spec;
}

export function rulesOf(role: KubeObject): Rule[] {
  return (role.rules as Rule[] | undefined) ?? [];
}

/** Non-root, read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp. */
export function hardenedPodProblems(deployment: KubeObject): string[] {
  const pod = podSpec(deployment);
  const problems: string[] = [];
  const podCtx = pod.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[field] === true) problems.push(`pod: ${field} is true`);
  }
  if (podCtx.seccompProfile?.type !== 'RuntimeDefault') problems.push('pod: seccompProfile.type is not RuntimeDefault');
  for (const c of pod.containers) {
    const ctx = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if ((ctx.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
    const uid = ctx.runAsUser ?? podCtx.runAsUser;
    if (uid === undefined || uid === 0) problems.push(`${where}: runAsUser is ${String(uid)}, expected a non-zero uid`);
    if (ctx.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
    if (ctx.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (ctx.privileged === true) problems.push(`${where}: privileged`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities.drop lacks ALL`);
    if ((ctx.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities ${String(ctx.capabilities?.add)}`);
    if ((ctx.seccompProfile?.type ?? podCtx.seccompProfile?.type) !== 'RuntimeDefault') {
      problems.push(`${where}: seccompProfile.type is not RuntimeDefault`);
    }
    if (c.resources?.limits?.memory === undefined) problems.push(`${where}: no memory limit`);
  }
  return problems;
}

const READ = ['get', 'list', 'watch'];

/** The only writes zonekeeper may have: `group/resource` → verbs. */
const WRITES: Record<string, readonly string[]> = {
  'externaldns.k8s.io/dnsendpoints/status': ['patch'],
  'events.k8s.io/events': ['create', 'patch'],
};
/** Only in a ClusterRole named `*-status-annotation` (opt-in, for --status-annotation). */
const STATUS_ANNOTATION_WRITES: Record<string, readonly string[]> = {
  '/services': ['patch'],
  'networking.k8s.io/ingresses': ['patch'],
};
const LEASE_VERBS = ['get', 'create', 'update'];

/**
 * Least privilege: no wildcards, no Secrets or ConfigMaps, no RBAC or impersonation verbs, reads
 * only with get/list/watch, writes only from WRITES, leases only in a namespaced Role.
 */
export function rbacProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const role of objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
    const where = `${role.kind} ${role.metadata.name}`;
    if (role.aggregationRule !== undefined) problems.push(`${where}: aggregationRule`);
    for (const rule of rulesOf(role)) problems.push(...ruleProblems(role, rule).map((p) => `${where}: ${p}`));
  }
  return problems;
}

function ruleProblems(role: KubeObject, rule: Rule): string[] {
  const problems: string[] = [];
  const optIn = role.kind === 'ClusterRole' && role.metadata.name.endsWith('-status-annotation');
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if ((rule.nonResourceURLs ?? []).length > 0) problems.push('nonResourceURLs');
  for (const s of [...groups, ...resources, ...rule.verbs]) if (s.includes('*')) problems.push(`wildcard "${s}"`);
  const keys = groups.flatMap((group) => resources.map((resource) => ({ key: `${group}/${resource}`, resource })));
  for (const { key, resource } of keys) {
    if (resource === 'secrets' || resource === 'configmaps') problems.push(`access to ${key}`);
    if (resource === 'leases') {
      if (role.kind !== 'Role') problems.push('leases outside a namespaced Role');
      const bad = rule.verbs.filter((v) => !LEASE_VERBS.includes(v));
      if (bad.length > 0) problems.push(`${key} verbs ${bad.join(',')}`);
      continue;
    }
    const allowed = [...READ, ...(WRITES[key] ?? []), ...(optIn ? (STATUS_ANNOTATION_WRITES[key] ?? []) : [])];
    const bad = rule.verbs.filter((v) => !allowed.includes(v));
    if (bad.length > 0) problems.push(`${key} verbs ${bad.join(',')} are not needed`);
  }
  return problems;
}

/** Verbs granted on `group/resource` by all ClusterRoles together. */
export function clusterVerbs(objects: readonly KubeObject[], group: string, resource: string): string[] {
  const verbs = new Set<string>();
  for (const role of objects.filter((o) => o.kind === 'ClusterRole')) {
    for (const rule of rulesOf(role)) {
      if ((rule.apiGroups ?? []).includes(group) && (rule.resources ?? []).includes(resource)) {
        for (const v of rule.verbs) verbs.add(v);
      }
    }
  }
  return [...verbs].sort();
}
