import { describe, expect, it } from 'vitest';
import { checkTaxCode, maskTaxCode, taxCodeKey } from './tax-code.js';

describe('checkTaxCode', () => {
  it('accepts the provisional tax code (11 digits) only with its check digit', () => {
    expect(checkTaxCode('12345678903')).toEqual({ ok: true, value: '12345678903' });
    expect(checkTaxCode('021 2115 1001')).toEqual({ ok: true, value: '02121151001' });
    const r = checkTaxCode('12345678904');
    expect(r.ok ? 'ok' : [r.reason, r.message.it]).toEqual(['check_letter', expect.stringMatching(/provvisorio/)]);
    const short = checkTaxCode('1234567890');
    expect(short.ok ? 'ok' : short.reason).toBe('length');
    expect(maskTaxCode('12345678903')).toBe('12•••••••03');
    expect(taxCodeKey('12345678903')).toBe('12345678903');
  });

  it('accepts valid codes, omocodia included, whatever the case and spaces', () => {
    expect(checkTaxCode('RSSMRA85T10A562S')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
    expect(checkTaxCode(' rssmra85t10a562s ')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
    expect(checkTaxCode('RSS MRA 85T10 A562S').ok).toBe(true);
    expect(checkTaxCode('RSSMRA85T1LA562V').ok).toBe(true); // omocode: 0 → L
  });

  it('says why a code is wrong', () => {
    const reason = (s: string) => { const r = checkTaxCode(s); return r.ok ? 'ok' : r.reason; };
    expect(reason('RSSMRA85T10A562')).toBe('length');
    expect(reason('RSSMRA85T10A562SX')).toBe('length');
    expect(reason('RSSMRA85T10A56-S')).toBe('characters');
    expect(reason('RSSMRA85Z10A562S')).toBe('format'); // Z is not a month
    expect(reason('RSSMRA85T10A562T')).toBe('check_letter');
    const r = checkTaxCode('RSSMRA85T10A562T');
    expect(r.ok ? '' : r.message.it).toMatch(/controllo/);
  });

  it('masks a code for display', () => {
    expect(maskTaxCode('RSSMRA85T10A562S')).toBe('RSS•••••••••562S');
  });
});

describe('taxCodeKey', () => {
  it('gives every omocodic spelling of a code the key of its plain spelling', () => {
    expect(taxCodeKey('RSSMRA85T10A562S')).toBe('RSSMRA85T10A562S');
    for (const spelling of ['RSSMRA85T1LA562V', 'RSSMRA85T10A56NH', 'RSSMRAURTMLARSNL']) {
      expect(checkTaxCode(spelling).ok).toBe(true);
      expect(taxCodeKey(spelling)).toBe('RSSMRA85T10A562S');
    }
    expect(taxCodeKey('BNCLRA90A41F205X')).not.toBe('RSSMRA85T10A562S');
  });
});
