/**
 * The antivirus hook: ClamAV's daemon over TCP (INSTREAM: "zINSTREAM\0", then chunks each
 * preceded by its 4-byte big-endian length, then a zero length; the answer is
 * "stream: OK" or "stream: <name> FOUND"). While the scanner cannot be reached, or answers
 * anything else, the file is refused: nothing is stored unscanned.
 */
import { connect } from 'node:net';
import { AppError } from '../domain/errors.js';

export type ScanResult = { clean: true } | { clean: false; signature: string };

const CHUNK = 256 * 1024;

export function scannerUnavailable(): AppError {
  return new AppError(503, 'scanner_unavailable', {
    it: "Il controllo antivirus dei documenti non è disponibile: riprova tra qualche minuto. Nessun documento è stato salvato.",
    en: 'The antivirus check of documents is not available: try again in a few minutes. No document was stored.',
  });
}

/** Scans bytes with clamd at `url` (tcp://host:port). Throws scanner_unavailable when it cannot. */
export function scanWithClamd(url: string, bytes: Uint8Array, timeoutMs = 30_000): Promise<ScanResult> {
  const u = new URL(url);
  return new Promise<ScanResult>((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(scannerUnavailable());
    };
    socket.setTimeout(timeoutMs, fail);
    socket.on('error', fail);
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let i = 0; i < bytes.length; i += CHUNK) {
        const part = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
        const len = Buffer.alloc(4);
        len.writeUInt32BE(part.length);
        socket.write(len);
        socket.write(part);
      }
      socket.write(Buffer.alloc(4));
    });
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const answer = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
      const m = /^stream: (.+) FOUND$/.exec(answer);
      if (answer === 'stream: OK') resolve({ clean: true });
      else if (m) resolve({ clean: false, signature: m[1]!.slice(0, 200) });
      else reject(scannerUnavailable());
    });
  });
}
