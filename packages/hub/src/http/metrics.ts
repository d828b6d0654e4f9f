/**
 * Prometheus metrics at `GET /metrics` (opt-in: `metrics: true`, `teleecho hub --metrics`), with prom-client and a
 * registry of this app's own (several hubs in one process keep separate figures):
 * - `teleecho_http_request_duration_seconds{method,route,status}`: request latency by route pattern;
 * - `teleecho_sse_open_streams`: event streams open on this process;
 * - `teleecho_event_delivery_lag_seconds`: from an event's commit to its delivery to this process's subscribers
 *   (through the Redis relay when there are several processes);
 * - the default Node.js process metrics (event-loop lag, memory, CPU), prefixed `teleecho_`.
 * @packageDocumentation
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Registers the metrics and the `/metrics` route on `app`. */
export function installMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'teleecho_' });
  const latency = new Histogram({
    name: 'teleecho_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'teleecho_sse_open_streams',
    help: 'Event streams (GET /v1/events) open on this process',
    registers: [registry],
    collect() {
      this.set(app.streams.size);
    },
  });
  const lag = new Histogram({
    name: 'teleecho_event_delivery_lag_seconds',
    help: "From an event's commit to its delivery to this process's subscribers",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'teleecho_events_delivered_total',
    help: "Events handed to this process's subscribers",
    registers: [registry],
  });

  const unsubscribe = app.storage.onEvent((event) => {
    delivered.inc();
    const at = Date.parse(event.at);
    if (Number.isFinite(at)) lag.observe(Math.max(0, Date.now() - at) / 1000);
  });
  app.addHook('onClose', async () => unsubscribe());
  app.addHook('onResponse', async (request, reply) => {
    // the route's pattern ("/v1/cases/:id"), never the URL (ids would make a series per case)
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
