import { describe, expect, it } from 'vitest';
import { qrPath } from './qr';

describe('QR code path', () => {
  it('draws a symbol with its three finder patterns', () => {
    const { size, d } = qrPath('https://sportello.example.it/province/MI');
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    // Top rows of the finder patterns: 7 dark modules at the left and at the right corner.
    expect(d.startsWith('M0 0h7')).toBe(true);
    expect(d).toContain(`M${size - 7} 0h7`);
    expect(d).toContain(`M0 ${size - 7}h7`);
  });
});
