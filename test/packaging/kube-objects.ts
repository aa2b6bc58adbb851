/**
 * Kubernetes objects as the packaging tests see them: validation against the API schemas
 * (kubernetes-models: types, required fields, enums) plus a strict unknown-field check
 * (client-node's generated model metadata), which the schemas alone do not make, so that a
 * misspelt field such as `readOnlyRootFileSystem` fails here rather than being dropped by the
 * API server.
 * @module
 */
import * as kube from '@kubernetes/client-node';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Validatable {
  validate(): void;
}

/** apiVersion/kind → kubernetes-models class and client-node model name. */
const MODELS: Record<string, { create: (data: never) => Validatable; model: string }> = {
  'v1/Namespace': { create: (d) => new Namespace(d), model: 'V1Namespace' },
  'v1/ServiceAccount': { create: (d) => new ServiceAccount(d), model: 'V1ServiceAccount' },
  'v1/Service': { create: (d) => new Service(d), model: 'V1Service' },
  'apps/v1/Deployment': { create: (d) => new Deployment(d), model: 'V1Deployment' },
  'policy/v1/PodDisruptionBudget': { create: (d) => new PodDisruptionBudget(d), model: 'V1PodDisruptionBudget' },
  'rbac.authorization.k8s.io/v1/ClusterRole': { create: (d) => new ClusterRole(d), model: 'V1ClusterRole' },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { create: (d) => new ClusterRoleBinding(d), model: 'V1ClusterRoleBinding' },
  'rbac.authorization.k8s.io/v1/Role': { create: (d) => new Role(d), model: 'V1Role' },
  'rbac.authorization.k8s.io/v1/RoleBinding': { create: (d) => new RoleBinding(d), model: 'V1RoleBinding' },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    create: (d) => new CustomResourceDefinition(d),
    model: 'V1CustomResourceDefinition',
  },
};

export function describeObject(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace === undefined ? '' : `${obj.metadata.namespace}/`}${obj.metadata.name}`;
}

type AttributeMap = { name: string; baseName: string; type: string }[];

function attributeMap(model: string): AttributeMap | undefined {
  const cls = (kube as unknown as Record<string, { getAttributeTypeMap?: () => AttributeMap } | undefined>)[model];
  return cls?.getAttributeTypeMap?.();
}

/** Paths of fields that no Kubernetes model of this type declares. */
export function unknownFields(value: unknown, model: string, path = ''): string[] {
  const attributes = attributeMap(model);
  if (attributes === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    if (attribute === undefined) {
      out.push(`${path}.${key}`);
      continue;
    }
    const list = /^Array<(.+)>$/.exec(attribute.type)?.[1];
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(attribute.type)?.[1];
    if (list !== undefined && Array.isArray(child)) {
      child.forEach((item, i) => out.push(...unknownFields(item, list, `${path}.${key}[${i}]`)));
    } else if (map !== undefined && typeof child === 'object' && child !== null) {
      for (const [k, v] of Object.entries(child as Record<string, unknown>)) out.push(...unknownFields(v, map, `${path}.${key}.${k}`));
    } else {
      out.push(...unknownFields(child, attribute.type, `${path}.${key}`));
    }
  }
  return out;
}

/** Throws, naming the object and every problem, unless the object matches the API schema. */
export function validateObject(obj: KubeObject): void {
  const entry = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (entry === undefined) throw new Error(`${describeObject(obj)}: no schema known for ${obj.apiVersion} ${obj.kind}`);
  try {
    entry.create(obj as never).validate();
  } catch (error) {
    throw new Error(`${describeObject(obj)} does not match the Kubernetes schema: ${(error as Error).message}`, { cause: error });
  }
  const unknown = unknownFields(obj, entry.model);
  if (unknown.length > 0) throw new Error(`${describeObject(obj)} has fields Kubernetes does not know: ${unknown.join(', ')}`);
}

export function findObject(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} named ${name} among: ${objects.map(describeObject).join(', ')}`);
  }
  return found;
}

export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}
