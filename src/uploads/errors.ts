import { AppError, notFound } from '../domain/errors.js';

const NOTHING = { it: 'Nessun documento è stato salvato.', en: 'No document was stored.' };

/** An unknown link, or a token that is not this link's: the same answer. */
export const linkNotFound = () => notFound({ it: 'Collegamento per l’invio dei documenti non trovato. Controlla di averlo copiato per intero.', en: 'Upload link not found. Check that you copied all of it.' });

export const linkUsed = () =>
  new AppError(410, 'upload_link_used', {
    it: `Questo collegamento è già stato usato: vale per un solo invio. ${NOTHING.it} Per inviare altro, chiama la sede.`,
    en: `This link was used already: it is good for one upload only. ${NOTHING.en} To send more, call the office.`,
  });

export const linkExpired = () =>
  new AppError(410, 'upload_link_expired', {
    it: `Questo collegamento è scaduto. ${NOTHING.it} Chiama la sede o prenota un nuovo appuntamento.`,
    en: `This link has expired. ${NOTHING.en} Call the office or book a new appointment.`,
  });

export const noFiles = () =>
  new AppError(422, 'no_files', { it: 'Scegli almeno un documento da inviare.', en: 'Choose at least one document to send.' },
    [{ path: 'files', code: 'required', it: 'Nessun documento scelto.', en: 'No document chosen.' }]);

export const documentNotFound = () => notFound({ it: 'Documento non trovato.', en: 'Document not found.' });
export const bookingNotFound = () => notFound({ it: 'Prenotazione non trovata.', en: 'Booking not found.' });
