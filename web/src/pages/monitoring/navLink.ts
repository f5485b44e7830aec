/**
 * The link to the URP dashboard that every staff bar shows to the roles holding
 * `staff.monitoring.read` (web/src/staff/StaffNav.tsx adds it). Only its label is
 * registered here; the dashboard registers the rest of its strings when it loads.
 */
import i18n from '../../i18n';
import type { StaffLink } from '../../staff/staffLink';
import { READ_ROLES } from './api';
import { strings } from './strings';

i18n.addResourceBundle('it', 'translation', { monitoring: { nav: { link: strings.it.nav.link } } }, true, false);
i18n.addResourceBundle('en', 'translation', { monitoring: { nav: { link: strings.en.nav.link } } }, true, false);

export const MONITORING_PATH = '/monitoraggio';

export function monitoringLink(t: (key: string) => string): StaffLink {
  return { to: MONITORING_PATH, roles: READ_ROLES, label: t('monitoring.nav.link') };
}
