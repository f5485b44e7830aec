import { describe, expect, it } from 'vitest';
import { helmetHeaders } from './security-headers.js';

describe('helmetHeaders', () => {
  it('records the headers helmet sets for the options, once', () => {
    const h = helmetHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
      hsts: false,
    });
    expect(h['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['cache-control']).toBe('no-store');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h).not.toHaveProperty('strict-transport-security');
    expect(helmetHeaders({ hsts: { maxAge: 60 } })['strict-transport-security']).toBe('max-age=60; includeSubDomains');
  });

  it('refuses options helmet refuses', () => {
    expect(() => helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['\'self\';'] } } })).toThrow();
  });
});
