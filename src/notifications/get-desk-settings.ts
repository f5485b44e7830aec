import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { deskPlace } from './admin-shared.js';

export interface DeskNotificationSettings {
  deskId: string;
  reminderMinutes: number[];
  callerPhone: string | null;
}

export async function getDeskSettings(db: Db, actor: Actor, deskId: string): Promise<DeskNotificationSettings> {
  await deskPlace(db, actor, deskId);
  const r = await db.query<{ reminderMinutes: number[]; callerPhone: string | null }>(
    'SELECT reminder_minutes AS "reminderMinutes", caller_phone AS "callerPhone" FROM desk WHERE id = $1',
    [deskId],
  );
  return { deskId, ...r.rows[0]! };
}
