import { Button } from 'design-react-kit';
import { useState } from 'react';
import { toApiError } from '../../api/errors';
import type { AuditEntryDto } from '../../api/types';
import { useApiQuery } from '../../hooks/useApiQuery';
import { t, tp } from '../../i18n';
import { ApiErrorView } from '../feedback/ApiErrorView';
import { LoadingPanel } from '../feedback/LoadingPanel';
import { ProgressBar } from '../feedback/ProgressBar';
import { useToast } from '../feedback/toast-context';
import { AuditTable } from './AuditTable';

const PAGE = 50;

interface AuditLogProps {
  load(before?: string): Promise<AuditEntryDto[]>;
  actorName?(userId: string): string | undefined;
  comuneName?(tenantId: string): string | undefined;
}

/** The audit log, 50 entries at a time, older ones on request. */
export function AuditLog({ load, actorName, comuneName }: AuditLogProps) {
  const first = useApiQuery(() => load(), []);
  const [more, setMore] = useState<AuditEntryDto[]>([]);
  const [busy, setBusy] = useState(false);
  const [ended, setEnded] = useState(false);
  const toast = useToast();

  if (first.error) return <ApiErrorView error={first.error} onRetry={first.reload} />;
  if (first.loading || !first.data) return <LoadingPanel />;
  const entries = [...first.data, ...more];
  const hasMore = !ended && first.data.length >= PAGE && (more.length === 0 || more.length % PAGE === 0);

  const loadMore = async () => {
    setBusy(true);
    try {
      const page = await load(entries[entries.length - 1]?.id);
      setMore((m) => [...m, ...page]);
      if (page.length < PAGE) setEnded(true);
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  if (entries.length === 0) return <p>{t('audit.empty')}</p>;
  return (
    <>
      <p className="text-secondary" aria-live="polite">
        {tp('audit.loaded', entries.length)}
      </p>
      <AuditTable entries={entries} actorName={actorName} comuneName={comuneName} />
      {busy && <ProgressBar label={t('common.loading')} />}
      {hasMore ? (
        <Button color="primary" outline onClick={() => void loadMore()} disabled={busy}>
          {t('common.loadMore')}
        </Button>
      ) : (
        <p className="text-secondary">{t('audit.end')}</p>
      )}
    </>
  );
}
