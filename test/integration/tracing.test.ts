// Issue 22 §4: with OTEL_EXPORTER_OTLP_ENDPOINT the server sends a span per request to an
// OpenTelemetry collector over OTLP/HTTP. Here the collector is a local HTTP server that takes
// what a collector's OTLP/HTTP receiver takes (POST /v1/traces, JSON) and keeps it.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes: { key: string; value: Record<string, unknown> }[]; status?: { code?: number } }

describe('traces to an OpenTelemetry collector', () => {
  let collector: Server;
  let server: TestServer;
  const received: { path: string; contentType: string | undefined; service: string | undefined; spans: OtlpSpan[] }[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const doc = JSON.parse(body) as { resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of doc.resourceSpans) {
          received.push({
            path: req.url ?? '', contentType: req.headers['content-type'],
            service: rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue as string | undefined,
            spans: rs.scopeSpans.flatMap((s) => s.spans),
          });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as { port: number };
    server = await startTestServer({ tracing: { endpoint: `http://127.0.0.1:${port}/`, serviceName: 'sportello-test', exportDelayMs: 100 } });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => collector.close(resolve));
  });

  const spans = () => received.flatMap((r) => r.spans);
  const attr = (s: OtlpSpan, key: string) => {
    const v = s.attributes.find((a) => a.key === key)?.value;
    return v ? (v.stringValue ?? Number(v.intValue)) : undefined;
  };
  async function spanOf(requestId: string): Promise<OtlpSpan> {
    for (let i = 0; i < 100; i++) {
      const s = spans().find((x) => attr(x, 'sportello.request_id') === requestId);
      if (s) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no span for request ${requestId}`);
  }

  it('a server span per request, named by its route, joining the caller’s trace (traceparent)', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = '00f067aa0ba902b7';
    const deskRes = await fetch(`${server.url}/api/provinces`, { headers: { traceparent: `00-${traceId}-${parent}-01`, 'x-request-id': 'trace-test-1' } });
    expect(deskRes.status).toBe(200);
    const span = await spanOf('trace-test-1');
    expect([span.name, span.kind, span.traceId, span.parentSpanId]).toEqual(['GET /api/provinces', 2, traceId, parent]);
    expect([attr(span, 'http.request.method'), attr(span, 'http.route'), attr(span, 'url.path'), attr(span, 'http.response.status_code')])
      .toEqual(['GET', '/api/provinces', '/api/provinces', 200]);
    const batch = received.find((r) => r.spans.includes(span))!;
    expect([batch.path, batch.contentType, batch.service]).toEqual(['/v1/traces', 'application/json', 'sportello-test']);
  });

  it('a request without traceparent starts a trace; a route with parameters is named by its pattern; a refusal is traced with its status', async () => {
    const res = await fetch(`${server.url}/api/desks/00000000-0000-4000-8000-000000000000`, { headers: { 'x-request-id': 'trace-test-2' } });
    expect(res.status).toBe(404);
    const span = await spanOf('trace-test-2');
    expect(span.parentSpanId ?? '').toBe('');
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect([span.name, attr(span, 'http.response.status_code')]).toEqual(['GET /api/desks/:id', 404]);
    expect(span.status?.code ?? 0).toBe(0); // a 4xx is the client's: not an error of the server
  });
});
