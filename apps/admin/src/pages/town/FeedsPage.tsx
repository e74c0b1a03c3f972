import { Alert, Badge, Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { CreateFeedBody, FeedDto } from '../../api/types';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { ConfirmDialog } from '../../components/feedback/ConfirmDialog';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { useToast } from '../../components/feedback/toast-context';
import { SelectField } from '../../components/forms/SelectField';
import { TextField } from '../../components/forms/TextField';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/context';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

interface Draft {
  name: string;
  url: string;
  mode: 'review' | 'auto';
  topics: string;
  digest: boolean;
  filterCategories: string;
  filterWords: string;
  pollIntervalMinutes: string;
  enabled: boolean;
}

const EMPTY: Draft = { name: '', url: '', mode: 'review', topics: '', digest: false, filterCategories: '', filterWords: '', pollIntervalMinutes: '15', enabled: true };
const draftOf = (f: FeedDto): Draft => ({
  name: f.name,
  url: f.url,
  mode: f.mode,
  topics: f.topics.join(', '),
  digest: f.digest,
  filterCategories: f.filterCategories.join(', '),
  filterWords: f.filterWords.join(', '),
  pollIntervalMinutes: String(f.pollIntervalMinutes),
  enabled: f.enabled,
});

/** Add or change a feed. Field errors come from the API's own validation, in Italian. */
function FeedForm({ editing, onDone }: { editing: FeedDto | null; onDone(): void }) {
  const toast = useToast();
  const [d, setD] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!d.name.trim()) local.name = t('validation.required');
    if (!d.url.trim()) local.url = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const body: CreateFeedBody = {
      name: d.name.trim(),
      url: d.url.trim(),
      mode: d.mode,
      topics: list(d.topics),
      digest: d.digest,
      filterCategories: list(d.filterCategories),
      filterWords: list(d.filterWords),
      pollIntervalMinutes: Number(d.pollIntervalMinutes) || 15,
      enabled: d.enabled,
    };
    setSaving(true);
    try {
      if (editing) await unwrap(api.PATCH('/api/v1/feeds/{id}', { params: { path: { id: editing.id } }, body }));
      else await unwrap(api.POST('/api/v1/feeds', { body }));
      toast.success(t('feeds.saved'));
      onDone();
    } catch (err) {
      const apiError = toApiError(err);
      const details = (apiError.details ?? []) as { field: string; problems: string[] }[];
      if (Array.isArray(details) && details.length) setErrors(Object.fromEntries(details.map((x) => [x.field, x.problems.join(' ')])));
      toast.error(apiError.message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title={editing ? t('feeds.edit') : t('feeds.add')} titleId="feed-form" className="mb-4">
      <form noValidate onSubmit={save}>
        <p>{t('common.requiredNote')}</p>
        <TextField id="f-name" label={t('feeds.name')} required error={errors.name} value={d.name} onChange={set('name')} />
        <TextField id="f-url" type="url" label={t('feeds.url')} help={t('feeds.urlHelp')} required error={errors.url} value={d.url} onChange={set('url')} />
        <SelectField id="f-mode" label={t('feeds.mode')} help={t('feeds.modeHelp')} value={d.mode} onChange={(e) => setD({ ...d, mode: e.target.value as Draft['mode'] })}>
          <option value="review">{t('feeds.mode.review')}</option>
          <option value="auto">{t('feeds.mode.auto')}</option>
        </SelectField>
        <TextField id="f-topics" label={t('feeds.topics')} help={t('feeds.topicsHelp')} error={errors.topics} value={d.topics} onChange={set('topics')} />
        <TextField id="f-categories" label={t('feeds.categories')} help={t('feeds.listHelp')} error={errors.filterCategories} value={d.filterCategories} onChange={set('filterCategories')} />
        <TextField id="f-words" label={t('feeds.words')} help={t('feeds.listHelp')} error={errors.filterWords} value={d.filterWords} onChange={set('filterWords')} />
        <TextField id="f-interval" type="number" min={1} max={1440} label={t('feeds.interval')} error={errors.pollIntervalMinutes} value={d.pollIntervalMinutes} onChange={set('pollIntervalMinutes')} />
        <div className="form-check mb-4">
          <input id="f-digest" type="checkbox" checked={d.digest} onChange={(e) => setD({ ...d, digest: e.target.checked })} />
          <label htmlFor="f-digest">{t('feeds.digest')}</label>
        </div>
        <div className="form-check mb-4">
          <input id="f-enabled" type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} />
          <label htmlFor="f-enabled">{t('feeds.enabled')}</label>
        </div>
        <Button type="submit" color="primary" disabled={saving} className="me-2">
          {saving ? t('common.saving') : t('common.save')}
        </Button>
        <Button type="button" color="secondary" outline onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </form>
    </Panel>
  );
}

