import type { BookingDeps } from '../booking/index.js';
import { getAvailability, type DayView } from '../booking/index.js';
import { coversSlot } from '../domain/stations/opening-hours.js';
import { stationErrors } from './errors.js';
import { loadStation } from './stations.repository.js';
import type { z } from 'zod';
import type { stationSlotsResponse } from './routes.schema.js';

/**
 * The slots of a station: its desk's video slots that lie wholly inside the station's opening
 * hours (a day outside them is closed). Places are the desk's: a station is a way to attend.
 */
export async function getStationSlots(booking: BookingDeps, stationId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<z.output<typeof stationSlotsResponse>> {
  const station = await loadStation(booking.db, stationId);
  if (!station || !station.active) throw stationErrors.notFound();
  const view = await getAvailability(booking, { deskId: station.deskId, channel: 'video', ...range });
  const days = view.days.map((day): DayView => {
    const slots = day.slots.filter((s) => coversSlot(station.minutes, Date.parse(s.start), Date.parse(s.end)));
    if (day.status !== 'open' && day.status !== 'full') return { ...day, slots };
    if (slots.length === 0) {
      const { full: _full, ...rest } = day;
      return { ...rest, status: 'closed', open: false, closedReason: 'weekend_or_no_opening', slots };
    }
    const full = slots.every((s) => s.remaining === 0);
    return { ...day, status: full ? 'full' : 'open', full, slots };
  });
  return { ...view, stationId, days };
}
