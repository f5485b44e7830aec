import { randomToken, sha256Hex } from '../platform/crypto.js';
import type { StationDeps } from './deps.js';
import { HEARTBEAT_SECONDS } from './deps.js';
import { stationErrors } from './errors.js';
import { enrolmentHash } from './issue-enrolment-code.js';
import { loadStation } from './stations.repository.js';
import { publicView } from './stations.repository.js';
import type { z } from 'zod';
import type { enrolResponse } from './routes.schema.js';

/** Device tokens start with this, so the identity layer knows a station's token at a glance. */
export const DEVICE_TOKEN_PREFIX = 'sst_';
export const deviceTokenHash = (token: string): string => sha256Hex(`station-device:${token}`);

/**
 * A kiosk enrols with a one-time code: the code is spent (once, atomically) and the device gets
 * a long-lived token (role station), of which only the hash is kept. Unknown, expired or used
 * codes all get the same answer.
 */
export async function enrolDevice(
  deps: StationDeps, code: string, userAgent: string | undefined,
): Promise<z.output<typeof enrolResponse>> {
  if (code.length > 20) throw stationErrors.enrolmentInvalid();
  const token = DEVICE_TOKEN_PREFIX + randomToken(32);
  const now = new Date(deps.now());
  const result = await deps.db.transaction(async (tx) => {
    const spent = await tx.query<{ stationId: string }>(
      `UPDATE station_enrolment e SET used_at = $2, device_id = gen_random_uuid()
         FROM station s
        WHERE e.code_hash = $1 AND e.used_at IS NULL AND e.expires_at > $2 AND s.id = e.station_id AND s.active
        RETURNING e.station_id AS "stationId", e.device_id AS "deviceId"`,
      [enrolmentHash(code), now],
    );
    const row = spent.rows[0] as { stationId: string; deviceId: string } | undefined;
    if (!row) throw stationErrors.enrolmentInvalid();
    await tx.query(
      'INSERT INTO station_device (id, station_id, token_hash, enrolled_at, last_seen_at, user_agent) VALUES ($1, $2, $3, $4, $4, $5)',
      [row.deviceId, row.stationId, deviceTokenHash(token), now, userAgent ? userAgent.slice(0, 400) : null],
    );
    return row;
  });
  const station = (await loadStation(deps.db, result.stationId))!;
  return { token, deviceId: result.deviceId, heartbeatSeconds: HEARTBEAT_SECONDS, station: { ...publicView(station), officeName: station.officeName } };
}
