import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { DataList } from '../../components/data/DataList';
import { HealthBadge } from '../../components/data/HealthBadge';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t } from '../../i18n';

const count = (n: number) => n.toLocaleString('it-IT');

/** Provider: is this comune's service working — numbers, templates, today's sends and Meta's throttling. */
export function ComuneHealthSection({ comuneId }: { comuneId: string }) {
  const health = useApiQuery(() => unwrap(api.GET('/api/v1/platform/comuni/{id}/health', { params: { path: { id: comuneId } } })), [comuneId]);
  return (
    <section className="mb-5" aria-labelledby="salute">
      <h2 id="salute" className="h3">
        {t('health.title')}
      </h2>
      {health.error ? (
        <ApiErrorView error={health.error} onRetry={health.reload} />
      ) : health.loading || !health.data ? (
        <LoadingPanel />
      ) : (
        <>
          <p>
            <HealthBadge level={health.data.level} />
          </p>
          {health.data.issues.length > 0 && (
            <ul data-testid="health-issues">
              {health.data.issues.map((i) => (
                <li key={i}>{t(`health.issue.${i}`)}</li>
              ))}
            </ul>
          )}
          <DataList
            items={[
              { label: t('health.subscribers'), value: count(health.data.subscribers) },
              { label: t('health.sent24h'), value: count(health.data.sent24h) },
              { label: t('health.failed24h'), value: count(health.data.failed24h) },
              { label: t('health.throttled24h'), value: count(health.data.throttled24h) },
              { label: t('health.templates'), value: `${health.data.templatesApproved} / ${health.data.templatesRejected}` },
              { label: t('health.lastBroadcast'), value: health.data.lastBroadcastAt ? formatDateTime(health.data.lastBroadcastAt) : t('common.never') },
            ]}
          />
          {health.data.numbers.length > 0 && (
            <ScrollTable caption={t('health.numbersCaption')}>
              <thead>
                <tr>
                  <th scope="col">{t('health.colNumber')}</th>
                  <th scope="col">{t('health.colSending')}</th>
                  <th scope="col">{t('health.colMps')}</th>
                  <th scope="col">{t('health.colTier')}</th>
                </tr>
              </thead>
              <tbody>
                {health.data.numbers.map((n) => (
                  <tr key={n.id}>
                    <th scope="row">{n.displayPhoneNumber}</th>
                    <td>{n.sendingStatus === 'active' ? t('health.sending.active') : t('health.sending.stopped', { reason: n.sendingStoppedReason ?? '' })}</td>
                    <td>{n.mps}</td>
                    <td>{t(`tier.${n.messagingLimitTier}`)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </>
      )}
    </section>
  );
}
