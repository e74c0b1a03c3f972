import { Callout, CalloutText, CalloutTitle } from 'design-react-kit';
import { Link } from 'react-router-dom';
import { DataList } from '../../components/data/DataList';
import { StatusBadge } from '../../components/data/StatusBadge';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { t } from '../../i18n';
import { useOwnComune, useUser } from '../../session/context';

/** Town staff's first page: their comune, the state of its service, its contacts. More to come. */
export function DashboardPage() {
  const { comune, error, loading, reload } = useOwnComune();
  const user = useUser();

  return (
    <>
      <PageHeading title={t('dashboard.title')} />
      {error ? (
        <ApiErrorView error={error} onRetry={reload} />
      ) : loading || !comune ? (
        <LoadingPanel />
      ) : (
        <div className="row g-4">
          <div className="col-12 col-lg-6">
            <Panel title={t('dashboard.service')} titleId="servizio" className="h-100">
              <p className="mb-2">
                <StatusBadge status={comune.status} />
              </p>
              <p className="mb-0" data-testid="status-help">
                {t(`status.help.${comune.status}`)}
              </p>
            </Panel>
          </div>
          <div className="col-12 col-lg-6">
            <Panel title={t('dashboard.data')} titleId="dati" className="h-100">
              <DataList
                items={[
                  { label: t('comune.field.name'), value: comune.name },
                  { label: t('comune.field.province'), value: comune.province },
                  { label: t('comune.field.istatCode'), value: comune.istatCode },
                  { label: t('comune.field.timezone'), value: comune.timezone },
                ]}
              />
            </Panel>
          </div>
          <div className="col-12 col-lg-6">
            <Panel title={t('dashboard.contacts')} titleId="contatti" className="h-100">
              <DataList
                columns={1}
                items={[
                  { label: t('comune.field.contactEmail'), value: comune.contactEmail },
                  { label: t('comune.field.contactPhone'), value: comune.contactPhone },
                  { label: t('comune.field.contactUrl'), value: comune.contactUrl },
                  { label: t('comune.field.contactApp'), value: comune.contactApp },
                ]}
              />
              <Link to="/contatti">{user.role === 'admin' ? t('dashboard.editContacts') : t('dashboard.viewContacts')}</Link>
            </Panel>
          </div>
          <div className="col-12 col-lg-6">
            <Callout>
              <CalloutTitle>{t('dashboard.comingSoon')}</CalloutTitle>
              <CalloutText>{t('dashboard.comingSoonText')}</CalloutText>
            </Callout>
          </div>
        </div>
      )}
    </>
  );
}
