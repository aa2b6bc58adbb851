// Public surface of the Kubernetes API server emulator used by zonekeeper's tests.

export { startKubeApiServer } from './server.ts';
export type { KubeApiServer, KubeApiServerOptions } from './server.ts';
export type { KubeStoreHandle, ObjectRef, ObjectInput, ListFilter } from './handle.ts';
export type { KubeFaults } from './faults.ts';
export type { ExpiredMode } from './watch.ts';
export type { ResourceSpec, ResourceType } from './registry.ts';
export type { KubeObject } from './object.ts';
export { BUILTIN_RESOURCES } from './registry.ts';
export { isProtectedGroup, APPROVAL_ANNOTATION } from './crd.ts';
export { JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from './patch.ts';
