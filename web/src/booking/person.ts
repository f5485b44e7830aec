/** The personal data typed in the booking form (kept free of the checking libraries). */
export interface PersonForm {
  taxCode: string;
  fullName: string;
  phone: string;
  email: string;
  topic: string;
  notes: string;
  consent: boolean;
}

export const EMPTY_PERSON: PersonForm = { taxCode: '', fullName: '', phone: '', email: '', topic: '', notes: '', consent: false };
