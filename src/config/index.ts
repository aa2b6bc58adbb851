export * from './load.ts';
export * from './validate.ts';
export { FLAGS, SOURCES, PROVIDERS, REGISTRIES } from './flags.ts';
export { camelCase, envSuffix, type FlagDef } from './flag.ts';
