import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import { TOWN_ROLES, type StaffUserDto, type TownRole } from '../../api/types';
import { DataList } from '../../components/data/DataList';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { ConfirmDialog } from '../../components/feedback/ConfirmDialog';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { ProgressBar } from '../../components/feedback/ProgressBar';
import { useToast } from '../../components/feedback/toast-context';
import { SelectField } from '../../components/forms/SelectField';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/context';

type Change = { role: TownRole } | { active: boolean };

/** Town admin: one account — change its role, deactivate or reactivate it (never one's own). */
export function UserDetailPage() {
  const id = useParams().id ?? '';
  const me = useUser();
  const toast = useToast();
  const query = useApiQuery(() => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })), [id]);
  const [role, setRole] = useState<string>('');
  const [busy, setBusy] = useState<'role' | 'active' | null>(null);
  const [confirming, setConfirming] = useState(false);

  const back = (
    <p>
      <Link to="/utenti">{t('user.back')}</Link>
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
  const user: StaffUserDto = query.data;
  const self = user.id === me.id;
  const chosenRole = role || user.role;

  const apply = async (change: Change, done: string) => {
    setBusy('role' in change ? 'role' : 'active');
    try {
      const updated = await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: change }));
      query.setData(updated);
      setRole('');
      setConfirming(false);
      toast.success(t(done as Parameters<typeof t>[0], { name: updated.fullName }));
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(null);
    }
  };

  const saveRole = (e: FormEvent) => {
    e.preventDefault();
    if (chosenRole !== user.role) void apply({ role: chosenRole as TownRole }, 'user.roleSaved');
  };

  return (
    <>
      {back}
      <PageHeading title={t('user.title', { name: user.fullName })} />
      <section className="mb-5" aria-labelledby="dati-account">
        <h2 id="dati-account" className="h3">
          {t('user.details')}
        </h2>
        <DataList
          items={[
            { label: t('users.email'), value: user.email },
            { label: t('users.role'), value: t(`role.${user.role}`) },
            { label: t('users.colActive'), value: user.active ? t('users.active') : t('users.inactive') },
            { label: t('users.colLastLogin'), value: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('common.never') },
          ]}
        />
      </section>
      {self && <p className="alert alert-info">{t('user.selfNote')}</p>}
      <section className="mb-5" aria-labelledby="cambia-ruolo">
        <h2 id="cambia-ruolo" className="h3">
          {t('user.changeRole')}
        </h2>
        <form noValidate onSubmit={saveRole} className="row" aria-busy={busy === 'role'}>
          <div className="col-12 col-md-6">
            <SelectField
              id="ruolo"
              label={t('users.role')}
              value={chosenRole}
              disabled={self || busy !== null}
              help={user.role === 'platform_admin' ? undefined : t(`users.roleHelp.${chosenRole as TownRole}`)}
              onChange={(e) => setRole(e.target.value)}
            >
              {TOWN_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </SelectField>
            {busy === 'role' && <ProgressBar label={t('common.saving')} className="mb-3" />}
            <Button type="submit" color="primary" disabled={self || busy !== null || chosenRole === user.role}>
              {t('user.saveRole')}
            </Button>
          </div>
        </form>
      </section>
      <section className="mb-5" aria-labelledby="accesso">
        <h2 id="accesso" className="h3">
          {t('user.account')}
        </h2>
        {user.active ? (
          <Button color="danger" outline disabled={self || busy !== null} onClick={() => setConfirming(true)}>
            {t('user.deactivate')}
          </Button>
        ) : (
          <Button color="primary" disabled={busy !== null} onClick={() => void apply({ active: true }, 'user.reactivated')}>
            {t('user.reactivate')}
          </Button>
        )}
        {busy === 'active' && !confirming && <ProgressBar label={t('common.saving')} className="mt-3" />}
      </section>
      <ConfirmDialog
        isOpen={confirming}
        title={t('user.deactivateTitle', { name: user.fullName })}
        confirmLabel={t('user.deactivateConfirm')}
        danger
        busy={busy === 'active'}
        busyLabel={t('common.saving')}
        onConfirm={() => void apply({ active: false }, 'user.deactivated')}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('user.deactivateText')}</p>
      </ConfirmDialog>
    </>
  );
}
