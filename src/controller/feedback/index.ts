/**
 * Feedback on source objects: Events, DNSEndpoint status, and the status annotation.
 * `feedbackFrom` is pure; `createFeedbackApplier` writes through a FeedbackApi port.
 * @module
 */
export { EVENT_REASONS, feedbackFrom } from './feedback.ts';
export type { EventReason, FeedbackEvent, FeedbackInput, FeedbackItem, ObjectDnsStatus, ReadyReason } from './feedback.ts';
export { createFeedbackApplier, STATUS_ANNOTATION } from './applier.ts';
export type { FeedbackApplier, FeedbackApplierOptions, FeedbackReport } from './applier.ts';
export { createEventRecorder, REPORTING_CONTROLLER } from './events.ts';
export type { EventRecorder, EventRecorderOptions } from './events.ts';
export { createKubeFeedbackApi } from './kube-api.ts';
export type { FeedbackApi, LiveObject } from './kube-api.ts';
export { objectRefOf, RESOURCE_KINDS } from './object-ref.ts';
export type { ObjectRef } from './object-ref.ts';
export { nextDnsEndpointStatus, statusAnnotationValue } from './status.ts';
export { heldBackChanges } from './held-back.ts';