function Health({ feed }: { feed: FeedDto }) {
  if (feed.lastError)
    return (
      <>
        <Badge color="danger" pill className="status-badge">
          {t('feeds.health.error', { count: feed.failures })}
        </Badge>
        <div className="small mt-1">{feed.lastError}</div>
      </>
    );
  if (!feed.lastFetchedAt) return <span>{t('feeds.health.never')}</span>;
  return (
    <Badge color="success" pill className="status-badge">
      {t('feeds.health.ok')}
    </Badge>
  );
}

/** The comune's website feeds: their health for everyone, settings and "check now" for admins. */
export function FeedsPage() {
  const admin = useUser().role === 'admin';
  const toast = useToast();
  const feeds = useApiQuery(() => unwrap(api.GET('/api/v1/feeds')), []);
  const [editing, setEditing] = useState<FeedDto | null | 'new'>(null);
  const [removing, setRemoving] = useState<FeedDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const pollNow = async (f: FeedDto) => {
    setBusy(f.id);
    try {
      const r = await unwrap(api.POST('/api/v1/feeds/{id}/poll', { params: { path: { id: f.id } } }));
      if (r.status === 'error') toast.error(r.error ?? t('feeds.pollFailed'));
      else if (!f.lastSuccessAt && r.status === 'imported') toast.success(t('feeds.pollBaseline'));
      else toast.success(r.status === 'not_modified' ? t('feeds.pollUnchanged') : t('feeds.pollDone', { count: r.imported }));
      feeds.reload();
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    if (!removing) return;
    setBusy(removing.id);
    try {
      await unwrap(api.DELETE('/api/v1/feeds/{id}', { params: { path: { id: removing.id } } }));
      toast.success(t('feeds.deleted'));
      feeds.reload();
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(null);
      setRemoving(null);
    }
  };

  return (
    <>
      <p>
        <Link to="/impostazioni">{t('feeds.back')}</Link>
      </p>
      <PageHeading title={t('feeds.title')} />
      <p>{t('feeds.intro')}</p>
      {!admin && <Alert color="info">{t('feeds.readOnly')}</Alert>}
      {editing !== null && (
        <FeedForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            feeds.reload();
          }}
        />
      )}
      {admin && editing === null && (
        <p>
          <Button color="primary" onClick={() => setEditing('new')}>
            {t('feeds.add')}
          </Button>
        </p>
      )}
      {feeds.error ? (
        <ApiErrorView error={feeds.error} onRetry={feeds.reload} />
      ) : !feeds.data ? (
        <LoadingPanel />
      ) : feeds.data.length === 0 ? (
        <p>{t('feeds.none')}</p>
      ) : (
        <ScrollTable caption={t('feeds.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('feeds.name')}</th>
              <th scope="col">{t('feeds.mode')}</th>
              <th scope="col">{t('feeds.colHealth')}</th>
              <th scope="col">{t('feeds.colLastFetch')}</th>
              <th scope="col">{t('feeds.colImported')}</th>
              {admin && <th scope="col">{t('feeds.colActions')}</th>}
            </tr>
          </thead>
          <tbody>
            {feeds.data.map((f) => (
              <tr key={f.id}>
                <td>
                  {f.name}
                  <div className="small text-break">{f.url}</div>
                  {!f.enabled && <div className="small">{t('feeds.disabled')}</div>}
                </td>
                <td>{t(`feeds.mode.${f.mode}`)}</td>
                <td>
                  <Health feed={f} />
                </td>
                <td>{f.lastFetchedAt ? formatDateTime(f.lastFetchedAt) : t('common.never')}</td>
                <td>{f.itemsImported}</td>
                {admin && (
                  <td>
                    <Button size="xs" color="primary" outline className="me-1 mb-1" disabled={busy === f.id} onClick={() => pollNow(f)}>
                      {t('feeds.pollNow')}
                    </Button>
                    <Button size="xs" color="secondary" outline className="me-1 mb-1" onClick={() => setEditing(f)}>
                      {t('feeds.editShort')}
                    </Button>
                    <Button size="xs" color="danger" outline className="mb-1" onClick={() => setRemoving(f)}>
                      {t('feeds.delete')}
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <ConfirmDialog
        isOpen={!!removing}
        title={t('feeds.deleteTitle')}
        confirmLabel={t('feeds.delete')}
        danger
        busy={!!removing && busy === removing.id}
        busyLabel={t('common.saving')}
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
      >
        <p>{t('feeds.deleteBody', { name: removing?.name ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
