import { AppError, notFound } from '../domain/errors.js';

export const stationErrors = {
  notFound: () => notFound({ it: 'Postazione non trovata.', en: 'Station not found.' }),
  deviceNotFound: () => notFound({ it: 'Dispositivo non trovato.', en: 'Device not found.' }),
  deskNotVideo: () => new AppError(422, 'desk_without_video', {
    it: 'Lo sportello scelto non offre la videochiamata: una postazione comunale ne ha bisogno.',
    en: 'The chosen desk does not offer video calls: a municipal station needs them.',
  }),
  deskOfAnotherOffice: () => new AppError(422, 'desk_of_another_office', {
    it: 'Lo sportello non è di questa sede.', en: 'The desk does not belong to this office.',
  }),
  unknownComune: (comune: string, province: string) => new AppError(422, 'unknown_comune', {
    it: `Il Comune «${comune}» non esiste nella provincia ${province}.`, en: `There is no Comune "${comune}" in province ${province}.`,
  }),
  duplicate: () => new AppError(409, 'station_exists', {
    it: 'Questa sede ha già una postazione con questo nome in questo Comune.', en: 'This office already has a station with this name in this Comune.',
  }),
  enrolmentInvalid: () => new AppError(400, 'enrolment_code_invalid', {
    it: 'Codice di attivazione non valido, scaduto o già usato: chiedine uno nuovo all’amministratore della sede.',
    en: 'Enrolment code not valid, expired or already used: ask the office administrator for a new one.',
  }),
  stationInactive: () => new AppError(409, 'station_inactive', {
    it: 'La postazione è disattivata: non accetta prenotazioni.', en: 'The station is deactivated: it takes no bookings.',
  }),
  outsideHours: () => new AppError(409, 'outside_station_hours', {
    it: 'La postazione è chiusa a quell’ora: scegli un orario in cui è aperta.', en: 'The station is closed at that time: choose a time when it is open.',
  }),
  notStationDesk: () => new AppError(409, 'station_not_on_desk', {
    it: 'La postazione non è collegata a questo sportello.', en: 'The station is not attached to this desk.',
  }),
  notVideo: () => new AppError(422, 'station_needs_video', {
    it: 'Una prenotazione presso la postazione comunale è una videochiamata: scegli il canale video.',
    en: 'A booking at a municipal station is a video call: choose the video channel.',
  }),
  bookingNotHere: () => new AppError(404, 'booking_not_at_station', {
    it: 'Nessun appuntamento con questo codice presso questa postazione, oggi. Controlla il codice.',
    en: 'No appointment with this code at this station today. Check the code.',
  }),
  tooEarly: (opensAt: string) => new AppError(409, 'check_in_too_early', {
    it: 'È presto: potrai registrarti mezz’ora prima dell’appuntamento.', en: 'Too early: you can check in half an hour before your appointment.',
  }).with({ opensAt }),
  videoUnavailable: () => new AppError(409, 'video_unavailable', {
    it: 'La videochiamata non è potuta partire: l’operatore ti chiamerà al telefono all’orario dell’appuntamento.',
    en: 'The video call could not start: the operator will phone you at the time of your appointment.',
  }),
};
