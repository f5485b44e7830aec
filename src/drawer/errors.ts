import { AppError, notFound } from '../domain/errors.js';

export const threadNotFound = () => notFound({ it: 'Pratica non trovata.', en: 'Request not found.' });
export const companyNotFound = () => notFound({ it: 'Azienda non trovata.', en: 'Company not found.' });
export const attachmentNotFound = () => notFound({ it: 'Documento non trovato.', en: 'Document not found.' });
export const delegationNotFound = () => notFound({ it: 'Delega non trovata.', en: 'Delegation not found.' });

export const threadClosed = () =>
  new AppError(409, 'thread_closed', { it: 'La pratica è chiusa: non si può più modificare.', en: 'The request is closed: it cannot be changed any more.' });

export const notDelegated = () =>
  new AppError(403, 'forbidden', { it: "Non hai una delega attiva per quest'azienda.", en: 'You hold no active delegation for this company.' });

export const badSubject = () =>
  new AppError(422, 'invalid_subject', { it: "Scegli un argomento di secondo livello dell'elenco della tua regione.", en: "Choose a second-level subject from your region's list." },
    [{ path: 'subjectId', code: 'invalid_subject', it: 'Argomento non valido.', en: 'Invalid subject.' }]);
