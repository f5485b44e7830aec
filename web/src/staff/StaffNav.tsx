import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { Loading } from '../components/StateViews';
import { monitoringLink } from '../pages/monitoring/navLink';
import { setCsrf, staff, staffApi } from './api';
import { SessionCtx, useSession, useSessionState } from './session';
import type { StaffLink } from './staffLink';

export type { StaffLink };

/** The bar of a staff area: its links (by role), who is signed in, sign out. */
export function StaffNav(props: {
  label: string;
  links: StaffLink[];
  signedInAs: (name: string) => string;
  logoutLabel: string;
  className?: string;
  linkClassName?: string;
}) {
  const { session, refresh } = useSession();
  const { t } = useTranslation();
  const roles = session?.user?.roles ?? [];
  // Every staff bar links to the URP dashboard for the roles that may read it.
  const monitoring = monitoringLink(t);
  const links = props.links.some((l) => l.to === monitoring.to) ? props.links : [...props.links, monitoring];
  const logout = async () => {
    await staff(staffApi.POST('/api/auth/logout'));
    setCsrf(null);
    await refresh();
  };
  return (
    <nav aria-label={props.label} className={props.className ?? 'd-flex flex-wrap align-items-center gap-3 mb-3 pb-2 border-bottom'}>
      {links
        .filter((l) => roles.some((r) => l.roles.includes(r)))
        .map((l) => (
          <NavLink key={l.to} to={l.to} end={l.end ?? false} className={props.linkClassName ?? 'btn btn-outline-primary btn-sm'}>
            {l.label}
          </NavLink>
        ))}
      <span className="ms-auto small">{props.signedInAs(session?.user?.displayName ?? '')}</span>
      <button type="button" className="btn btn-secondary btn-sm" onClick={() => void logout()}>
        {props.logoutLabel}
      </button>
    </nav>
  );
}

/**
 * A staff area: loads the session, provides it, and shows the sign-in page until a staff
 * member is signed in; then `children` (its bar and routes).
 */
export function StaffArea(props: { className: string; login: ReactNode; children: ReactNode }) {
  const state = useSessionState();
  const { session, refresh } = state;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!session) return <Loading />;
  const signedIn = session.authenticated && session.kind === 'staff';
  return (
    <SessionCtx.Provider value={state}>
      <div className={props.className}>{signedIn ? props.children : props.login}</div>
    </SessionCtx.Provider>
  );
}
