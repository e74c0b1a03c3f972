import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, toApiError, unwrap } from '../../api/errors';
import { PageHeading } from '../../components/layout/PageHeading';
import { t } from '../../i18n';

/** The dashboard's own address (bull-board, served by the API outside /api). */
const DASHBOARD = '/ops/queues/';

/**
 * Provider: opens the queue dashboard. A page cannot send the access token on every load, so the
 * API first sets a short-lived cookie valid only for the dashboard, then the browser goes there.
 */
export function QueuesPage() {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(api.POST('/api/v1/platform/queues/session'));
      window.location.assign(DASHBOARD);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeading title={t('provider.queues.title')} />
      <p>{t('provider.queues.intro')}</p>
      {error && (
        <div className="alert alert-danger" role="alert">
          {error.message}
        </div>
      )}
      <Button color="primary" disabled={busy} onClick={open}>
        {t('provider.queues.open')}
      </Button>
    </>
  );
}
