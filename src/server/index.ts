/**
 * The operations HTTP endpoint: health, readiness, Prometheus metrics.
 * @module
 */
export { parseListenAddress, startHttpServer } from './http-server.ts';
export type { Check, HealthChecks, HttpServer, HttpServerOptions } from './http-server.ts';
