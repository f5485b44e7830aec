/** What other capabilities use of the video capability (the kiosk, the notifications, the server). */
export { roomLinkForBooking, type RoomLink } from './room-link.js';
export { videoPlugin, type VideoOptions } from './routes.js';
