import { Button } from 'design-react-kit';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import { MESSAGING_LIMIT_TIERS } from '../../../api/types';
import { ProgressBar } from '../../../components/feedback/ProgressBar';
import { useToast } from '../../../components/feedback/toast-context';
import { ErrorSummary } from '../../../components/forms/ErrorSummary';
import { PasswordField } from '../../../components/forms/PasswordField';
import { SelectField } from '../../../components/forms/SelectField';
import { TextField } from '../../../components/forms/TextField';
import { EMPTY_NUMBER, numberRules, registerBody, type NumberValues } from '../../../forms/number-form';
import { useForm } from '../../../forms/useForm';
import { t } from '../../../i18n';

const SECRETS = ['accessToken', 'appSecret', 'webhookVerifyToken'] as const;

/** The comune's WhatsApp number: Meta's ids and the credentials, sealed by the API and never shown again. */
export function NumberStep({ comuneId, onDone }: { comuneId: string; onDone(): void }) {
  const form = useForm<NumberValues>(EMPTY_NUMBER, numberRules);
  const toast = useToast();
  const labels = {
    phoneNumberId: t('onboarding.number.phoneNumberId'),
    displayPhoneNumber: t('onboarding.number.displayPhoneNumber'),
    wabaId: t('onboarding.number.wabaId'),
    accessToken: t('onboarding.number.accessToken'),
    appSecret: t('onboarding.number.appSecret'),
    webhookVerifyToken: t('onboarding.number.webhookVerifyToken'),
    mps: t('onboarding.number.mps'),
    messagingLimitTier: t('onboarding.number.tier'),
  };

  const submit = form.submitting(async () => {
    const number = await unwrap(api.POST('/api/v1/platform/comuni/{comuneId}/numbers', { params: { path: { comuneId } }, body: registerBody(form.values) }));
    toast.success(t('onboarding.number.saved', { number: number.displayPhoneNumber }));
    onDone();
  });

  return (
    <form noValidate onSubmit={submit} aria-busy={form.busy}>
      <ErrorSummary items={form.summary(labels)} message={form.formError} attempt={form.attempt} />
      <p>{t('onboarding.number.help')}</p>
      <p className="text-secondary">{t('common.requiredNote')}</p>
      <div className="row">
        <div className="col-12 col-md-6">
          <TextField {...form.bind('phoneNumberId')} label={labels.phoneNumberId} required inputMode="numeric" autoComplete="off" spellCheck={false} />
        </div>
        <div className="col-12 col-md-6">
          <TextField {...form.bind('wabaId')} label={labels.wabaId} required inputMode="numeric" autoComplete="off" spellCheck={false} />
        </div>
      </div>
      <TextField
        {...form.bind('displayPhoneNumber')}
        type="tel"
        label={labels.displayPhoneNumber}
        help={t('onboarding.number.displayHelp')}
        required
        autoComplete="off"
      />
      {SECRETS.map((name) => {
        const field = form.bind(name);
        return (
          <PasswordField
            key={name}
            id={name}
            label={labels[name]}
            required
            autoComplete="off"
            value={field.value}
            error={field.error}
            onChange={(v) => form.set(name, v)}
          />
        );
      })}
      <div className="row">
        <div className="col-12 col-md-6">
          <TextField {...form.bind('mps')} label={labels.mps} help={t('onboarding.number.mpsHelp')} inputMode="numeric" autoComplete="off" />
        </div>
        <div className="col-12 col-md-6">
          <SelectField {...form.bind('messagingLimitTier')} label={labels.messagingLimitTier} required>
            {MESSAGING_LIMIT_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`tier.${tier}`)}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      {form.busy && <ProgressBar label={t('onboarding.number.saving')} className="mb-3" />}
      <Button type="submit" color="primary" disabled={form.busy}>
        {t('onboarding.number.submit')}
      </Button>
    </form>
  );
}
