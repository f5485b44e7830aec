import { Breadcrumb, BreadcrumbItem } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export interface Crumb {
  label: string;
  to?: string;
}

/** Breadcrumb trail; the last item is the current page. */
export function Crumbs({ items }: { items: Crumb[] }) {
  const { t } = useTranslation();
  const all: Crumb[] = [{ label: t('breadcrumb.home'), to: '/' }, ...items];
  return (
    <Breadcrumb aria-label={t('breadcrumb.label')} className="mb-2">
        {all.map((crumb, i) => {
          const last = i === all.length - 1;
          return (
            <BreadcrumbItem key={`${i}-${crumb.label}`} active={last} aria-current={last ? 'page' : undefined}>
              {last || !crumb.to ? crumb.label : <Link to={crumb.to}>{crumb.label}</Link>}
              {!last && <span className="separator" aria-hidden="true">/</span>}
            </BreadcrumbItem>
          );
        })}
    </Breadcrumb>
  );
}
