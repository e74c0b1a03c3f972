import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { NewAccountForm } from '../../../components/forms/NewAccountForm';
import { t } from '../../../i18n';

/**
 * The comune's first admin. The temporary password is shown once, by the form: the wizard waits for
 * "Continua" so it is not whisked away before it was copied.
 */
export function AdminStep({ comuneId, onCreated, onDone }: { comuneId: string; onCreated(): void; onDone(): void }) {
  const [created, setCreated] = useState(false);
  return (
    <>
      <NewAccountForm
        withRole={false}
        help={t('provider.comune.adminHelp')}
        submitLabel={t('provider.comune.createAdmin')}
        busyLabel={t('provider.comune.creatingAdmin')}
        create={({ fullName, email }) => unwrap(api.POST('/api/v1/platform/comuni/{comuneId}/users', { params: { path: { comuneId } }, body: { fullName, email } }))}
        onCreated={() => {
          setCreated(true);
          onCreated();
        }}
      />
      {created && (
        <Button color="primary" className="mt-3" onClick={onDone}>
          {t('onboarding.admin.next')}
        </Button>
      )}
    </>
  );
}
