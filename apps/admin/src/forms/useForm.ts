import { useCallback, useState, type ChangeEvent, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/errors';
import { t, tMaybe, type MessageKey } from '../i18n';
import type { SummaryItem } from '../components/forms/ErrorSummary';
import type { Check } from './validators';

export type Values = Record<string, string>;
export type Errors<V extends Values> = Partial<Record<keyof V, string>>;

/** 409 codes of the API that belong to one field. */
const CONFLICT_FIELDS: Record<string, string> = { SLUG_TAKEN: 'slug', ISTAT_CODE_TAKEN: 'istatCode', EMAIL_TAKEN: 'email', NUMBER_TAKEN: 'phoneNumberId' };

/** What to say when the API refuses a field (its own texts come from class-validator, partly in English). */
const FIELD_MESSAGES: Record<string, MessageKey> = {
  name: 'validation.name',
  slug: 'validation.slug',
  istatCode: 'validation.istatCode',
  province: 'validation.province',
  timezone: 'validation.timezone',
  contactEmail: 'validation.email',
  contactPhone: 'validation.phone',
  contactUrl: 'validation.url',
  email: 'validation.email',
  fullName: 'validation.fullName',
  role: 'validation.role',
  reason: 'validation.reason',
  phoneNumberId: 'validation.digits',
  displayPhoneNumber: 'validation.intlPhone',
  wabaId: 'validation.digits',
  accessToken: 'validation.secret',
  appSecret: 'validation.secret',
  webhookVerifyToken: 'validation.secret',
  mps: 'validation.mps',
};

/**
 * A form's values and per-field errors: `bind(name)` gives a field its value, onChange and error;
 * `validate()` runs the checks before sending; `fromApi()` places the API's refusals on their fields.
 */
export function useForm<V extends Values>(initial: V, rules: Partial<Record<keyof V, Check>>) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Errors<V>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const set = useCallback((name: keyof V, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  }, []);

  const bind = (name: keyof V & string) => ({
    id: name,
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(name, e.target.value),
  });

  /** True when every rule passes; otherwise the errors are shown. */
  const validate = (): boolean => {
    const found: Errors<V> = {};
    for (const name of Object.keys(rules) as (keyof V)[]) {
      const problem = rules[name]?.(values[name] ?? '');
      if (problem) found[name] = t(problem, { max: 200 });
    }
    setErrors(found);
    setFormError(undefined);
    setAttempt((a) => a + 1);
    return Object.keys(found).length === 0;
  };

  /** The API refused: field problems go on their fields, the rest above the form. */
  const fromApi = (err: ApiError) => {
    const found: Errors<V> = {};
    const conflictField = CONFLICT_FIELDS[err.code];
    if (conflictField && conflictField in values) {
      found[conflictField as keyof V] = tMaybe(`validation.${err.code}`) ?? err.message;
    }
    for (const problem of err.fieldProblems) {
      if (problem.field in values) {
        const key = FIELD_MESSAGES[problem.field];
        found[problem.field as keyof V] = key ? t(key) : t('validation.invalid');
      }
    }
    setErrors(found);
    setFormError(Object.keys(found).length ? (err.code === 'VALIDATION_FAILED' ? t('error.validation') : undefined) : err.message);
    setAttempt((a) => a + 1);
  };

  /**
   * The form's onSubmit: the checks first, then `send` while `busy`; what the API refuses lands on the
   * fields (or above the form), as `fromApi` places it.
   */
  const submitting = (send: () => Promise<void>) => (e: FormEvent) => {
    e.preventDefault();
    if (!validate()) return;
    setBusy(true);
    void send()
      .catch((err: unknown) => fromApi(toApiError(err)))
      .finally(() => setBusy(false));
  };

  const reset = (next: V = initial) => {
    setValues(next);
    setErrors({});
    setFormError(undefined);
  };

  /** The errors as the summary above the form lists them, in the order of `labels`. */
  const summary = (labels: Partial<Record<keyof V & string, string>>): SummaryItem[] =>
    (Object.keys(labels) as (keyof V & string)[])
      .filter((name) => errors[name])
      .map((name) => ({ id: name, label: labels[name]!, message: errors[name]! }));

  return { values, set, setValues, errors, formError, setFormError, attempt, bind, validate, fromApi, reset, summary, busy, submitting };
}
