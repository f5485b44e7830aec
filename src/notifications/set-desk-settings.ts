import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { deskPlace } from './admin-shared.js';
import { type DeskNotificationSettings, getDeskSettings } from './get-desk-settings.js';

/** Reminders (minutes before the start) apply to bookings made or moved from now on. */
export async function setDeskSettings(
  db: Db, actor: Actor, deskId: string, input: { reminderMinutes: number[]; callerPhone: string | null },
): Promise<DeskNotificationSettings> {
  await deskPlace(db, actor, deskId);
  const minutes = [...new Set(input.reminderMinutes)].sort((a, b) => b - a);
  await db.query('UPDATE desk SET reminder_minutes = $2, caller_phone = $3 WHERE id = $1', [deskId, minutes, input.callerPhone]);
  return getDeskSettings(db, actor, deskId);
}
