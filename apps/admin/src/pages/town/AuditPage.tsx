import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { AuditLog } from '../../components/data/AuditLog';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t } from '../../i18n';

/** Town admin: what was done in the comune, and by whom. */
export function AuditPage() {
  const users = useApiQuery(() => unwrap(api.GET('/api/v1/users')), []);
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.fullName])), [users.data]);
  const load = useCallback((before?: string) => unwrap(api.GET('/api/v1/audit', { params: { query: { limit: 50, before } } })), []);
  return (
    <>
      <PageHeading title={t('audit.title')} />
      <AuditLog load={load} actorName={(id) => names.get(id)} />
    </>
  );
}
