import { Alert, Button } from 'design-react-kit';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { readEventStream } from '../../api/authorized';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { BroadcastDetailDto, BroadcastStatus, ProgressDto } from '../../api/types';
import { BroadcastBadge } from '../../components/data/Badges';
import { DataList } from '../../components/data/DataList';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { ConfirmDialog } from '../../components/feedback/ConfirmDialog';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { ProgressBar } from '../../components/feedback/ProgressBar';
import { useToast } from '../../components/feedback/toast-context';
import { TextField } from '../../components/forms/TextField';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t, tMaybe, tp } from '../../i18n';
import { useUser } from '../../session/context';
import { SENDERS, WRITERS } from './BroadcastsPage';
import { WhatsAppPreview } from './NewBroadcastPage';

const LIVE: readonly BroadcastStatus[] = ['sending', 'scheduled', 'paused'];
const FUNNEL = ['queued', 'sent', 'delivered', 'read', 'failed', 'expired', 'cancelled'] as const;
type Action = 'submit' | 'approve' | 'reject' | 'pause' | 'resume' | 'cancel';

/**
 * Follows a broadcast while it is being sent: the SSE stream read with fetch (for the Bearer header),
 * or, if the stream fails, the broadcast itself every 2 s. Stops when the broadcast is over.
 */
function useLiveProgress(id: string, active: boolean, onUpdate: (status: BroadcastStatus, progress: ProgressDto) => void) {
  const [mode, setMode] = useState<'live' | 'polling' | null>(null);
  useEffect(() => {
    if (!active) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = () => {
      setMode('polling');
      timer = setInterval(() => {
        unwrap(api.GET('/api/v1/broadcasts/{id}', { params: { path: { id } } })).then(
          (b) => onUpdate(b.status, b.progress),
          () => undefined,
        );
      }, 2000);
    };
    setMode('live');
    readEventStream(
      `/api/v1/broadcasts/${encodeURIComponent(id)}/events`,
      (data) => {
        const d = data as { status?: BroadcastStatus; progress?: ProgressDto };
        if (d.status && d.progress) onUpdate(d.status, d.progress);
      },
      abort.signal,
    ).then(
      () => setMode(null),
      () => {
        if (!abort.signal.aborted) poll();
      },
    );
    return () => {
      abort.abort();
      if (timer) clearInterval(timer);
    };
  }, [id, active]);
  return mode;
}

