import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMeasured } from './model-national.js';
import { PLAN, sizeNational, type MeasuredCosts } from './national-model.js';

const measured: MeasuredCosts = {
  booking: { serverCpuMsPerBooking: 0.5, postgresCpuMsPerBooking: 0.8 },
  availability: { serverCpuMsPerRead: 0.2 },
  surge: { serverCpuMsPerAttempt: 0.5, postgresCpuMsPerAttempt: 0.4, bytesPerBooking: 5_000 },
  dashboard: { regionLiveQueryMs: 600, desksMeasured: 90 },
  notify: { messagesPerSecond: 100 },
};

describe('national sizing from measured costs', () => {
  it('the plan: 1 M bookings a day, release mornings of 100,000 places in a minute', () => {
    const s = sizeNational(measured, PLAN);
    // 1,000,000 × 15 % / 3600 s = 41.7 bookings/s; server (0.5 + 8 × 0.2) ms each at 50 % → 0.2 cores.
    expect(s.dailyPeak).toEqual({ bookingsPerS: 41.7, requestsPerS: 416.7, serverCores: 0.2, postgresCores: 0.1 });
    // 100,000 × 5 / 60 s = 8,333 attempts/s; 0.5 ms → 8.3 server cores, 0.4 ms → 6.7 PostgreSQL cores at 50 %.
    expect(s.releaseMorning).toEqual({ attemptsPerS: 8333.3, requestsPerS: 16666.7, serverCores: 8.3, postgresCores: 6.7 });
    expect(s.instances).toBe(9);
    // 20 regions × 600 ms × (90 desks / 90 measured) / 5 s at 50 %.
    expect(s.dashboardPostgresCores).toBe(4.8);
    expect(s.postgresCores).toBe(12);
    expect(s.notificationWorkers).toBe(2);
    expect(s.postgresGB).toBe(2000); // 5,000 B × 1 M a day × 400 days
    expect(s.primaryLimit).toEqual({ bookingsPerS: 40_000, releasePlacesPerMinute: 960_000, bindsOn: 'release morning' });
  });

  it('a smaller plan still keeps three instances for rolling restarts', () => {
    expect(sizeNational(measured, { ...PLAN, releasePlaces: 1_000, bookingsPerDay: 10_000 }).instances).toBe(3);
  });

  it('reads the benchmarks’ last results, and names the benchmark to run when one is missing', () => {
    const dir = `${mkdtempSync(join(tmpdir(), 'model-'))}/`;
    const write = (name: string, r: object) => writeFileSync(`${dir}${name}.json`, JSON.stringify({ recordedAt: '2026-12-07T00:00:00Z', machine: 'dev-2vcpu', ...r }));
    write('booking', { serverCpuMsPerBooking: 0.5, postgresCpuMsPerBooking: 0.8 });
    write('availability', { saturation: { serverCpuMsPerReq: 0.2 } });
    write('dashboard', { desks: 90, queries: { 'live.region': 600 } });
    write('notify', { messagesPerSecond: 100 });
    expect(() => readMeasured(dir)).toThrow(/no result of bench:surge .*run npm run bench:surge/);
    write('surge', { serverCpuMsPerAttempt: 0.5, postgresCpuMsPerAttempt: 0.4 });
    expect(() => readMeasured(dir)).toThrow(/bench:surge has no bytesPerBooking/);
    write('surge', { serverCpuMsPerAttempt: 0.5, postgresCpuMsPerAttempt: 0.4, bytesPerBooking: 5_000 });
    const { costs, sources } = readMeasured(dir);
    expect(costs).toEqual(measured);
    expect(sources.map((x) => x.bench)).toEqual(['booking', 'availability', 'surge', 'dashboard', 'notify']);
  });
});
