import { useTranslation } from 'react-i18next';
import type { AdminApiError } from './adminApi';

/** A failed request, in the reader's language, with the fields to correct. */
export function ProblemMessage({ error }: { error: AdminApiError | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const lang = i18n.language === 'en' ? 'en' : 'it';
  const p = error.problem;
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-0">{p ? p.messages[lang] : t('admin.networkError')}</p>
      {p?.fields && p.fields.length > 0 && (
        <ul className="mb-0 mt-2">
          {p.fields.map((f, i) => (
            <li key={i}>
              <code>{f.path}</code>: {f[lang]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
