export * from './record-type.ts';
export * from './name.ts';
export * from './targets.ts';
export * from './labels.ts';
export * from './endpoint.ts';
export * from './domain-filter.ts';
export * from './problem.ts';
