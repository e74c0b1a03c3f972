import { Button } from 'design-react-kit';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { downloadFile } from '../../api/authorized';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import { SubscriberBadge } from '../../components/data/Badges';
import { DataList } from '../../components/data/DataList';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { ConfirmDialog } from '../../components/feedback/ConfirmDialog';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { useToast } from '../../components/feedback/toast-context';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/context';

/** One subscriber: data, consent history; for admins the export and the erasure (rights of the data subject). */
export function SubscriberDetailPage() {
  const { id = '' } = useParams();
  const me = useUser();
  const toast = useToast();
  const navigate = useNavigate();
  const sub = useApiQuery(() => unwrap(api.GET('/api/v1/subscribers/{id}', { params: { path: { id } } })), [id]);
  const [confirming, setConfirming] = useState(false);
  const [erasing, setErasing] = useState(false);

  if (sub.error) return <ApiErrorView error={sub.error} onRetry={sub.reload} />;
  if (sub.loading || !sub.data) return <LoadingPanel />;
  const s = sub.data;
  const fields = Object.entries(s.fields ?? {}).map(([k, v]) => `${k}: ${String(v)}`).join(', ');

  const exportAs = async (format: 'json' | 'csv') => {
    try {
      await downloadFile(`/api/v1/subscribers/${encodeURIComponent(id)}/export?format=${format}`, `iscritto-${id}.${format}`);
      toast.success(t('subscriber.exported'));
    } catch (err) {
      toast.error(toApiError(err).message);
    }
  };
  const erase = async () => {
    setErasing(true);
    try {
      await unwrap(api.DELETE('/api/v1/subscribers/{id}', { params: { path: { id } } }));
      toast.success(t('subscriber.erased'));
      navigate('/iscritti');
    } catch (err) {
      toast.error(toApiError(err).message);
      setErasing(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <p>
        <Link to="/iscritti">{t('subscriber.back')}</Link>
      </p>
      <PageHeading title={t('subscriber.title', { phone: s.phoneMasked })} />
      <Panel title={t('subscriber.data')} titleId="dati-iscritto" className="mb-4">
        <DataList
          items={[
            { label: t('subscriber.status'), value: <SubscriberBadge status={s.status} /> },
            { label: t('subscriber.topics'), value: s.topics.length ? s.topics.join(', ') : t('subscribers.allTopics') },
            { label: t('subscriber.subscribedAt'), value: s.subscribedAt ? formatDateTime(s.subscribedAt) : null },
            { label: t('subscriber.unsubscribedAt'), value: s.unsubscribedAt ? formatDateTime(s.unsubscribedAt) : null },
            { label: t('subscriber.lastInbound'), value: s.lastInboundAt ? formatDateTime(s.lastInboundAt) : null },
            { label: t('subscriber.notice'), value: s.noticeVersion ?? null },
            { label: t('subscriber.fields'), value: fields },
            { label: t('subscriber.marketingOptOut'), value: s.marketingOptOut ? t('subscriber.yes') : t('subscriber.no') },
          ]}
        />
      </Panel>

      <section aria-labelledby="storico" className="mb-4">
        <h2 id="storico" className="h4">
          {t('subscriber.history')}
        </h2>
        {s.consentHistory.length === 0 ? (
          <p>{t('subscriber.noHistory')}</p>
        ) : (
          <ScrollTable caption={t('subscriber.historyCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('subscriber.colWhen')}</th>
                <th scope="col">{t('subscriber.colAction')}</th>
                <th scope="col">{t('subscriber.colWords')}</th>
                <th scope="col">{t('subscriber.colRule')}</th>
                <th scope="col">{t('subscriber.colChannel')}</th>
              </tr>
            </thead>
            <tbody>
              {s.consentHistory.map((c, i) => (
                <tr key={i}>
                  <td className="text-nowrap">{formatDateTime(c.occurredAt)}</td>
                  <td>{c.action}</td>
                  <td>{c.wordsReceived ?? ''}</td>
                  <td>{c.ruleMatched ?? ''}</td>
                  <td>{c.channel}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>

      {me.role === 'admin' && (
        <Panel title={t('subscriber.rights')} titleId="diritti">
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" outline onClick={() => void exportAs('json')}>
              {t('subscriber.exportJson')}
            </Button>
            <Button color="primary" outline onClick={() => void exportAs('csv')}>
              {t('subscriber.exportCsv')}
            </Button>
            <Button color="danger" onClick={() => setConfirming(true)}>
              {t('subscriber.erase')}
            </Button>
          </div>
          <ConfirmDialog
            isOpen={confirming}
            title={t('subscriber.eraseTitle', { phone: s.phoneMasked })}
            confirmLabel={t('subscriber.eraseConfirm')}
            danger
            busy={erasing}
            busyLabel={t('subscriber.erasing')}
            onConfirm={() => void erase()}
            onCancel={() => setConfirming(false)}
          >
            <p>{t('subscriber.eraseText')}</p>
          </ConfirmDialog>
        </Panel>
      )}
    </>
  );
}
