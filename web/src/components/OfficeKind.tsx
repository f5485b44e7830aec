import { useTranslation } from 'react-i18next';
import { slug } from '../lib/text';

/** Office kinds come from the office data in Italian; known ones are translated. */
export function useOfficeKind(): (kind: string) => string {
  const { t } = useTranslation();
  return (kind: string) => {
    const text = t(`officeKind.${slug(kind)}`, { defaultValue: kind });
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
}
