import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title: "<page> – Sportello a distanza". */
export function useTitle(page: string | null) {
  const { t } = useTranslation();
  const suffix = t('app.titleSuffix');
  useEffect(() => {
    document.title = page && page !== suffix ? `${page} – ${suffix}` : suffix;
  }, [page, suffix]);
}
