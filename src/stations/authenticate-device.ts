import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { DEVICE_TOKEN_PREFIX, deviceTokenHash } from './enrol-device.js';

/** Whether a bearer token looks like a station's (the identity layer asks only then). */
export const isDeviceToken = (token: string): boolean => token.startsWith(DEVICE_TOKEN_PREFIX) && token.length <= 100;

/** The station actor of a device token: not revoked, its station active; null otherwise. */
export async function stationActorOf(q: Queryable, token: string): Promise<Extract<Actor, { kind: 'station' }> | null> {
  if (!isDeviceToken(token)) return null;
  const r = await q.query<{ stationId: string; deviceId: string; officeId: string; provinceCode: string; regionCode: string }>(
    `SELECT s.id AS "stationId", dv.id AS "deviceId", s.office_id AS "officeId", o.province_code AS "provinceCode", p.region_code AS "regionCode"
       FROM station_device dv JOIN station s ON s.id = dv.station_id JOIN office o ON o.id = s.office_id JOIN province p ON p.code = o.province_code
      WHERE dv.token_hash = $1 AND dv.revoked_at IS NULL AND s.active`,
    [deviceTokenHash(token)],
  );
  const row = r.rows[0];
  return row ? { kind: 'station', ...row } : null;
}
