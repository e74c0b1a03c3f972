import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

import { DataList } from '../../components/data/DataList';
import { StatusBadge } from '../../components/data/StatusBadge';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { useToast } from '../../components/feedback/toast-context';
import { PageHeading } from '../../components/layout/PageHeading';
import { comuneValues, updateBody, type ComuneValues } from '../../forms/comune-form';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDate, t } from '../../i18n';
import { ComuneForm } from './ComuneForm';
import { ComuneHealthSection } from './ComuneHealthSection';
import { ComuneServiceSection } from './ComuneServiceSection';
import { ComuneUsersSection } from './ComuneUsersSection';

/** Provider: one comune — its data (editable), its service status, its users. */
export function ComuneDetailPage() {
  const id = useParams().id ?? '';
  const query = useApiQuery(() => unwrap(api.GET('/api/v1/platform/comuni/{id}', { params: { path: { id } } })), [id]);
  const [formKey, setFormKey] = useState(0);
  const toast = useToast();

  const back = (
    <p>
      <Link to="/fornitore/comuni">{t('provider.comune.back')}</Link>
    </p>
  );
  if (query.error) return <ApiErrorView error={query.error} onRetry={query.reload} />;
  // The same link and h1 while loading and after, so the focus set on the h1 by navigation stays there.
  if (query.loading || !query.data) {
    return (
      <>
        {back}
        <PageHeading title={t('common.loading')} />
        <LoadingPanel />
      </>
    );
  }
  const comune = query.data;

  const save = async (values: ComuneValues) => {
    const body = updateBody(values, comune);
    const updated = await unwrap(api.PATCH('/api/v1/platform/comuni/{id}', { params: { path: { id } }, body }));
    query.setData(updated);
    setFormKey((k) => k + 1);
    toast.success(t('provider.comune.saved'));
  };

  return (
    <>
      {back}
      <PageHeading title={comune.name}>
        <StatusBadge status={comune.status} />
      </PageHeading>
      {comune.status === 'onboarding' && (
        <p>
          <Link to={`/fornitore/comuni/${comune.id}/avvio`} className="btn btn-primary">
            {t('onboarding.open')}
          </Link>
        </p>
      )}
      <div className="mb-5">
        <DataList
          items={[
            { label: t('comune.field.slug'), value: comune.slug },
            { label: t('comune.field.istatCode'), value: comune.istatCode },
            { label: t('comune.field.province'), value: comune.province },
            { label: t('provider.comune.created'), value: formatDate(comune.createdAt) },
          ]}
        />
      </div>
      <ComuneHealthSection comuneId={comune.id} />
      <ComuneServiceSection
        comune={comune}
        onChange={(c) => {
          query.setData(c);
          setFormKey((k) => k + 1);
        }}
      />
      <ComuneUsersSection comuneId={comune.id} />
      <section className="mb-5" aria-labelledby="modifica">
        <h2 id="modifica" className="h3">
          {t('provider.comune.edit')}
        </h2>
        <div className="row">
          <div className="col-12 col-lg-8">
            <ComuneForm
              key={formKey}
              mode="edit"
              initial={comuneValues(comune)}
              statusLocked={comune.status === 'suspended'}
              onSubmit={save}
              submitLabel={t('common.save')}
              busyLabel={t('common.saving')}
            />
          </div>
        </div>
      </section>
    </>
  );
}
