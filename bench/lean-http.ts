/**
 * A lean HTTP/1.1 client for load generators that open one connection per simulated person
 * (bench/surge-attack.ts: 50,000 people, each from its own loopback address). On this two-core
 * machine the load generator's CPU is taken from the server and PostgreSQL it measures: an
 * undici Client per person cost about 0.5 ms of CPU a person, this plain socket a fraction of it.
 *
 * One request at a time per connection (keep-alive), answers framed by Content-Length or
 * chunked encoding, as the server sends them; anything else is an error of the request.
 */
import { connect, type Socket } from 'node:net';

export interface LeanAnswer {
  status: number;
  /** Header names in lower case; a repeated header keeps its first value. */
  headers: Record<string, string>;
  text: string;
}

interface Pending {
  resolve(answer: LeanAnswer): void;
  reject(err: Error): void;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export class LeanConnection {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  private closed = false;

  constructor(private readonly host: string, private readonly port: number, private readonly localAddress?: string) {}

  static to(base: string, localAddress?: string): LeanConnection {
    const url = new URL(base);
    return new LeanConnection(url.hostname, Number(url.port), localAddress);
  }

  request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<LeanAnswer> {
    if (this.pending) return Promise.reject(new Error('lean-http: one request at a time'));
    if (this.closed) return Promise.reject(new Error('lean-http: connection closed'));
    const socket = this.socket ?? this.open();
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const payload = body === undefined ? null : Buffer.from(body, 'utf8');
    if (payload) head += `content-length: ${payload.length}\r\n`;
    head += '\r\n';
    return new Promise<LeanAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : head);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.fail(new Error('lean-http: connection closed'));
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, ...(this.localAddress ? { localAddress: this.localAddress } : {}) });
    socket.setNoDelay(true);
    socket.setTimeout(60_000, () => {
      this.fail(new Error('lean-http: no answer in 60 s'));
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    // A socket given up after `Connection: close` may still report: only the current one counts.
    socket.on('error', (err) => {
      if (this.socket === socket) this.fail(err);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.fail(new Error('lean-http: the server closed the connection'));
    });
    this.socket = socket;
    return socket;
  }

  private fail(err: Error): void {
    const p = this.pending;
    this.pending = null;
    this.buffer = Buffer.alloc(0);
    p?.reject(err);
  }

  /** Hands the answer to its request once it is whole. */
  private parse(): void {
    if (!this.pending) return;
    const end = this.buffer.indexOf(HEAD_END);
    if (end < 0) return;
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(lines[0]!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
    }
    const start = end + HEAD_END.length;
    let bodyEnd: number;
    let body: Buffer;
    if (headers['content-length'] !== undefined) {
      bodyEnd = start + Number(headers['content-length']);
      if (this.buffer.length < bodyEnd) return;
      body = this.buffer.subarray(start, bodyEnd);
    } else if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) return this.fail(new Error('lean-http: bad chunk'));
        const dataEnd = lineEnd + 2 + size;
        if (this.buffer.length < dataEnd + 2) return;
        if (size === 0) {
          bodyEnd = dataEnd + 2;
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, dataEnd));
        at = dataEnd + 2;
      }
      body = Buffer.concat(parts);
    } else if (status === 204 || status === 304) {
      bodyEnd = start;
      body = Buffer.alloc(0);
    } else {
      return this.fail(new Error('lean-http: an answer without a length'));
    }
    const p = this.pending;
    this.pending = null;
    this.buffer = this.buffer.subarray(bodyEnd);
    p.resolve({ status, headers, text: body.toString('utf8') });
    if (headers.connection?.toLowerCase() === 'close') {
      this.socket?.destroy();
      this.socket = null;
    }
  }
}
