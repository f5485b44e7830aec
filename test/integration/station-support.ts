// Municipal stations for the authorisation matrix and the API fuzzer: a station of Como's
// benefits desk and a device enrolled on it, with the token the kiosk would hold.
import { randomToken } from '../../src/platform/crypto.js';
import { DEVICE_TOKEN_PREFIX, deviceTokenHash } from '../../src/stations/enrol-device.js';
import type { Db } from '../../src/storage/db.js';

/** A station of Como's benefits desk (made once; made active again if something switched it off). */
export async function testStation(db: Db): Promise<string> {
  const found = await db.query<{ id: string }>("UPDATE station SET active = true WHERE name = 'Matrice' RETURNING id");
  if (found.rows[0]) return found.rows[0].id;
  const st = await db.query<{ id: string }>(
    `INSERT INTO station (office_id, desk_id, comune, province_code, name, address)
     SELECT d.office_id, d.id, 'Menaggio', 'CO', 'Matrice', 'Via Lusardi 26' FROM desk d JOIN office o ON o.id = d.office_id
      WHERE o.code = 'CO01' AND d.key = 'prestazioni' RETURNING id`);
  return st.rows[0]!.id;
}

/** A device enrolled on the test station: its token (as the kiosk holds it). */
export async function enrolledDevice(db: Db): Promise<string> {
  const stationId = await testStation(db);
  const token = DEVICE_TOKEN_PREFIX + randomToken(32);
  await db.query('INSERT INTO station_device (station_id, token_hash, enrolled_at) VALUES ($1, $2, now())', [stationId, deviceTokenHash(token)]);
  return token;
}