export function BroadcastDetailPage() {
  const { id = '' } = useParams();
  const me = useUser();
  const toast = useToast();
  const query = useApiQuery(() => unwrap(api.GET('/api/v1/broadcasts/{id}', { params: { path: { id } } })), [id]);
  const [b, setB] = useState<BroadcastDetailDto | undefined>();
  useEffect(() => setB(query.data), [query.data]);
  const estimate = useApiQuery(() => unwrap(api.GET('/api/v1/broadcasts/{id}/estimate', { params: { path: { id } } })), [id, b?.status]);
  const templates = useApiQuery(() => unwrap(api.GET('/api/v1/templates')), []);
  const rules = useApiQuery(() => unwrap(api.GET('/api/v1/settings/sending')), []);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'cancel' | 'reject' | null>(null);
  const [testPhone, setTestPhone] = useState('');
  const [testError, setTestError] = useState<string | undefined>();

  const live = !!b && LIVE.includes(b.status);
  const mode = useLiveProgress(id, live, (status, progress) => setB((old) => (old ? { ...old, status, progress } : old)));

  if (query.error) return <ApiErrorView error={query.error} onRetry={query.reload} />;
  if (query.loading || !b) return <LoadingPanel />;

  const act = async (action: Action) => {
    setBusy(true);
    try {
      const opts = { params: { path: { id } } };
      const calls = {
        submit: () => unwrap(api.POST('/api/v1/broadcasts/{id}/submit', opts)),
        approve: () => unwrap(api.POST('/api/v1/broadcasts/{id}/approve', opts)),
        reject: () => unwrap(api.POST('/api/v1/broadcasts/{id}/reject', opts)),
        pause: () => unwrap(api.POST('/api/v1/broadcasts/{id}/pause', opts)),
        resume: () => unwrap(api.POST('/api/v1/broadcasts/{id}/resume', opts)),
        cancel: () => unwrap(api.POST('/api/v1/broadcasts/{id}/cancel', opts)),
      };
      const updated = (await calls[action]()) as { status: BroadcastStatus };
      toast.success(t('broadcast.done', { status: t(`bStatus.${updated.status}`) }));
      query.reload();
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };
  const sendTest = async (e: FormEvent) => {
    e.preventDefault();
    if (!testPhone.trim()) return setTestError(t('validation.required'));
    setTestError(undefined);
    try {
      await unwrap(api.POST('/api/v1/broadcasts/{id}/test', { params: { path: { id } }, body: { phones: [testPhone.trim()] } }));
      toast.success(t('broadcast.testSent'));
    } catch (err) {
      setTestError(toApiError(err).message);
    }
  };

  const writer = WRITERS.includes(me.role);
  const sender = SENDERS.includes(me.role);
  const p = b.progress;
  const actionable =
    (b.status === 'draft' && writer) || (sender && ['awaiting_approval', 'scheduled', 'sending', 'paused'].includes(b.status));
  const failures = Object.entries((p.failures ?? {}) as Record<string, number>);
  const est = estimate.data;
  const duration = est ? (est.durationS < 120 ? tp('broadcast.seconds', Math.round(est.durationS)) : tp('broadcast.minutes', Math.round(est.durationS / 60))) : '';

  return (
    <>
      <p>
        <Link to="/messaggi">{t('broadcast.back')}</Link>
      </p>
      <PageHeading title={b.title} />
      <div className="row g-4">
        <div className="col-12 col-lg-7">
          <Panel title={t('broadcast.data')} titleId="messaggio" className="mb-4">
            <DataList
              items={[
                { label: t('broadcast.status'), value: <BroadcastBadge status={b.status} /> },
                { label: t('broadcast.priority'), value: b.priority === 'urgent' ? t('broadcasts.urgent') : t('broadcast.normal') },
                { label: t('broadcast.topics'), value: b.topics.length ? b.topics.join(', ') : t('broadcasts.everyone') },
                { label: t('broadcast.scheduledAt'), value: b.scheduledAt ? formatDateTime(b.scheduledAt) : null },
                { label: t('broadcast.sendAfter'), value: b.sendAfter ? formatDateTime(b.sendAfter) : null },
                { label: t('broadcast.expiresAt'), value: b.expiresAt ? formatDateTime(b.expiresAt) : null },
                { label: t('broadcast.digest'), value: b.digest ? t('subscriber.yes') : t('subscriber.no') },
              ]}
            />
          </Panel>

          {b.status !== 'draft' && b.status !== 'awaiting_approval' && (
            <Panel title={t('broadcast.progress')} titleId="avanzamento" className="mb-4">
              <ProgressBar label={t('broadcast.progressLabel')} value={p.percent} />
              {mode && <p className="small mt-2 mb-3">{mode === 'live' ? t('broadcast.live') : t('broadcast.polling')}</p>}
              <ScrollTable caption={t('broadcast.funnelCaption')}>
                <thead>
                  <tr>
                    <th scope="col">{t('broadcast.colState')}</th>
                    <th scope="col">{t('broadcast.colCount')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t('funnel.total')}</th>
                    <td>{p.total}</td>
                  </tr>
                  {FUNNEL.map((k) => (
                    <tr key={k}>
                      <th scope="row">{t(`funnel.${k}`)}</th>
                      <td data-testid={`funnel-${k}`}>{p[k]}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
              {failures.length > 0 && (
                <>
                  <h3 className="h5">{t('broadcast.failures')}</h3>
                  <ScrollTable caption={t('broadcast.failuresCaption')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('broadcast.colReason')}</th>
                        <th scope="col">{t('broadcast.colCount')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {failures.map(([reason, n]) => (
                        <tr key={reason}>
                          <td>{reason}</td>
                          <td>{n}</td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                </>
              )}
            </Panel>
          )}

          <Panel title={t('broadcast.actions')} titleId="azioni" className="mb-4">
            {!actionable && <p className="mb-0">{t('broadcast.noActions')}</p>}
            <div className="d-flex flex-wrap gap-2">
              {b.status === 'draft' && writer && (
                <Button color="primary" disabled={busy} onClick={() => void act('submit')}>
                  {rules.data?.requireApproval ? t('broadcast.sendForApproval') : t('broadcast.send')}
                </Button>
              )}
              {b.status === 'awaiting_approval' && sender && (
                <>
                  <Button color="primary" disabled={busy} onClick={() => void act('approve')}>
                    {t('broadcast.approve')}
                  </Button>
                  <Button color="danger" outline disabled={busy} onClick={() => setConfirm('reject')}>
                    {t('broadcast.reject')}
                  </Button>
                </>
              )}
              {b.status === 'sending' && sender && (
                <Button color="primary" outline disabled={busy} onClick={() => void act('pause')}>
                  {t('broadcast.pause')}
                </Button>
              )}
              {b.status === 'paused' && sender && (
                <Button color="primary" disabled={busy} onClick={() => void act('resume')}>
                  {t('broadcast.resume')}
                </Button>
              )}
              {['scheduled', 'sending', 'paused', 'awaiting_approval'].includes(b.status) && sender && (
                <Button color="danger" disabled={busy} onClick={() => setConfirm('cancel')}>
                  {t('broadcast.cancel')}
                </Button>
              )}
            </div>
            <ConfirmDialog
              isOpen={confirm !== null}
              title={confirm === 'reject' ? t('broadcast.rejectTitle', { title: b.title }) : t('broadcast.cancelTitle', { title: b.title })}
              confirmLabel={confirm === 'reject' ? t('broadcast.reject') : t('broadcast.cancelConfirm')}
              danger
              busy={busy}
              busyLabel={t('broadcast.working')}
              onConfirm={() => void act(confirm ?? 'cancel')}
              onCancel={() => setConfirm(null)}
            >
              <p>{confirm === 'reject' ? t('broadcast.rejectText') : t('broadcast.cancelText')}</p>
            </ConfirmDialog>
          </Panel>

          {writer && (b.status === 'draft' || b.status === 'awaiting_approval') && (
            <Panel title={t('broadcast.test')} titleId="prova" className="mb-4">
              <form noValidate onSubmit={sendTest} className="row align-items-end">
                <div className="col-12 col-md-8">
                  <TextField id="test-phone" type="tel" label={t('broadcast.testPhone')} help={t('broadcast.testHelp')} error={testError} value={testPhone} onChange={(e) => setTestPhone(e.target.value)} />
                </div>
                <div className="col-12 col-md-4 mb-3">
                  <Button type="submit" color="primary" outline>
                    {t('broadcast.testSend')}
                  </Button>
                </div>
              </form>
            </Panel>
          )}
        </div>

        <div className="col-12 col-lg-5">
          <Panel title={t('compose.preview')} titleId="anteprima" className="mb-4">
            <WhatsAppPreview title={b.title} body={b.body} mediaUrl={b.mediaUrl} />
          </Panel>
          <Panel title={t('broadcast.estimate')} titleId="stima" className="mb-4">
            {estimate.error ? (
              <ApiErrorView error={estimate.error} onRetry={estimate.reload} />
            ) : !est ? (
              <LoadingPanel />
            ) : (
              <>
                {est.blocker && (
                  <Alert color="danger">
                    <strong>{t('broadcast.blocked')}:</strong> {est.blocker}
                  </Alert>
                )}
                {est.limitWarning && <Alert color="warning">{est.limitWarning}</Alert>}
                <DataList
                  columns={1}
                  items={[
                    { label: t('broadcast.recipients'), value: String(est.recipients) },
                    { label: t('broadcast.insideWindow'), value: String(est.insideWindow) },
                    { label: t('broadcast.duration'), value: duration },
                    { label: t('broadcast.finishAt'), value: formatDateTime(est.finishAt) },
                  ]}
                />
              </>
            )}
          </Panel>
          <Panel title={t('broadcast.templates')} titleId="modelli">
            {templates.error ? (
              <ApiErrorView error={templates.error} onRetry={templates.reload} />
            ) : !templates.data ? (
              <LoadingPanel />
            ) : templates.data.length === 0 ? (
              <p className="mb-0">{t('broadcast.noTemplates')}</p>
            ) : (
              <ScrollTable caption={t('broadcast.templatesCaption')}>
                <thead>
                  <tr>
                    <th scope="col">{t('broadcast.templateName')}</th>
                    <th scope="col">{t('broadcast.templateCategory')}</th>
                    <th scope="col">{t('broadcast.templateStatus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {templates.data.map((tpl) => (
                    <tr key={tpl.id}>
                      <td>{tpl.name}</td>
                      <td>{tpl.category}</td>
                      <td>
                        {tMaybe(`tplStatus.${tpl.status}`) ?? tpl.status}
                        {tpl.statusReason && <span className="d-block small">{t('broadcast.templateReason', { reason: tpl.statusReason })}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}
