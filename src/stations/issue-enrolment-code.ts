import { randomInt } from 'node:crypto';
import { sha256Hex } from '../platform/crypto.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { Actor } from '../policy/index.js';
import { ENROL_CODE_MINUTES, type StationDeps } from './deps.js';
import { stationErrors } from './errors.js';
import { stationFor } from './change-station.js';
import type { z } from 'zod';
import type { enrolmentCodeResponse } from './routes.schema.js';

/** Letters and digits that cannot be mistaken for one another when typed on a kiosk. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** "K7M2-P9QX" → "K7M2P9QX": what is hashed, however it was typed. */
export function normaliseEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const enrolmentHash = (code: string): string => sha256Hex(`station-enrolment:${normaliseEnrolmentCode(code)}`);

/**
 * A one-time enrolment code for a device of the station: 8 characters, valid ENROL_CODE_MINUTES,
 * single use; shown once to the administrator, only its hash kept.
 */
export async function issueEnrolmentCode(deps: StationDeps, actor: Actor, stationId: string): Promise<z.output<typeof enrolmentCodeResponse>> {
  const station = await stationFor(deps, actor, stationId, 'staff.stations.write');
  if (!station.active) throw stationErrors.stationInactive();
  const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const now = deps.now();
  const expires = now + ENROL_CODE_MINUTES * 60_000;
  await deps.db.query(
    'INSERT INTO station_enrolment (code_hash, station_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [enrolmentHash(code), stationId, actor.kind === 'staff' ? actor.userId : null, new Date(now), new Date(expires)],
  );
  return { code, expiresAt: toIsoWithOffset(expires) };
}
