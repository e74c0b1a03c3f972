import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { BroadcastDto } from '../../api/types';
import { BroadcastBadge } from '../../components/data/Badges';
import { ScrollTable } from '../../components/data/ScrollTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/context';

export const WRITERS = ['admin', 'editor', 'sender'];
export const SENDERS = ['admin', 'sender'];

/** A list of broadcasts with their status. */
export function BroadcastTable({ items, caption }: { items: BroadcastDto[]; caption: string }) {
  if (items.length === 0) return <p>{t('broadcasts.empty')}</p>;
  return (
    <ScrollTable caption={caption} hover>
      <thead>
        <tr>
          <th scope="col">{t('broadcasts.colTitle')}</th>
          <th scope="col">{t('broadcasts.colStatus')}</th>
          <th scope="col">{t('broadcasts.colTopics')}</th>
          <th scope="col">{t('broadcasts.colCreated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.id}>
            <td>
              <Link to={`/messaggi/${b.id}`}>{b.title}</Link>
              {b.priority === 'urgent' && <span className="ms-2 fw-semibold text-danger">({t('broadcasts.urgent')})</span>}
            </td>
            <td>
              <BroadcastBadge status={b.status} />
            </td>
            <td>{b.topics.length ? b.topics.join(', ') : t('broadcasts.everyone')}</td>
            <td className="text-nowrap">{formatDateTime(b.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

/** The comune's broadcasts; `?status=awaiting_approval` is the approval queue. */
export function BroadcastsPage() {
  const me = useUser();
  const [params] = useSearchParams();
  const queue = params.get('status') === 'awaiting_approval';
  const list = useApiQuery(
    () => unwrap(api.GET('/api/v1/broadcasts', { params: { query: queue ? { status: 'awaiting_approval' } : {} } })),
    [queue],
  );
  const title = queue ? t('broadcasts.queueTitle') : t('broadcasts.title');
  return (
    <>
      <PageHeading title={title} />
      <div className="d-flex flex-wrap gap-3 mb-4">
        {WRITERS.includes(me.role) && (
          <Link className="btn btn-primary" to="/messaggi/nuovo">
            {t('broadcasts.new')}
          </Link>
        )}
        <Link className="btn btn-outline-primary" to={queue ? '/messaggi' : '/messaggi?status=awaiting_approval'}>
          {queue ? t('broadcasts.showAll') : t('broadcasts.showQueue')}
        </Link>
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingPanel />
      ) : (
        <BroadcastTable items={list.data} caption={title} />
      )}
    </>
  );
}
