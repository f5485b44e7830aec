import { useTranslation } from 'react-i18next';
import { normaliseTaxCode, taxCodeProblem } from '../../booking/validation';
import { phoneProblem } from './phone';

const NAME_OK = /\p{L}.*\p{L}/u;

interface Typed {
  taxCode: string;
  taxBlurred: boolean;
  fullName: string;
  phone: string;
  phoneBlurred: boolean;
  /** The agent tried to book: every problem is shown. */
  submitted: boolean;
}

/**
 * The caller's details checked as they are typed: a problem is shown as soon as it cannot be a
 * typing in progress (a wrong character, a wrong check letter, a field left), all once submitted.
 */
export function useCallerChecks({ taxCode, taxBlurred, fullName, phone, phoneBlurred, submitted }: Typed) {
  const { t } = useTranslation();
  const taxValue = normaliseTaxCode(taxCode);
  const taxProblem = taxCodeProblem(taxCode);
  const taxShown = taxProblem && (taxProblem === 'characters' || taxProblem === 'format' || taxProblem === 'check_letter' || taxValue.length > 16 || ((taxBlurred || submitted) && taxValue.length > 0) || submitted) ? taxProblem : null;
  const taxMessage = taxShown ? t(`reception.error.taxCode.${taxShown}`, { count: taxValue.length }) : null;
  const nameProblem = fullName.trim() === '' ? 'required' : NAME_OK.test(fullName) ? null : 'letters';
  const nameMessage = submitted && nameProblem ? t(`reception.error.fullName.${nameProblem}`) : null;
  const phoneNow = phoneProblem(phone, !(phoneBlurred || submitted));
  const phoneMessage = phoneNow && (phone.trim() !== '' || submitted) ? t(`reception.error.phone.${phoneNow}`) : null;
  return { taxValue, taxProblem, taxMessage, nameProblem, nameMessage, phoneMessage };
}
