import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { StaffTable } from '../../components/data/StaffTable';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { NewAccountForm } from '../../components/forms/NewAccountForm';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t } from '../../i18n';
import { useUser } from '../../session/context';

/** Town admin: the comune's staff, and a new account with its role. */
export function UsersPage() {
  const me = useUser();
  const users = useApiQuery(() => unwrap(api.GET('/api/v1/users')), []);
  return (
    <>
      <PageHeading title={t('users.title')} />
      {users.error ? (
        <ApiErrorView error={users.error} onRetry={users.reload} />
      ) : users.loading || !users.data ? (
        <LoadingPanel />
      ) : (
        <StaffTable users={users.data} caption={t('users.caption')} selfId={me.id} linkTo={(u) => `/utenti/${u.id}`} />
      )}
      <section className="mt-5" aria-labelledby="nuovo-utente">
        <h2 id="nuovo-utente" className="h3">
          {t('users.new')}
        </h2>
        <div className="row">
          <div className="col-12 col-lg-8">
            <NewAccountForm
              withRole
              help={t('users.newHelp')}
              submitLabel={t('users.create')}
              busyLabel={t('users.creating')}
              create={(account) => unwrap(api.POST('/api/v1/users', { body: account }))}
              onCreated={users.reload}
            />
          </div>
        </div>
      </section>
    </>
  );
}
