/** Municipal stations (postazioni comunali): the capability's public face (docs/stations.md). */
export { stationRoutes } from './routes.js';
export type { StationDeps, StationVideo, RoomLink } from './deps.js';
export { HEARTBEAT_SECONDS, OFFLINE_AFTER_MS } from './deps.js';
export { isDeviceToken, stationActorOf } from './authenticate-device.js';
export { findOfflineStations, offerPhoneInstead, offlineAlertMessage, type OfflineStation } from './watch-stations.js';
export { stationRefusal } from './book-at-station.js';
export { seedDemoStations } from './seed-demo-stations.js';
