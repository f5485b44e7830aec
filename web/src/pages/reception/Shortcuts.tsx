import { useTranslation } from 'react-i18next';
import { Kbd } from './Kbd';

const LIST: [string, string][] = [
  ['Alt+N', 'newCaller'],
  ['Alt+P', 'book'],
  ['Alt+R', 'find'],
  ['Alt+A', 'answers'],
  ['Alt+C', 'town'],
  ['Alt+O', 'office'],
  ['Alt+U', 'desk'],
  ['1…9', 'slot'],
  ['Alt+I', 'consent'],
  ['Enter', 'confirm'],
  ['Alt+L', 'log'],
  ['1…6', 'reason'],
  ['Esc', 'back'],
];

/** The console's keyboard shortcuts, always on screen. */
export function Shortcuts() {
  const { t } = useTranslation();
  return (
    <section className="rc-side-card" aria-labelledby="rc-keys-title">
      <h2 id="rc-keys-title" className="h5">
        {t('reception.shortcuts.title')}
      </h2>
      <table className="table table-sm mb-0 rc-shortcuts">
        <caption className="visually-hidden">{t('reception.shortcuts.title')}</caption>
        <tbody>
          {LIST.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row" className="fw-normal text-nowrap">
                <Kbd keys={keys} />
              </th>
              <td>{t(`reception.shortcuts.${what}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
