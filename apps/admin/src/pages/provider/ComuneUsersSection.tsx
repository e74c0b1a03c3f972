import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { StaffTable } from '../../components/data/StaffTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { NewAccountForm } from '../../components/forms/NewAccountForm';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t } from '../../i18n';

/** Provider: who works for a comune, and its admins (the first one above all). */
export function ComuneUsersSection({ comuneId }: { comuneId: string }) {
  const params = { path: { comuneId } };
  const users = useApiQuery(() => unwrap(api.GET('/api/v1/platform/comuni/{comuneId}/users', { params })), [comuneId]);
  const none = users.data?.length === 0;

  return (
    <section className="mb-5" aria-labelledby="utenti">
      <h2 id="utenti" className="h3">
        {t('provider.comune.users')}
      </h2>
      {users.error ? (
        <ApiErrorView error={users.error} onRetry={users.reload} />
      ) : users.loading || !users.data ? (
        <LoadingPanel />
      ) : none ? (
        <p>{t('provider.comune.noUsers')}</p>
      ) : (
        <StaffTable users={users.data} caption={t('provider.comune.usersCaption')} />
      )}
      <h3 className="h4 mt-4">{none ? t('provider.comune.firstAdmin') : t('provider.comune.newAdmin')}</h3>
      <div className="row">
        <div className="col-12 col-lg-8">
          <NewAccountForm
            withRole={false}
            help={t('provider.comune.adminHelp')}
            submitLabel={t('provider.comune.createAdmin')}
            busyLabel={t('provider.comune.creatingAdmin')}
            create={({ fullName, email }) =>
              unwrap(api.POST('/api/v1/platform/comuni/{comuneId}/users', { params, body: { fullName, email } }))
            }
            onCreated={users.reload}
          />
        </div>
      </div>
    </section>
  );
}
