import { Button } from 'design-react-kit';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { ProgressBar } from '../../../components/feedback/ProgressBar';
import { useToast } from '../../../components/feedback/toast-context';
import { ErrorSummary } from '../../../components/forms/ErrorSummary';
import { TextAreaField } from '../../../components/forms/TextAreaField';
import { TextField } from '../../../components/forms/TextField';
import { useForm } from '../../../forms/useForm';
import { checks, required } from '../../../forms/validators';
import { t } from '../../../i18n';

/** The privacy notice citizens accept by subscribing: its first version. */
export function NoticeStep({ comuneId, comuneName, onDone }: { comuneId: string; comuneName: string; onDone(): void }) {
  const form = useForm(
    { title: t('onboarding.notice.titleDefault', { name: comuneName }), url: '', body: '' },
    // A link or a text: citizens must be able to read what they accept.
    { title: (v) => required(v) ?? (v.trim().length >= 3 && v.length <= 200 ? undefined : 'validation.noticeTitle'), url: (v) => required(v) ?? checks.contactUrl(v) },
  );
  const toast = useToast();
  const labels = { title: t('onboarding.notice.title'), url: t('onboarding.notice.url'), body: t('onboarding.notice.body') };

  const submit = form.submitting(async () => {
    const body = form.values.body.trim();
    await unwrap(
      api.POST('/api/v1/platform/comuni/{comuneId}/settings/privacy-notices', {
        params: { path: { comuneId } },
        body: { title: form.values.title.trim(), url: form.values.url.trim(), ...(body ? { body } : {}) },
      }),
    );
    toast.success(t('onboarding.notice.saved'));
    onDone();
  });

  return (
    <form noValidate onSubmit={submit} aria-busy={form.busy}>
      <ErrorSummary items={form.summary(labels)} message={form.formError} attempt={form.attempt} />
      <p>{t('onboarding.notice.help')}</p>
      <TextField {...form.bind('title')} label={labels.title} required maxLength={200} autoComplete="off" />
      <TextField {...form.bind('url')} type="url" label={labels.url} required autoComplete="off" spellCheck={false} />
      <TextAreaField {...form.bind('body')} label={labels.body} rows={4} maxLength={20000} />
      {form.busy && <ProgressBar label={t('onboarding.notice.saving')} className="mb-3" />}
      <Button type="submit" color="primary" disabled={form.busy}>
        {t('onboarding.notice.submit')}
      </Button>
    </form>
  );
}
