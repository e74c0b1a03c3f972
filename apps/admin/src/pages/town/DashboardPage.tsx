import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { SUBSCRIBER_STATUSES } from '../../api/types';
import { JoinsChart } from '../../components/data/JoinsChart';
import { BroadcastTable } from './BroadcastsPage';
import { useApiQuery } from '../../hooks/useApiQuery';
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
  const stats = useApiQuery(() => unwrap(api.GET('/api/v1/subscribers/stats')), []);
  const broadcasts = useApiQuery(() => unwrap(api.GET('/api/v1/broadcasts', { params: { query: {} } })), []);

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
            <Panel title={t('dashboard.subscribers')} titleId="iscritti" className="h-100">
              {stats.error ? (
                <ApiErrorView error={stats.error} onRetry={stats.reload} />
              ) : !stats.data ? (
                <LoadingPanel />
              ) : (
                <div className="row">
                  <div className="col-12 col-md-6">
                    <h3 className="h6">{t('dashboard.byStatus')}</h3>
                    <DataList
                      columns={1}
                      items={SUBSCRIBER_STATUSES.map((s) => ({
                        label: t(`subStatus.${s}`),
                        value: String((stats.data!.byStatus as Record<string, number>)[s] ?? 0),
                      }))}
                    />
                  </div>
                  <div className="col-12 col-md-6">
                    <h3 className="h6">{t('dashboard.byTopic')}</h3>
                    {Object.keys(stats.data.byTopic).length === 0 ? (
                      <p>{t('dashboard.noTopics')}</p>
                    ) : (
                      <DataList
                        columns={1}
                        items={Object.entries(stats.data.byTopic as Record<string, number>).map(([k, v]) => ({ label: k, value: String(v) }))}
                      />
                    )}
                  </div>
                </div>
              )}
            </Panel>
          </div>
          <div className="col-12">
            <Panel title={t('dashboard.perDay')} titleId="andamento">
              {stats.data ? <JoinsChart perDay={stats.data.perDay} /> : stats.error ? null : <LoadingPanel />}
            </Panel>
          </div>
          <div className="col-12">
            <Panel title={t('dashboard.lastBroadcasts')} titleId="ultimi-messaggi">
              {broadcasts.error ? (
                <ApiErrorView error={broadcasts.error} onRetry={broadcasts.reload} />
              ) : !broadcasts.data ? (
                <LoadingPanel />
              ) : (
                <BroadcastTable items={broadcasts.data.slice(0, 5)} caption={t('dashboard.lastBroadcasts')} />
              )}
              <Link to="/messaggi">{t('dashboard.allBroadcasts')}</Link>
            </Panel>
          </div>
        </div>
      )}
    </>
  );
}
