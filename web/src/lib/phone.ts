/**
 * A phone number for reading: "+390285622000" → "+39 02 85622000".
 * Numbers already written with spaces are kept as they are.
 */
export function displayPhone(phone: string): string {
  const trimmed = phone.trim();
  if (/\s/.test(trimmed)) return trimmed;
  const italian = /^\+39(\d+)$/.exec(trimmed);
  if (!italian) return trimmed;
  const national = italian[1]!;
  // Milan (02) and Rome (06) have two-digit area codes; other lengths vary, so keep them whole.
  const m = /^(0[26])(\d{5,})$/.exec(national);
  return m ? `+39 ${m[1]} ${m[2]}` : `+39 ${national}`;
}

/** The number for a tel: link: "+" and digits only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+\d]/g, '')}`;
}
