import { z } from 'zod';
import { holidayDateSchema, localDateSchema } from '../platform/openapi.js';

/**
 * The office file: JSON or YAML (CSV is converted to this shape first).
 * It is the format of `../shared/data/lombardia-offices.json`, extended: desks may be given
 * per office, or as `defaultDesks` for every office plus `extraDesks` by key; `deskDefaults`
 * fill in what a desk leaves out.
 */
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, { message: 'expected HH:MM' });
const monthDay = holidayDateSchema;
const isoDate = localDateSchema;
const text = (max: number) => z.string().trim().min(1).max(max);

export const openingSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  from: hhmm,
  to: hhmm,
  places: z.number().int().min(1).max(200),
});

export const exceptionSchema = z.strictObject({
  date: isoDate,
  kind: z.enum(['closed', 'extra', 'reduced']),
  from: hhmm.optional(),
  to: hhmm.optional(),
  places: z.number().int().min(0).max(200).optional(),
  reason: z.string().max(300).optional(),
});

export const topicSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'expected a lower-case key' }),
  it: text(120),
  en: text(120),
});

export const bookingSettingsSchema = z.strictObject({
  holdMinutes: z.number().int().min(1).max(120).optional(),
  maxActivePerPerson: z.number().int().min(1).max(100).nullable().optional(),
  release: z.strictObject({
    weekday: z.number().int().min(1).max(7),
    time: hhmm,
    weeksAhead: z.number().int().min(0).max(52).default(1),
  }).nullable().optional(),
  priorityPercent: z.number().int().min(0).max(100).optional(),
  priorityReleaseHours: z.number().int().min(0).max(720).optional(),
  waitlistOfferMinutes: z.number().int().min(5).max(10080).optional(),
});

const deskSettings = {
  booking: bookingSettingsSchema.optional(),
  channels: z.array(z.enum(['phone', 'video'])).min(1).max(2).optional(),
  slotMinutes: z.number().int().min(5).max(240).optional(),
  horizonDays: z.number().int().min(1).max(365).optional(),
  minNoticeMinutes: z.number().int().min(0).max(43200).optional(),
  weekly: z.array(openingSchema).max(50).optional(),
};

export const deskSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'expected a lower-case key' }),
  number: z.number().int().min(1).max(999),
  name: text(120),
  nameEn: text(120),
  description: z.string().max(2000).optional(),
  descriptionEn: z.string().max(2000).optional(),
  active: z.boolean().optional(),
  topics: z.array(topicSchema).max(50).optional(),
  exceptions: z.array(exceptionSchema).max(500).optional(),
  note: z.string().optional(),
  ...deskSettings,
});

export const holidaySchema = z.strictObject({ date: monthDay, name: text(120) });

export const officeSchema = z.strictObject({
  // A letter first: booking codes start with it, so a phone number is never read as one.
  code: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, { message: 'expected 2–10 upper-case letters or digits, a letter first' }).optional(),
  province: z.string().regex(/^[A-Z]{2}$/, { message: 'expected a 2-letter province code' }),
  kind: text(60),
  name: text(120),
  town: text(120),
  address: z.string().trim().max(200).optional(),
  receptionPhone: z.string().max(30).optional(),
  /** Where the office is (WGS84 degrees, both or neither): a full desk suggests the nearest offices. */
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  localHolidays: z.array(holidaySchema).max(50).optional(),
  desks: z.array(deskSchema).max(50).optional(),
  extraDesks: z.array(z.string()).max(20).optional(),
  /** Comuni of the province this office is competent for besides its own town (the others: the capital's office). */
  serves: z.array(text(120)).max(500).optional(),
  /**
   * Office hours, in which a waiting-list offer's time counts (default Monday–Friday 08:30–17:00;
   * never on national or local holidays).
   */
  offerHours: z.strictObject({
    from: hhmm,
    to: hhmm,
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  }).refine((h) => h.to > h.from, { message: 'to must be after from' }).optional(),
});

export const provinceSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2}$/, { message: 'expected a 2-letter province code' }),
  name: text(100),
  capital: text(120),
  patron: z.string().max(120).optional(),
  patronDay: z.string().regex(/^[01]\d-[0-3]\d$/, { message: 'expected MM-DD' }).optional(),
  receptionPhone: z.string().max(30).optional(),
});

export const officeFileSchema = z.strictObject({
  about: z.string().optional(),
  region: z.strictObject({ code: z.string().regex(/^[A-Z]{2,5}$/), name: text(100) }).optional(),
  provinces: z.array(provinceSchema).max(200).optional(),
  offices: z.array(officeSchema).max(5000),
  defaultDesks: z.array(deskSchema).max(50).optional(),
  extraDeskTypes: z.record(z.string(), deskSchema.omit({ key: true })).optional(),
  deskDefaults: z.strictObject(deskSettings).optional(),
});

/**
 * The same file with offices and desks left unchecked: the reader checks each office and
 * each desk on its own, so that one bad record does not hide the problems of the others.
 */
export const officeFileShellSchema = officeFileSchema.extend({ offices: z.array(z.unknown()).max(5000) });
export const officeShellSchema = officeSchema.extend({ desks: z.array(z.unknown()).max(50).optional() });

export type OfficeFileInput = z.infer<typeof officeFileSchema>;
export type OfficeFileShell = z.infer<typeof officeFileShellSchema>;
export type DeskInput = z.infer<typeof deskSchema>;
