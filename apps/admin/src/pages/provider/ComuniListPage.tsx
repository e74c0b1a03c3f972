import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { ComuneDto, ComuneHealthDto } from '../../api/types';
import { HealthBadge } from '../../components/data/HealthBadge';
import { ScrollTable } from '../../components/data/ScrollTable';
import { StatusBadge } from '../../components/data/StatusBadge';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { TextField } from '../../components/forms/TextField';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t, tp } from '../../i18n';

function matches(c: ComuneDto, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [c.name, c.slug, c.istatCode, c.province].some((v) => v.toLowerCase().includes(q));
}

/** Provider: every comune, with its status, subscribers and the health of its service, searchable. */
export function ComuniListPage() {
  const comuni = useApiQuery(() => unwrap(api.GET('/api/v1/platform/comuni')), []);
  // Health is a second, heavier read: the list shows without it, and fills in when it comes.
  const health = useApiQuery(() => unwrap(api.GET('/api/v1/platform/health')), []);
  const healthOf = useMemo(() => new Map<string, ComuneHealthDto>((health.data ?? []).map((h) => [h.comuneId, h])), [health.data]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const shown = useMemo(() => (comuni.data ?? []).filter((c) => matches(c, deferred)), [comuni.data, deferred]);

  return (
    <>
      <PageHeading title={t('provider.comuni.title')}>
        <Link to="/fornitore/comuni/nuovo" className="btn btn-primary ms-md-auto">
          {t('provider.comuni.new')}
        </Link>
      </PageHeading>
      {comuni.error ? (
        <ApiErrorView error={comuni.error} onRetry={comuni.reload} />
      ) : comuni.loading ? (
        <LoadingPanel />
      ) : (
        <>
          <div className="row">
            <div className="col-12 col-md-8 col-lg-6">
              <TextField
                id="cerca"
                type="search"
                label={t('provider.comuni.search')}
                help={t('provider.comuni.searchHelp')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                autoComplete="off"
              />
            </div>
          </div>
          <p role="status" className="text-secondary">
            {tp('provider.comuni.count', shown.length)}
          </p>
          {shown.length === 0 ? (
            <p>{t('provider.comuni.empty')}</p>
          ) : (
            <ScrollTable caption={t('provider.comuni.caption')} hover>
                <thead>
                  <tr>
                    <th scope="col">{t('provider.comuni.colName')}</th>
                    <th scope="col">{t('provider.comuni.colProvince')}</th>
                    <th scope="col">{t('provider.comuni.colIstat')}</th>
                    <th scope="col">{t('provider.comuni.colSlug')}</th>
                    <th scope="col">{t('provider.comuni.colStatus')}</th>
                    <th scope="col">{t('provider.comuni.colSubscribers')}</th>
                    <th scope="col">{t('provider.comuni.colHealth')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link to={`/fornitore/comuni/${c.id}`}>{c.name}</Link>
                      </th>
                      <td>{c.province}</td>
                      <td>{c.istatCode}</td>
                      <td>{c.slug}</td>
                      <td>
                        <StatusBadge status={c.status} />
                      </td>
                      <td>{healthOf.get(c.id)?.subscribers.toLocaleString('it-IT') ?? ''}</td>
                      <td>{healthOf.has(c.id) && <HealthCell health={healthOf.get(c.id)!} />}</td>
                    </tr>
                  ))}
                </tbody>
            </ScrollTable>
          )}
        </>
      )}
    </>
  );
}

function HealthCell({ health }: { health: ComuneHealthDto }) {
  return (
    <>
      <HealthBadge level={health.level} />
      {health.issues.length > 0 && <span className="d-block small">{health.issues.map((i) => t(`health.issue.${i}`)).join('; ')}</span>}
    </>
  );
}
