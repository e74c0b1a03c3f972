import { Button } from 'design-react-kit';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { ComuneDto } from '../../api/types';
import { DataList } from '../../components/data/DataList';
import { ApiErrorView } from '../../components/feedback/ApiErrorView';
import { LoadingPanel } from '../../components/feedback/LoadingPanel';
import { ProgressBar } from '../../components/feedback/ProgressBar';
import { useToast } from '../../components/feedback/toast-context';
import { ContactFields } from '../../components/forms/ContactFields';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { PageHeading } from '../../components/layout/PageHeading';
import { contactRules, contactsBody, contactValues } from '../../forms/comune-form';
import { useForm } from '../../forms/useForm';
import { t } from '../../i18n';
import { useOwnComune, useUser } from '../../session/context';

function ContactsForm({ comune, onSaved }: { comune: ComuneDto; onSaved(c: ComuneDto): void }) {
  const form = useForm(contactValues(comune), contactRules);
  const toast = useToast();
  const labels = {
    contactEmail: t('comune.field.contactEmail'),
    contactPhone: t('comune.field.contactPhone'),
    contactUrl: t('comune.field.contactUrl'),
    contactApp: t('comune.field.contactApp'),
  };

  const submit = form.submitting(async () => {
    const updated = await unwrap(api.PATCH('/api/v1/comune', { body: contactsBody(form.values) }));
    onSaved(updated);
    form.reset(contactValues(updated));
    toast.success(t('contacts.saved'));
  });

  return (
    <form noValidate onSubmit={submit} aria-busy={form.busy}>
      <ErrorSummary items={form.summary(labels)} message={form.formError} attempt={form.attempt} />
      <p className="text-secondary">{t('contacts.emptyHelp')}</p>
      <ContactFields bind={form.bind} />
      {form.busy && <ProgressBar label={t('common.saving')} className="mb-3" />}
      <Button type="submit" color="primary" disabled={form.busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}

/** The channels citizens are pointed to: the comune's admins edit them, the rest of the staff read them. */
export function ContactsPage() {
  const { comune, error, loading, reload, replace } = useOwnComune();
  const user = useUser();
  return (
    <>
      <PageHeading title={t('contacts.title')} />
      <p className="lead">{t('comune.section.contactsHelp')}</p>
      {error ? (
        <ApiErrorView error={error} onRetry={reload} />
      ) : loading || !comune ? (
        <LoadingPanel />
      ) : user.role === 'admin' ? (
        <div className="row">
          <div className="col-12 col-lg-8">
            <ContactsForm comune={comune} onSaved={replace} />
          </div>
        </div>
      ) : (
        <>
          <p className="alert alert-info">{t('contacts.readOnly')}</p>
          <DataList
            items={[
              { label: t('comune.field.contactEmail'), value: comune.contactEmail },
              { label: t('comune.field.contactPhone'), value: comune.contactPhone },
              { label: t('comune.field.contactUrl'), value: comune.contactUrl },
              { label: t('comune.field.contactApp'), value: comune.contactApp },
            ]}
          />
        </>
      )}
    </>
  );
}
