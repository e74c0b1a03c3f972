import { useState } from 'react';
import { t } from '../../i18n';
import { describedBy } from './field-a11y';
import { FieldMessages } from './FieldMessages';
import { RequiredMark } from './RequiredMark';

interface PasswordFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  required?: boolean;
  autoComplete?: string;
}

/** A password input with a real button (keyboard and screen readers) to show or hide what was typed. */
export function PasswordField({ id, label, value, onChange, error, required, autoComplete }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const { errorId, aria } = describedBy(id, undefined, error);
  return (
    <div className="form-group field">
      <label htmlFor={id} className="active">
        {label}
        <RequiredMark required={required} />
      </label>
      <div className="input-group">
        <input
          id={id}
          name={id}
          type={visible ? 'text' : 'password'}
          className={`form-control ${error ? 'is-invalid' : ''}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete={autoComplete}
          aria-required={required || undefined}
          {...aria}
        />
        <button
          type="button"
          className="btn btn-outline-primary btn-sm password-toggle"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible(!visible)}
        >
          {visible ? t('login.hidePassword') : t('login.showPassword')}
        </button>
      </div>
      <FieldMessages error={error} errorId={errorId} />
    </div>
  );
}
