import { AppError } from '../domain/errors.js';

/** The patronati's refusals: stable codes, Italian and English. */
export const patronatoErrors = {
  notFound: () => new AppError(404, 'patronato_not_found', { it: 'Patronato non trovato.', en: 'Patronato not found.' }),
  officeNotFound: () => new AppError(404, 'patronato_office_not_found', { it: 'Sede del patronato non trovata.', en: 'Patronato office not found.' }),
  userNotFound: () => new AppError(404, 'user_not_found', { it: 'Utente non trovato.', en: 'User not found.' }),
  notAnOperator: () => new AppError(422, 'not_a_patronato_operator', {
    it: "L'utente non ha il ruolo di operatore di patronato.",
    en: 'The user does not hold the patronato operator role.',
  }),
  duplicateCode: () => new AppError(409, 'accreditation_code_taken', {
    it: 'Esiste già un patronato con questo codice di accreditamento.',
    en: 'A patronato with this accreditation code already exists.',
  }),
  phoneTaken: () => new AppError(409, 'patronato_phone_taken', {
    it: "Questo numero è già di un'altra sede di patronato.",
    en: 'This number already belongs to another patronato office.',
  }),
  invalidPhone: (path: string) => new AppError(422, 'invalid_phone', { it: 'Numero di telefono non valido.', en: 'Invalid phone number.' }, [
    { path, code: 'invalid_phone', it: 'Numero di telefono non valido.', en: 'Invalid phone number.' },
  ]),
  unknownProvince: () => new AppError(422, 'unknown_province', { it: 'Provincia sconosciuta.', en: 'Unknown province.' }),
  noOrganisation: () => new AppError(403, 'no_patronato', {
    it: 'Il tuo account non è collegato a nessun patronato: chiedi all\'amministratore regionale.',
    en: 'Your account is not linked to any patronato: ask the regional administrator.',
  }),
  inactive: () => new AppError(409, 'patronato_inactive', { it: 'Il patronato non è attivo.', en: 'The patronato is not active.' }),
  patronatoRequired: () => new AppError(422, 'patronato_required', {
    it: 'Indica per quale patronato prenoti (chi chiama sulla linea dei patronati).',
    en: 'Say which patronato you are booking for (who is calling on the patronati line).',
  }, [{ path: 'patronatoId', code: 'required', it: 'Obbligatorio.', en: 'Required.' }]),
  mandateDate: () => new AppError(422, 'invalid_mandate_date', {
    it: 'La data della delega non può essere futura né più vecchia di un anno.',
    en: 'The mandate date cannot be in the future nor more than a year old.',
  }, [{ path: 'mandate.date', code: 'invalid_mandate_date', it: 'Data della delega non valida.', en: 'Invalid mandate date.' }]),
  callerUnknown: () => new AppError(404, 'patronato_caller_unknown', {
    it: 'Questo numero non è di nessuna sede di patronato registrata.',
    en: 'This number is not one of a registered patronato office.',
  }),
  invalidRange: () => new AppError(400, 'invalid_input', { it: 'Intervallo di date non valido.', en: 'Invalid date range.' }),
};
