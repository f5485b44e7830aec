/**
 * Italy on paper (issue 22 §5): from the costs the benchmarks measured on one machine, what a
 * national deployment needs. Pure arithmetic; the inputs are read from bench/results/*.json by
 * scripts/model-national.ts, the assumptions below are the plan's figures and can be changed.
 */

/** Costs measured by the benchmarks (CPU milliseconds are of one core). */
export interface MeasuredCosts {
  /** bench:booking: one booking (a hold and its confirmation) at ~1,000 bookings/s. */
  booking: { serverCpuMsPerBooking: number; postgresCpuMsPerBooking: number };
  /** bench:availability: one read of a desk's two weeks (1,000,000 bookings stored), at saturation. */
  availability: { serverCpuMsPerRead: number };
  /** bench:surge: one attempt of the release morning (most find the slot full), and what a booking adds to the database. */
  surge: { serverCpuMsPerAttempt: number; postgresCpuMsPerAttempt: number; bytesPerBooking: number };
  /** bench:dashboard: the slowest region-wide live query of the URP dashboard (a region of 71 desks, a year of data). */
  dashboard: { regionLiveQueryMs: number; desksMeasured: number };
  /** bench:notify: messages a second one notification worker delivers. */
  notify: { messagesPerSecond: number };
}

export interface NationalAssumptions {
  offices: number;
  desksPerOffice: number;
  regions: number;
  bookingsPerDay: number;
  /** Share of a day's bookings made in its busiest hour. */
  busiestHourShare: number;
  /** Availability reads a citizen makes per booking (days and desks looked at). */
  readsPerBooking: number;
  /** Notices per booking (confirmation, reminder, and some moves or cancellations). */
  messagesPerBooking: number;
  releasePlaces: number;
  releaseSeconds: number;
  /** Attempts per place on a release morning (bench:surge: 50,000 for 10,000). */
  attemptsPerPlace: number;
  /** Days bookings are kept (the URP history looks a year back). */
  keptDays: number;
  /** How often the URP dashboard's live figures are recomputed per region (MONITORING_PUSH_SECONDS). */
  dashboardPushSeconds: number;
  /** Busy share of a core we plan for (headroom for spikes and one instance restarting). */
  targetUtilisation: number;
  /** One Node.js instance uses one core. */
  coresPerInstance: number;
  /** The largest single PostgreSQL primary we would run. */
  largestPrimaryCores: number;
  /** Fewest instances (rolling restarts keep two serving). */
  minInstances: number;
}

export const PLAN: NationalAssumptions = {
  offices: 600,
  desksPerOffice: 3,
  regions: 20,
  bookingsPerDay: 1_000_000,
  busiestHourShare: 0.15,
  readsPerBooking: 8,
  messagesPerBooking: 3,
  releasePlaces: 100_000,
  releaseSeconds: 60,
  attemptsPerPlace: 5,
  keptDays: 400,
  dashboardPushSeconds: 5,
  targetUtilisation: 0.5,
  coresPerInstance: 1,
  largestPrimaryCores: 64,
  minInstances: 3,
};

export interface Load {
  requestsPerS: number;
  serverCores: number;
  postgresCores: number;
}

export interface NationalSizing {
  dailyPeak: Load & { bookingsPerS: number };
  releaseMorning: Load & { attemptsPerS: number };
  dashboardPostgresCores: number;
  notificationWorkers: number;
  instances: number;
  postgresCores: number;
  postgresGB: number;
  /** Where one primary stops: bookings a second at daily rhythm, places a minute on a release morning. */
  primaryLimit: { bookingsPerS: number; releasePlacesPerMinute: number; bindsOn: 'release morning' | 'daily peak' };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function sizeNational(m: MeasuredCosts, a: NationalAssumptions = PLAN): NationalSizing {
  const u = a.targetUtilisation;
  const bookingsPerS = (a.bookingsPerDay * a.busiestHourShare) / 3600;
  const daily = {
    bookingsPerS: round(bookingsPerS),
    requestsPerS: round(bookingsPerS * (2 + a.readsPerBooking)),
    serverCores: round((bookingsPerS * (m.booking.serverCpuMsPerBooking + a.readsPerBooking * m.availability.serverCpuMsPerRead)) / 1000 / u),
    postgresCores: round((bookingsPerS * m.booking.postgresCpuMsPerBooking) / 1000 / u),
  };
  const attemptsPerS = (a.releasePlaces * a.attemptsPerPlace) / a.releaseSeconds;
  const release = {
    attemptsPerS: round(attemptsPerS),
    requestsPerS: round(attemptsPerS * 2),
    serverCores: round((attemptsPerS * m.surge.serverCpuMsPerAttempt) / 1000 / u),
    postgresCores: round((attemptsPerS * m.surge.postgresCpuMsPerAttempt) / 1000 / u),
  };
  // A region's live query grows with its desks; each region's is recomputed every push.
  const desksPerRegion = (a.offices * a.desksPerOffice) / a.regions;
  const dashboardPostgresCores = round((a.regions * m.dashboard.regionLiveQueryMs * (desksPerRegion / m.dashboard.desksMeasured)) / 1000 / a.dashboardPushSeconds / u);
  const notificationWorkers = Math.ceil((bookingsPerS * a.messagesPerBooking) / m.notify.messagesPerSecond);
  const serverCores = Math.max(daily.serverCores, release.serverCores);
  const instances = Math.max(a.minInstances, Math.ceil(serverCores / a.coresPerInstance));
  const postgresCores = Math.ceil(Math.max(daily.postgresCores + dashboardPostgresCores, release.postgresCores + dashboardPostgresCores));
  const postgresGB = round((m.surge.bytesPerBooking * a.bookingsPerDay * a.keptDays) / 1e9, 0);
  const limitBookingsPerS = (a.largestPrimaryCores * u * 1000) / m.booking.postgresCpuMsPerBooking;
  const limitAttemptsPerS = (a.largestPrimaryCores * u * 1000) / m.surge.postgresCpuMsPerAttempt;
  const limitPlacesPerMinute = (limitAttemptsPerS * 60) / a.attemptsPerPlace;
  return {
    dailyPeak: daily,
    releaseMorning: release,
    dashboardPostgresCores,
    notificationWorkers,
    instances,
    postgresCores,
    postgresGB,
    primaryLimit: {
      bookingsPerS: Math.round(limitBookingsPerS),
      releasePlacesPerMinute: Math.round(limitPlacesPerMinute),
      bindsOn: release.postgresCores >= daily.postgresCores ? 'release morning' : 'daily peak',
    },
  };
}
