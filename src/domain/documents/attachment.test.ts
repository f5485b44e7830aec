import { describe, expect, it } from 'vitest';
import { cleanFileName, hiddenContent, isP7m, nameContradictsType, storedName } from './attachment.js';

describe('attachment rules', () => {
  it('refuses path names and cleans the rest', () => {
    expect(cleanFileName('../../etc/passwd')).toBeNull();
    expect(cleanFileName('a/b.pdf')).toBeNull();
    expect(cleanFileName('a\\b.pdf')).toBeNull();
    expect(cleanFileName('.htaccess')).toBeNull();
    expect(cleanFileName('x\u0000.pdf')).toBeNull();
    expect(cleanFileName('Modello DM10 <2027>.pdf')).toBe('Modello DM10 _2027_.pdf');
    expect(cleanFileName('ricevuta "pagamento" età.pdf')).toBe('ricevuta _pagamento_ età.pdf');
    const long = cleanFileName(`${'a'.repeat(300)}.pdf`)!;
    expect(long.length).toBe(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('tells a disguised type by the name against the content', () => {
    expect(nameContradictsType('foto.png', 'image/jpeg')).toBe(true);
    expect(nameContradictsType('foto.JPEG', 'image/jpeg')).toBe(false);
    expect(nameContradictsType('contratto.pdf.p7m', 'application/pkcs7-mime')).toBe(false);
    expect(storedName('scansione', 'image/png')).toBe('scansione.png');
  });

  it('recognises a DER signed envelope', () => {
    const p7m = Buffer.from('3080' + '06092a864886f70d010702' + 'a080' + '00'.repeat(20), 'hex');
    expect(isP7m(p7m)).toBe(true);
    expect(isP7m(Buffer.from('%PDF-1.7\n'.padEnd(40, ' ')))).toBe(false);
  });

  it('finds archives hidden inside accepted files', () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100), Buffer.from('504b0304140000000800', 'hex')]);
    expect(hiddenContent(png, 'image/png')).toBe('zip');
    expect(hiddenContent(Buffer.from('%PDF-1.4 /Type /EmbeddedFile'), 'application/pdf')).toBe('pdf-embedded-file');
    expect(hiddenContent(Buffer.from('%PDF-1.4 plain text PK no header'), 'application/pdf')).toBeNull();
  });
});
