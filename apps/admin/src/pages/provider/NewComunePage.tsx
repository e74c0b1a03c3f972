import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

import { useToast } from '../../components/feedback/toast-context';
import { PageHeading } from '../../components/layout/PageHeading';
import { createBody, EMPTY_COMUNE, type ComuneValues } from '../../forms/comune-form';
import { t } from '../../i18n';
import { ComuneForm } from './ComuneForm';

/** Provider: the first step of onboarding a comune; the wizard takes it from there. */
export function NewComunePage() {
  const navigate = useNavigate();
  const toast = useToast();

  const create = async (values: ComuneValues) => {
    const comune = await unwrap(api.POST('/api/v1/platform/comuni', { body: createBody(values) }));
    toast.success(t('provider.newComune.created', { name: comune.name }));
    navigate(`/fornitore/comuni/${comune.id}/avvio`);
  };

  return (
    <>
      <PageHeading title={t('provider.newComune.title')} />
      <div className="row">
        <div className="col-12 col-lg-8">
          <ComuneForm
            mode="create"
            initial={EMPTY_COMUNE}
            onSubmit={create}
            submitLabel={t('provider.newComune.submit')}
            busyLabel={t('provider.newComune.submitting')}
          />
        </div>
      </div>
    </>
  );
}
