import { Button } from 'design-react-kit';
import { useState } from 'react';
import { TOWN_ROLES, type CreatedStaffUserDto, type TownRole } from '../../api/types';
import { useForm } from '../../forms/useForm';
import { checks } from '../../forms/validators';
import { t } from '../../i18n';
import { OneTimeSecret } from '../data/OneTimeSecret';
import { ProgressBar } from '../feedback/ProgressBar';
import { useToast } from '../feedback/toast-context';
import { ErrorSummary } from './ErrorSummary';
import { SelectField } from './SelectField';
import { TextField } from './TextField';

export interface NewAccount {
  fullName: string;
  email: string;
  role: TownRole;
}

interface NewAccountFormProps {
  /** With a role choice (a town admin adding staff) or without (the provider creating an admin). */
  withRole: boolean;
  help: string;
  submitLabel: string;
  busyLabel: string;
  create(account: NewAccount): Promise<CreatedStaffUserDto>;
  onCreated(user: CreatedStaffUserDto): void;
}

const initial = { fullName: '', email: '', role: '' };

/**
 * A new staff account. The API generates its password and answers it once: it is shown here, once,
 * until closed, and never stored.
 */
export function NewAccountForm({ withRole, help, submitLabel, busyLabel, create, onCreated }: NewAccountFormProps) {
  const rules = withRole ? { fullName: checks.fullName, email: checks.email, role: checks.role } : { fullName: checks.fullName, email: checks.email };
  const form = useForm(initial, rules);
  const [created, setCreated] = useState<CreatedStaffUserDto | null>(null);
  const toast = useToast();
  const labels = { fullName: t('users.fullName'), email: t('users.email'), ...(withRole ? { role: t('users.role') } : {}) };

  const submit = form.submitting(async () => {
    const user = await create({
      fullName: form.values.fullName.trim(),
      email: form.values.email.trim(),
      role: (form.values.role || 'admin') as TownRole,
    });
    form.reset();
    setCreated(user);
    toast.success(t('users.created', { name: user.fullName }));
    onCreated(user);
  });

  return (
    <>
      {created?.temporaryPassword && (
        <OneTimeSecret
          title={t('users.tempPasswordTitle', { name: created.fullName })}
          text={t('users.tempPasswordText')}
          label={t('users.tempPasswordLabel')}
          secret={created.temporaryPassword}
          onClose={() => setCreated(null)}
        />
      )}
      <form noValidate onSubmit={submit} aria-busy={form.busy}>
        <ErrorSummary items={form.summary(labels)} message={form.formError} attempt={form.attempt} />
        <p className="text-secondary">{help}</p>
        <TextField {...form.bind('fullName')} label={labels.fullName} required autoComplete="off" />
        <TextField {...form.bind('email')} type="email" label={labels.email} required autoComplete="off" spellCheck={false} />
        {withRole && (
          <SelectField
            {...form.bind('role')}
            label={t('users.role')}
            required
            help={form.values.role ? t(`users.roleHelp.${form.values.role as TownRole}`) : undefined}
          >
            <option value="">{t('users.chooseRole')}</option>
            {TOWN_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </SelectField>
        )}
        {form.busy && <ProgressBar label={busyLabel} className="mb-3" />}
        <Button type="submit" color="primary" disabled={form.busy}>
          {submitLabel}
        </Button>
      </form>
    </>
  );
}
