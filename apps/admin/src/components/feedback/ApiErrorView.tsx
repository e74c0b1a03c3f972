import { Button } from 'design-react-kit';
import type { ApiError } from '../../api/errors';
import { t } from '../../i18n';
import { ForbiddenPage } from '../../pages/common/ForbiddenPage';
import { NotFoundPage } from '../../pages/common/NotFoundPage';

/**
 * A page whose data could not be loaded: "non autorizzato" for 403, "non trovata" for 404 (what the API
 * answers for another comune's data), otherwise the API's message and a retry button.
 */
export function ApiErrorView({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  // A suspended comune is refused with a 403 whose message says so: show it, not "non autorizzato".
  if (error.status === 403 && error.code !== 'TENANT_SUSPENDED') return <ForbiddenPage />;
  // 400 on a load is a malformed id in the address: for the user, a page that does not exist.
  if (error.status === 404 || error.status === 400) return <NotFoundPage />;
  return (
    <div className="alert alert-danger" role="alert">
      <p className="mb-2">{error.message}</p>
      {onRetry && (
        <Button color="danger" outline size="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </div>
  );
}
