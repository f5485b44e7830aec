/**
 * Traces to an OpenTelemetry collector (issue 22 §4), when OTEL_EXPORTER_OTLP_ENDPOINT is set:
 * one server span per HTTP request — named by its route (`GET /api/desks/:id/slots`), with the
 * method, route, path, status and the request id (the one of its log lines and problems) — sent
 * in batches over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`. An incoming W3C `traceparent` is
 * followed: the span joins the caller's trace (a proxy's, another service's). Spans are made in
 * Fastify's hooks, not by patching modules, so nothing depends on the order of imports.
 * Without the setting nothing is registered and nothing is sent.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Span, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION, ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base address (`/v1/traces` is added). */
  endpoint: string;
  /** OTEL_SERVICE_NAME (default `sportello`). */
  serviceName?: string;
  /** Largest wait before a batch of spans is sent (default 5 s, the SDK's). */
  exportDelayMs?: number;
}

const headerGetter: TextMapGetter<FastifyRequest['headers']> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export function traceRequests(app: FastifyInstance, settings: TracingSettings, version = '0.1.0'): void {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName ?? 'sportello', [ATTR_SERVICE_VERSION]: version }),
    spanProcessors: [new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` }),
      scheduledDelayMillis: settings.exportDelayMs ?? 5_000,
    })],
  });
  const tracer = provider.getTracer('sportello-http', version);
  const propagator = new W3CTraceContextPropagator();
  const spans = new WeakMap<FastifyRequest, Span>();

  app.addHook('onRequest', async (req) => {
    const parent = propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
    const route = req.routeOptions.url ?? 'unmatched';
    spans.set(req, tracer.startSpan(`${req.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: req.method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_URL_PATH]: req.url.split('?')[0]!,
        'sportello.request_id': req.id,
      },
    }, parent));
  });
  app.addHook('onResponse', async (req, reply) => {
    const span = spans.get(req);
    if (!span) return;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    spans.delete(req);
  });
  // The spans still waiting are sent before the server stops (SIGTERM: graceful stop).
  app.addHook('onClose', async () => provider.shutdown());
}
