import type { Db } from '../storage/db.js';

/** A room link for a station appointment (the video capability's answer). */
export interface RoomLink {
  url: string;
  /** ISO 8601: the room opens (a few minutes before the slot) and closes (after it). */
  opensAt: string;
  closesAt: string;
}

/**
 * The port to the video rooms (src/video): the room of one booking, or null when there is none
 * (not a video booking, or video not available). The integrator wires it to src/video/index.ts's
 * `roomLinkForBooking(db, bookingId, now)`. Without it the kiosk says the truth: the video call
 * cannot start, the operator phones.
 */
export interface StationVideo {
  roomLinkForBooking(bookingId: string, now: Date): Promise<RoomLink | null>;
}

export interface StationDeps {
  db: Db;
  /** The server's clock, epoch ms. */
  now: () => number;
  /** Null until a video adapter is wired: check-in then answers 409 video_unavailable. */
  video: StationVideo | null;
}

/** The kiosk reports every HEARTBEAT_SECONDS; a device silent for OFFLINE_AFTER_MS is offline. */
export const HEARTBEAT_SECONDS = 60;
export const OFFLINE_AFTER_MS = 3 * 60_000;
/** An enrolment code lives this long and works once. */
export const ENROL_CODE_MINUTES = 15;
/** Citizens whose appointment starts within this time of an offline station are told the operator phones. */
export const PHONE_INSTEAD_AHEAD_MS = 2 * 3600_000;
/** A check-in is accepted from this long before the slot until its end. */
export const CHECK_IN_EARLY_MS = 30 * 60_000;
