import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { toApiError, unwrap, type ApiError } from '../../api/errors';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../api/types';
import { SubscriberBadge } from '../../components/data/Badges';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { TextField } from '../../components/forms/TextField';
import { PageHeading } from '../../components/layout/PageHeading';
import { Panel } from '../../components/layout/Panel';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDate, t } from '../../i18n';

const PAGE = 25;

/** The comune's subscribers (numbers masked), by status, page by page; a citizen found by number. */
export function SubscribersPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<SubscriberStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useApiQuery(
    () => unwrap(api.GET('/api/v1/subscribers', { params: { query: { limit: PAGE, offset, ...(status ? { status } : {}) } } })),
    [status, offset],
  );
  const [phone, setPhone] = useState('');
  const [searchError, setSearchError] = useState<string | undefined>();
  const [searching, setSearching] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!phone.trim()) return setSearchError(t('validation.required'));
    setSearching(true);
    setSearchError(undefined);
    try {
      const found = await unwrap(api.GET('/api/v1/subscribers/lookup', { params: { query: { phone } } }));
      navigate(`/iscritti/${found.id}`);
    } catch (err) {
      const apiErr: ApiError = toApiError(err);
      setSearchError(apiErr.status === 404 ? t('subscribers.notFound') : apiErr.message);
    } finally {
      setSearching(false);
    }
  };

  const total = list.data?.total ?? 0;
  return (
    <>
      <PageHeading title={t('subscribers.title')} />
      <Panel title={t('subscribers.search')} titleId="cerca-iscritto" className="mb-4">
        <form noValidate onSubmit={search} className="row align-items-end">
          <div className="col-12 col-md-8">
            <TextField
              id="lookup-phone"
              label={t('subscribers.searchLabel')}
              help={t('subscribers.searchHelp')}
              error={searchError}
              type="tel"
              autoComplete="off"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
          <div className="col-12 col-md-4 mb-3">
            <Button type="submit" color="primary" disabled={searching}>
              {t('subscribers.searchSubmit')}
            </Button>
          </div>
        </form>
      </Panel>

      <div className="select-wrapper mb-4" style={{ maxWidth: '20rem' }}>
        <label htmlFor="sub-status">{t('subscribers.filterStatus')}</label>
        <select
          id="sub-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as SubscriberStatus | '');
            setOffset(0);
          }}
        >
          <option value="">{t('subscribers.allStatuses')}</option>
          {SUBSCRIBER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`subStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>

      {list.error ? (
        <ApiErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingPanel />
      ) : list.data.items.length === 0 ? (
        <p>{t('subscribers.empty')}</p>
      ) : (
        <>
          <ScrollTable caption={t('subscribers.caption')} hover>
            <thead>
              <tr>
                <th scope="col">{t('subscribers.colPhone')}</th>
                <th scope="col">{t('subscribers.colStatus')}</th>
                <th scope="col">{t('subscribers.colTopics')}</th>
                <th scope="col">{t('subscribers.colSince')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/iscritti/${s.id}`} aria-label={t('subscribers.open', { phone: s.phoneMasked })}>
                      {s.phoneMasked}
                    </Link>
                  </td>
                  <td>
                    <SubscriberBadge status={s.status} />
                  </td>
                  <td>{s.topics.length ? s.topics.join(', ') : t('subscribers.allTopics')}</td>
                  <td>{s.subscribedAt ? formatDate(s.subscribedAt) : t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <nav aria-label={t('subscribers.pagination')} className="d-flex align-items-center gap-3">
            <Button color="primary" outline size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('subscribers.prev')}
            </Button>
            <span>{t('subscribers.pageInfo', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}</span>
            <Button color="primary" outline size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              {t('subscribers.next')}
            </Button>
          </nav>
        </>
      )}
    </>
  );
}
