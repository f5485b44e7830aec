import { createContext, useContext } from 'react';
import type { ContactReason, ShortAnswer } from './api';

/** What the panels of the console tell the console: the call goes on, what happened, which answer was read. */
export interface ConsoleApi {
  /** Something was typed: the call's timer starts if it was not running. */
  activity(): void;
  /** Something was done for the caller: the contact log proposes this reason (and focuses itself if asked). */
  outcome(reason: ContactReason, bookingCode?: string, focusLog?: boolean): void;
  /** A short answer was opened to read out: reason 4 of the log refers to it. */
  answerOpened(answer: ShortAnswer): void;
  /** "Used": logs the contact at once with this answer. */
  logAnswerUsed(answer: ShortAnswer): Promise<void>;
}

export const ConsoleCtx = createContext<ConsoleApi>({
  activity: () => undefined,
  outcome: () => undefined,
  answerOpened: () => undefined,
  logAnswerUsed: async () => undefined,
});
export const useConsole = () => useContext(ConsoleCtx);

/** Enter on a radio button or a checkbox submits its form (text fields already do). */
export function enterSubmits(e: React.KeyboardEvent<HTMLFormElement>): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}
