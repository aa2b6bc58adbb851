export { createNoopRegistry } from './noop-registry.ts';
