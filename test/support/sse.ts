// A Server-Sent Events stream read as the web app's EventSource reads it (Accept:
// text/event-stream, the session cookie), with a bounded wait for an event.

export interface SseEvent {
  event: string;
  data: any;
}

export interface Sse {
  events: SseEvent[];
  /** Waits (at most `ms`, polling) until an event from index `after` on passes `match`; returns it. */
  next(match: (e: SseEvent) => boolean, after?: number, ms?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens the stream; resolves once its first line (`retry:`) arrived, written in the turn the server subscribes. */
export async function openStream(url: string, headers: Record<string, string>): Promise<Sse> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: ctrl.signal });
  if (res.status !== 200) throw new Error(`stream ${url}: ${res.status} ${await res.text()}`);
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let opened!: () => void;
  const open = new Promise<void>((r) => (opened = r));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith('retry:')) opened();
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  await open;
  return {
    events,
    async next(match, after = 0, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = events.slice(after).find(match);
        if (found) return found;
        if (Date.now() > until) throw new Error(`no matching event on ${url} within ${ms} ms (seen: ${JSON.stringify(events.slice(after)).slice(0, 500)})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => ctrl.abort(),
  };
}
