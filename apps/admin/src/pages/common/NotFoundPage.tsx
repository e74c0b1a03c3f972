import { Link } from 'react-router-dom';
import { PageHeading } from '../../components/layout/PageHeading';
import { t } from '../../i18n';

/** An unknown address, or data that does not exist for this user (another comune's, say). */
export function NotFoundPage() {
  return (
    <section>
      <PageHeading title={t('page.notFound.title')} />
      <p className="lead">{t('page.notFound.text')}</p>
      <Link to="/" className="btn btn-primary">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
