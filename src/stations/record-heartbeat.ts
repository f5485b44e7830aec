import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import { HEARTBEAT_SECONDS, type StationDeps } from './deps.js';
import type { z } from 'zod';
import type { heartbeatResponse } from './routes.schema.js';

type StationActor = Extract<Actor, { kind: 'station' }>;

/** The kiosk's sign of life (every HEARTBEAT_SECONDS): the device's last_seen_at, on the server's clock. */
export async function recordHeartbeat(deps: StationDeps, actor: StationActor): Promise<z.output<typeof heartbeatResponse>> {
  const now = deps.now();
  await deps.db.query('UPDATE station_device SET last_seen_at = GREATEST(COALESCE(last_seen_at, $2), $2) WHERE id = $1 AND revoked_at IS NULL', [actor.deviceId, new Date(now)]);
  return { receivedAt: toIsoWithOffset(now), nextInSeconds: HEARTBEAT_SECONDS };
}
