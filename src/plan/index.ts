export * from './changes.ts';
export * from './types.ts';
export { calculatePlan } from './plan.ts';
export { POLICY } from './policy.ts';
export { MIN_OWNED_FOR_THRESHOLD } from './safety.ts';
