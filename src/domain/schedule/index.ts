export type {
  ClosedReason,
  DayException,
  DayPlan,
  DeskSchedule,
  LocalHoliday,
  OpeningInterval,
  ScheduleProblem,
  Slot,
  Weekday,
} from './types.js';
export { generateSlots, planDays, MAX_RANGE_DAYS } from './plan.js';
export { validateSchedule, PLACES_MAX, SLOT_MINUTES_MIN, SLOT_MINUTES_MAX } from './validate.js';
export {
  holidayName,
  isNationalHoliday,
  nationalHolidaysOfYear,
  indexLocalHolidays,
  localHolidayName,
  type LocalHolidayIndex,
} from './holidays.js';
export {
  DEFAULT_ZONE,
  isOffsetChangeDay,
  localTimeToUtcMs,
  offsetMinutesAt,
  toIsoWithOffset,
} from './zone.js';
export {
  addDays,
  datesBetween,
  dateOfDayNumber,
  dayNumberOf,
  formatHHMM,
  isValidLocalDate,
  parseHHMM,
  weekdayOf,
  weekdayOfDayNumber,
} from './time.js';
export { validateRoster } from './validate-roster.js';
export type { RosterAbsence, RosterRule, RosterShift } from './types.js';
