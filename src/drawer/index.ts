/** The two-way drawer (cassetto bidirezionale): used by others only through this file. */
export { drawerRoutes } from './routes.js';
export type { DrawerDeps } from './deps.js';

export { seedDemoDrawer } from './seed-demo-drawer.js';
export { remindDeadlines, REMIND_EVERY_MS } from './remind-deadlines.js';
