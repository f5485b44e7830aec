import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { deskPlace } from './admin-shared.js';
import type { z } from 'zod';
import type { deskSettings } from './routes.schema.js';

export type DeskNotificationSettings = z.output<typeof deskSettings>;

export async function getDeskSettings(db: Db, actor: Actor, deskId: string): Promise<DeskNotificationSettings> {
  await deskPlace(db, actor, deskId);
  const r = await db.query<{ reminderMinutes: number[]; callerPhone: string | null }>(
    'SELECT reminder_minutes AS "reminderMinutes", caller_phone AS "callerPhone" FROM desk WHERE id = $1',
    [deskId],
  );
  return { deskId, ...r.rows[0]! };
}
