import type { Actor } from '../policy/index.js';
import type { StationDeps } from './deps.js';
import { stationErrors } from './errors.js';
import { stationFor } from './change-station.js';

/** Revokes a device's token at once: its next request is refused (401), its heartbeat stops counting. */
export async function revokeDevice(deps: StationDeps, actor: Actor, stationId: string, deviceId: string): Promise<void> {
  await stationFor(deps, actor, stationId, 'staff.stations.write');
  const r = await deps.db.query(
    `UPDATE station_device SET revoked_at = COALESCE(revoked_at, $3), revoked_by = COALESCE(revoked_by, $4) WHERE id = $1 AND station_id = $2`,
    [deviceId, stationId, new Date(deps.now()), actor.kind === 'staff' ? actor.userId : null],
  );
  if (r.rowCount === 0) throw stationErrors.deviceNotFound();
}
