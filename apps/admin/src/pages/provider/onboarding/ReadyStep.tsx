import { Button } from 'design-react-kit';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { toApiError, unwrap } from '../../../api/errors';
import type { ComuneDto, ComuneStatus } from '../../../api/types';
import { StatusBadge } from '../../../components/data/StatusBadge';
import { useToast } from '../../../components/feedback/toast-context';
import { t } from '../../../i18n';

/** The end: how to try it on the sandbox phone, then open the service to citizens. */
export function ReadyStep({ comune, number, word, onChange }: { comune: ComuneDto; number: string; word: string; onChange(c: ComuneDto): void }) {
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const move = async (status: Exclude<ComuneStatus, 'suspended' | 'onboarding'>) => {
    setBusy(true);
    try {
      const updated = await unwrap(api.PATCH('/api/v1/platform/comuni/{id}', { params: { path: { id: comune.id } }, body: { status, timezone: comune.timezone } }));
      onChange(updated);
      toast.success(t('onboarding.ready.changed', { status: t(`status.${status}`) }));
    } catch (err) {
      toast.error(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p data-testid="ready-instructions">{t('onboarding.ready.try', { number, word })}</p>
      <p>
        {t('provider.comune.currentStatus')}: <StatusBadge status={comune.status} />
      </p>
      {comune.status !== 'active' && comune.status !== 'suspended' && (
        <>
          <p>{t('onboarding.ready.status')}</p>
          <div className="d-flex flex-wrap gap-2 mb-4">
            {comune.status === 'onboarding' && (
              <Button color="primary" outline disabled={busy} onClick={() => void move('pre_launch')}>
                {t('onboarding.ready.preLaunch')}
              </Button>
            )}
            <Button color="primary" disabled={busy} onClick={() => void move('active')}>
              {t('onboarding.ready.activate')}
            </Button>
          </div>
        </>
      )}
      <Link to={`/fornitore/comuni/${comune.id}`}>{t('onboarding.ready.toComune')}</Link>
    </>
  );
}
