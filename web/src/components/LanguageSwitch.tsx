import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLang, setLanguage } from '../i18n';

/** IT / EN switch, shown on every page; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <div className="lang-switch" role="group" aria-label={`${t('language.label')} / Language`}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="lang-switch-button"
          aria-pressed={code === lang}
          onClick={() => void setLanguage(code)}
        >
          <span aria-hidden="true" className="d-inline d-sm-none">
            {code.toUpperCase()}
          </span>
          <span className="d-none d-sm-inline">{t(`language.${code}`)}</span>
          <span className="visually-hidden d-sm-none">{t(`language.${code}`)}</span>
        </button>
      ))}
    </div>
  );
}
