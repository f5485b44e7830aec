import { describe, expect, it } from 'vitest';
import { strings } from '../../web/src/pages/monitoring/strings.js';
import { CONTACT_REASON_LABELS, CONTACT_REASONS } from './contacts.js';

describe('CONTACT_REASON_LABELS: the reasons in words', () => {
  it('has every reason, in the words the dashboard shows (Italian and English)', () => {
    expect(Object.keys(CONTACT_REASON_LABELS).sort()).toEqual([...CONTACT_REASONS].sort());
    for (const r of CONTACT_REASONS) {
      expect(CONTACT_REASON_LABELS[r]).toEqual({ it: strings.it.reasons[r], en: strings.en.reasons[r] });
    }
  });
});
