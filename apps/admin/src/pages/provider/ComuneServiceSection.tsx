import { Button } from 'design-react-kit';
import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { toApiError, unwrap } from '../../api/errors';
import type { ComuneDto } from '../../api/types';
import { StatusBadge } from '../../components/data/StatusBadge';
import { ConfirmDialog } from '../../components/feedback/ConfirmDialog';
import { useToast } from '../../components/feedback/toast-context';
import { TextAreaField } from '../../components/forms/TextAreaField';
import { checks } from '../../forms/validators';
import { t } from '../../i18n';

/** Provider: suspend a comune (with a reason, after confirmation) or reactivate it. */
export function ComuneServiceSection({ comune, onChange }: { comune: ComuneDto; onChange(c: ComuneDto): void }) {
  const toast = useToast();
  const [dialog, setDialog] = useState<'suspend' | 'reactivate' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const suspended = comune.status === 'suspended';
  const params = { path: { id: comune.id } };

  const close = () => {
    setDialog(null);
    setReason('');
    setReasonError(undefined);
  };

  const run = async () => {
    if (dialog === 'suspend') {
      const problem = checks.reason(reason);
      if (problem) {
        setReasonError(t(problem));
        reasonRef.current?.focus();
        return;
      }
    }
    setBusy(true);
    try {
      const updated =
        dialog === 'suspend'
          ? await unwrap(api.POST('/api/v1/platform/comuni/{id}/suspend', { params, body: { reason: reason.trim() } }))
          : await unwrap(api.POST('/api/v1/platform/comuni/{id}/reactivate', { params }));
      onChange(updated);
      toast.success(t(dialog === 'suspend' ? 'provider.comune.suspended' : 'provider.comune.reactivated', { name: updated.name }));
      close();
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="mb-5" aria-labelledby="servizio">
      <h2 id="servizio" className="h3">
        {t('provider.comune.service')}
      </h2>
      <p>
        {t('provider.comune.currentStatus')}: <StatusBadge status={comune.status} />
      </p>
      <p className="text-secondary">{t(`status.help.${comune.status}`)}</p>
      {suspended ? (
        <Button color="primary" onClick={() => setDialog('reactivate')}>
          {t('provider.comune.reactivate')}
        </Button>
      ) : (
        <Button color="danger" outline onClick={() => setDialog('suspend')}>
          {t('provider.comune.suspend')}
        </Button>
      )}
      <ConfirmDialog
        isOpen={dialog === 'suspend'}
        title={t('provider.comune.suspendTitle', { name: comune.name })}
        confirmLabel={t('provider.comune.suspendConfirm')}
        danger
        busy={busy}
        busyLabel={t('common.saving')}
        onConfirm={() => void run()}
        onCancel={close}
        initialFocus={reasonRef}
      >
        <p>{t('provider.comune.suspendText')}</p>
        <TextAreaField
          id="motivo"
          innerRef={reasonRef}
          label={t('provider.comune.suspendReason')}
          required
          value={reason}
          error={reasonError}
          maxLength={500}
          onChange={(e) => {
            setReason(e.target.value);
            setReasonError(undefined);
          }}
        />
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={dialog === 'reactivate'}
        title={t('provider.comune.reactivateTitle', { name: comune.name })}
        confirmLabel={t('provider.comune.reactivateConfirm')}
        busy={busy}
        busyLabel={t('common.saving')}
        onConfirm={() => void run()}
        onCancel={close}
      >
        <p>{t('provider.comune.reactivateText')}</p>
      </ConfirmDialog>
    </section>
  );
}
