import { Button } from 'design-react-kit';
import { useMemo, useState } from 'react';
import { ProgressBar } from '../../components/feedback/ProgressBar';
import { ContactFields } from '../../components/forms/ContactFields';
import { ErrorSummary } from '../../components/forms/ErrorSummary';
import { SelectField } from '../../components/forms/SelectField';
import { TextField } from '../../components/forms/TextField';
import { comuneRules, type ComuneValues } from '../../forms/comune-form';
import { useForm } from '../../forms/useForm';
import { slugify, timeZones } from '../../forms/validators';
import { t } from '../../i18n';

interface ComuneFormProps {
  mode: 'create' | 'edit';
  initial: ComuneValues;
  /** Sends the values; throws the API's error when refused. */
  onSubmit(values: ComuneValues): Promise<void>;
  submitLabel: string;
  busyLabel: string;
  /** A suspended comune's status cannot be changed here. */
  statusLocked?: boolean;
}

const STATUSES = ['onboarding', 'pre_launch', 'active'] as const;

/** A comune's data and contacts: creation by the provider, and later changes. */
export function ComuneForm({ mode, initial, onSubmit, submitLabel, busyLabel, statusLocked }: ComuneFormProps) {
  const form = useForm<ComuneValues>(initial, comuneRules);
  const [slugTouched, setSlugTouched] = useState(mode === 'edit');
  const zones = useMemo(() => timeZones(), []);
  const labels = {
    name: t('comune.field.name'),
    slug: t('comune.field.slug'),
    istatCode: t('comune.field.istatCode'),
    province: t('comune.field.province'),
    timezone: t('comune.field.timezone'),
    contactEmail: t('comune.field.contactEmail'),
    contactPhone: t('comune.field.contactPhone'),
    contactUrl: t('comune.field.contactUrl'),
    contactApp: t('comune.field.contactApp'),
  };

  const submit = form.submitting(async () => {
    await onSubmit(form.values);
  });

  const name = form.bind('name');
  return (
    <form noValidate onSubmit={submit} aria-busy={form.busy}>
      <ErrorSummary items={form.summary(labels)} message={form.formError} attempt={form.attempt} />
      <p className="text-secondary">{t('common.requiredNote')}</p>
      <fieldset className="mb-4">
        <legend className="h4">{t('comune.section.data')}</legend>
        <TextField
          {...name}
          label={labels.name}
          required
          autoComplete="off"
          onChange={(e) => {
            name.onChange(e);
            if (!slugTouched) form.set('slug', slugify(e.target.value));
          }}
        />
        <TextField
          {...form.bind('slug')}
          label={labels.slug}
          help={t('comune.field.slugHelp')}
          required
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setSlugTouched(true);
            form.set('slug', e.target.value.toLowerCase());
          }}
        />
        <div className="row">
          <div className="col-12 col-md-6">
            <TextField
              {...form.bind('istatCode')}
              label={labels.istatCode}
              help={t('comune.field.istatCodeHelp')}
              required
              inputMode="numeric"
              maxLength={6}
              autoComplete="off"
            />
          </div>
          <div className="col-12 col-md-6">
            <TextField
              {...form.bind('province')}
              label={labels.province}
              help={t('comune.field.provinceHelp')}
              required
              maxLength={2}
              autoComplete="off"
              onChange={(e) => form.set('province', e.target.value.toUpperCase())}
            />
          </div>
        </div>
        <div className="row">
          <div className="col-12 col-md-6">
            <SelectField {...form.bind('timezone')} label={labels.timezone} required>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="col-12 col-md-6">
            <SelectField
              {...form.bind('status')}
              label={mode === 'create' ? t('comune.field.status') : t('comune.field.statusEdit')}
              help={statusLocked ? t('comune.field.statusLocked') : undefined}
              disabled={statusLocked}
            >
              {statusLocked && <option value="suspended">{t('status.suspended')}</option>}
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </SelectField>
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-4">
        <legend className="h4">{t('comune.section.contacts')}</legend>
        <p className="text-secondary">{t('comune.section.contactsHelp')}</p>
        <ContactFields bind={form.bind} />
      </fieldset>
      {form.busy && <ProgressBar label={busyLabel} className="mb-3" />}
      <Button type="submit" color="primary" disabled={form.busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
