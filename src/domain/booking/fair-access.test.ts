import { describe, expect, it } from 'vitest';
import { addressGroup, challengeCounter, DEFAULT_FAIR_ACCESS, drawCounter, MAX_COUNTER, PressureMeter } from './fair-access.js';

describe('fair access to holds: the pure rules', () => {
  const settings = { counter: 3_000, pressurePerMinute: 120, pressureFactor: 3 };

  it('a calm desk gets the configured challenge, a desk under pressure a harder one', () => {
    expect(challengeCounter(settings, 0)).toBe(3_000);
    expect(challengeCounter(settings, 119)).toBe(3_000);
    expect(challengeCounter(settings, 120)).toBe(9_000);
    expect(challengeCounter({ ...settings, pressurePerMinute: 0 }, 10_000)).toBe(3_000); // 0: never under pressure
    expect(challengeCounter({ ...settings, counter: 4_000_000_000 }, 500)).toBe(MAX_COUNTER);
  });

  it('draws the secret counter in [bound/2, bound]', () => {
    expect(drawCounter(3_000, () => 0)).toBe(1_500);
    expect(drawCounter(3_000, (n) => n - 1)).toBe(3_000);
    expect(drawCounter(1, (n) => n - 1)).toBe(1);
  });

  it('counts a desk\'s holds over the last minute, in ten-second buckets', () => {
    const meter = new PressureMeter();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 50; i++) meter.record('a', t0 + i * 100);
    meter.record('b', t0);
    expect(meter.perMinute('a', t0 + 5_000)).toBe(50);
    expect(meter.perMinute('b', t0 + 5_000)).toBe(1);
    for (let i = 0; i < 30; i++) meter.record('a', t0 + 30_000);
    expect(meter.perMinute('a', t0 + 30_000)).toBe(80);
    // the first fifty fall out of the window once their bucket is a minute old
    expect(meter.perMinute('a', t0 + 60_000)).toBe(30);
    expect(meter.perMinute('a', t0 + 95_000)).toBe(0);
    expect(meter.perMinute('unknown', t0)).toBe(0);
    // an old bucket is reused, not added to
    meter.record('a', t0 + 120_000);
    expect(meter.perMinute('a', t0 + 120_000)).toBe(1);
  });

  it('one client address: IPv4 as it is, IPv6 by its /64, mapped IPv4 as IPv4', () => {
    expect(addressGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressGroup('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:DB8:1:2:ffff:0:0:b')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0db8:0001:0002:0:0:0:c')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('2001:db8:1:3::c')).not.toBe(addressGroup('2001:db8:1:2::c'));
  });

  it('defaults: two live holds per address and per session, ten hold requests a minute', () => {
    expect(DEFAULT_FAIR_ACCESS).toMatchObject({ challenge: true, perAddress: 2, perSession: 2, ratePerMinute: 10 });
  });
});
