/**
 * One LISTEN connection on a PostgreSQL channel, kept open: reconnects a second after it is
 * lost, for as long as it is not closed. What crosses instances (the operator console's live
 * events, desk calendar changes) arrives through it.
 */
import pg from 'pg';

export interface PgListener {
  close(): Promise<void>;
}

export async function listenChannel(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  log: (msg: string, err?: unknown) => void = () => undefined,
): Promise<PgListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
  let client: pg.Client | null = null;
  let closed = false;
  let reconnect: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (closed || reconnect) return;
    client = null;
    reconnect = setTimeout(() => {
      reconnect = null;
      connect().catch((err: unknown) => {
        log(`LISTEN ${channel}: reconnect failed`, err);
        scheduleReconnect();
      });
    }, 1000);
    reconnect.unref();
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: `sportello-listen-${channel}` });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload) onPayload(n.payload);
    });
    c.on('error', (err) => {
      log(`LISTEN ${channel}: connection lost`, err);
      scheduleReconnect();
    });
    c.on('end', () => scheduleReconnect());
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    if (closed) await c.end().catch(() => undefined);
    else client = c;
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (reconnect) clearTimeout(reconnect);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
