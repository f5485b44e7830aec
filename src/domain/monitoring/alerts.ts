/** Alert rules of the monitoring dashboard (pure). */

export interface AlertSettings {
  /** A desk's first free slot more than this many working days away. */
  leadTimeDays: number;
  /** Share of no-answer among the day's closed calls above this. */
  noAnswerRate: number;
  /** Share of the day's finished calls longer than the slot above this. */
  overrunRate: number;
  emails: string[];
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { leadTimeDays: 10, noAnswerRate: 0.2, overrunRate: 0.3, emails: [] };

/** Rates are judged only on at least this many calls of the day (one missed call of two is no trend). */
export const MIN_SAMPLE = 5;

/** station_offline: a municipal station silent during its opening hours (src/stations). */
export type AlertCode = 'lead_time' | 'no_answer_rate' | 'overrun_rate' | 'station_offline';

export interface AlertFinding {
  code: AlertCode;
  level: 'warning' | 'danger';
  value: number;
  threshold: number;
  message: { it: string; en: string };
}

export interface DeskDay {
  deskName: string;
  /** Working days to the first free slot; null = nothing free in the whole horizon. */
  leadTimeWorkingDays: number | null;
  /** true when the desk's whole horizon is full (no free slot at all). */
  full: boolean;
  horizonWorkingDays: number;
  served: number;
  noAnswer: number;
  calls: number;
  overrun: number;
}

/** A share as a percentage with one decimal, written the language's way: `30,8 %` / `30.8 %`. */
const pctIn = (lang: 'it' | 'en') => (x: number) => {
  const v = String(Math.round(x * 1000) / 10);
  return `${lang === 'it' ? v.replace('.', ',') : v} %`;
};
const pctIt = pctIn('it');
const pctEn = pctIn('en');
/** danger from one and a half times the threshold. */
const levelOf = (value: number, threshold: number): 'warning' | 'danger' => (value >= threshold * 1.5 ? 'danger' : 'warning');

/** The alerts of one desk on a day, by its settings. */
export function deskAlerts(d: DeskDay, s: AlertSettings): AlertFinding[] {
  const out: AlertFinding[] = [];
  const lead = d.full ? d.horizonWorkingDays + 1 : d.leadTimeWorkingDays;
  if (lead !== null && lead > s.leadTimeDays) {
    out.push({
      code: 'lead_time', level: levelOf(lead, s.leadTimeDays), value: lead, threshold: s.leadTimeDays,
      message: d.full
        ? { it: `${d.deskName}: nessun posto libero in tutto il calendario.`, en: `${d.deskName}: no free place in the whole calendar.` }
        : { it: `${d.deskName}: primo posto libero tra ${lead} giorni lavorativi (soglia ${s.leadTimeDays}).`, en: `${d.deskName}: first free place in ${lead} working days (threshold ${s.leadTimeDays}).` },
    });
  }
  const closed = d.served + d.noAnswer;
  if (closed >= MIN_SAMPLE) {
    const rate = d.noAnswer / closed;
    if (rate > s.noAnswerRate) {
      out.push({
        code: 'no_answer_rate', level: levelOf(rate, s.noAnswerRate), value: rate, threshold: s.noAnswerRate,
        message: { it: `${d.deskName}: ${pctIt(rate)} di chiamate senza risposta oggi (soglia ${pctIt(s.noAnswerRate)}).`, en: `${d.deskName}: ${pctEn(rate)} of calls unanswered today (threshold ${pctEn(s.noAnswerRate)}).` },
      });
    }
  }
  if (d.calls >= MIN_SAMPLE) {
    const rate = d.overrun / d.calls;
    if (rate > s.overrunRate) {
      out.push({
        code: 'overrun_rate', level: levelOf(rate, s.overrunRate), value: rate, threshold: s.overrunRate,
        message: { it: `${d.deskName}: ${pctIt(rate)} delle chiamate di oggi oltre la durata dello slot (soglia ${pctIt(s.overrunRate)}).`, en: `${d.deskName}: ${pctEn(rate)} of today's calls longer than the slot (threshold ${pctEn(s.overrunRate)}).` },
      });
    }
  }
  return out;
}
