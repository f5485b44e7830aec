// Server-Sent Events, written once: the stream's headers, its first `retry:` line, optional
// keep-alive comments, and its end — when the client goes away, or when the server closes
// (a stop never waits on a client that keeps a stream open).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  /** Writes `event: <name>` with its JSON data, unless the stream has ended. */
  send(event: string, data: unknown): void;
  /** Runs once when the stream ends, whoever ends it. */
  onEnd(cleanup: () => void): void;
  readonly ended: boolean;
}

export interface StreamOptions {
  /** The reconnection delay the browser is told. */
  retryMs: number;
  /** A comment line every so often, so proxies keep the connection. */
  keepAliveMs?: number;
}

/** Streams of one plugin: `open` starts one on a request; every open stream ends before the server closes. */
export function eventStreams(app: FastifyInstance) {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  return {
    open(req: FastifyRequest, reply: FastifyReply, o: StreamOptions): EventStream {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write(`retry: ${o.retryMs}\n\n`);
      let ended = false;
      const cleanups: (() => void)[] = [];
      const keepAlive = o.keepAliveMs ? setInterval(() => res.write(': ping\n\n'), o.keepAliveMs) : undefined;
      keepAlive?.unref();
      const stop = () => {
        if (ended) return;
        ended = true;
        if (keepAlive) clearInterval(keepAlive);
        open.delete(end);
        for (const c of cleanups) c();
      };
      function end() {
        stop();
        res.end();
      }
      open.add(end);
      req.raw.on('close', stop);
      return {
        send(event, data) {
          if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        onEnd(cleanup) {
          if (ended) cleanup();
          else cleanups.push(cleanup);
        },
        get ended() {
          return ended;
        },
      };
    },
  };
}
