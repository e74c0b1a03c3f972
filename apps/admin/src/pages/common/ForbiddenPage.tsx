import { Link } from 'react-router-dom';
import { PageHeading } from '../../components/layout/PageHeading';
import { t } from '../../i18n';

/** Shown instead of a page the user's role may not see. No data of the page is loaded. */
export function ForbiddenPage() {
  return (
    <section>
      <PageHeading title={t('page.forbidden.title')} />
      <p className="lead">{t('page.forbidden.text')}</p>
      <Link to="/" className="btn btn-primary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
