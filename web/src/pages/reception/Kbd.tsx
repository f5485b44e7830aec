import { useTranslation } from 'react-i18next';

/** A key or a chord to press, e.g. <Kbd keys="Alt+N" />, shown as keycaps ("Invio" for Enter in Italian). */
export function Kbd({ keys, className }: { keys: string; className?: string }) {
  const { t } = useTranslation();
  const parts = keys.split('+');
  return (
    <span className={`rc-keys${className ? ` ${className}` : ''}`}>
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 && '+'}
          <kbd>{t(`reception.keys.name.${p}`, { defaultValue: p })}</kbd>
        </span>
      ))}
    </span>
  );
}
