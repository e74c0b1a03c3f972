import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { AuditLog } from '../../components/data/AuditLog';
import { PageHeading } from '../../components/layout/PageHeading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t } from '../../i18n';

/** Provider: the audit log of the whole platform, with each entry's comune by name. */
export function PlatformAuditPage() {
  const comuni = useApiQuery(() => unwrap(api.GET('/api/v1/platform/comuni')), []);
  const names = useMemo(() => new Map((comuni.data ?? []).map((c) => [c.id, c.name])), [comuni.data]);
  const load = useCallback(
    (before?: string) => unwrap(api.GET('/api/v1/platform/audit', { params: { query: { limit: 50, before } } })),
    [],
  );
  return (
    <>
      <PageHeading title={t('provider.audit.title')} />
      <AuditLog load={load} comuneName={(id) => names.get(id)} />
    </>
  );
}
