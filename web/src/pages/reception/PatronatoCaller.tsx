import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AdminApiError, staff, staffApi } from '../../staff/api';

interface Caller {
  patronato: { id: string; name: string };
  office: { id: string; name: string };
}

/**
 * A taken incoming call whose number is a patronato's local office (the patronati's line of the
 * province): the console says who is calling and offers to book from the patronato share, on
 * the patronati's booking page with the caller already recognised. Nothing shown for anyone else.
 */
export function PatronatoCaller({ phone }: { phone: string | null }) {
  const { t } = useTranslation();
  const [caller, setCaller] = useState<Caller | null>(null);
  useEffect(() => {
    setCaller(null);
    if (!phone) return;
    let live = true;
    staff(staffApi.GET('/api/staff/patronato/callers', { params: { query: { phone } } })).then(
      (c) => live && setCaller(c),
      (err: unknown) => {
        // Not a patronato (404), or a number the check refuses (422): an ordinary caller.
        if (!(err instanceof AdminApiError)) throw err;
      },
    );
    return () => {
      live = false;
    };
  }, [phone]);
  if (!caller || !phone) return null;
  return (
    <div className="alert alert-info d-flex flex-wrap align-items-center gap-2 py-2" role="status" data-testid="patronato-caller">
      <span>{t('reception.patronato.calling', { name: caller.patronato.name, office: caller.office.name })}</span>
      <Link className="btn btn-primary btn-sm ms-auto" to={`/patronato/prenota?chiamante=${encodeURIComponent(phone)}`}>
        {t('reception.patronato.book')}
      </Link>
    </div>
  );
}
