// The steps from the slots on, loaded together when reached (BookingFlow's lazy chunk).
export { SlotStep } from './SlotStep';
export { PersonStep } from './PersonStep';
export { SummaryStep } from './SummaryStep';
export { DoneStep } from './DoneStep';
