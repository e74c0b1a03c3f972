import type { InputHTMLAttributes } from 'react';
import { describedBy } from './field-a11y';
import { FieldMessages } from './FieldMessages';
import { RequiredMark } from './RequiredMark';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'> {
  id: string;
  label: string;
  help?: string;
  error?: string;
  required?: boolean;
}

/**
 * A labelled text input in Bootstrap Italia's markup: label always above (never a placeholder in its
 * stead), help and error tied to the input, invalid state both shown and exposed.
 */
export function TextField({ id, label, help, error, required, className = '', type = 'text', ...input }: TextFieldProps) {
  const { helpId, errorId, aria } = describedBy(id, help, error);
  return (
    <div className="form-group field">
      <label htmlFor={id} className="active">
        {label}
        <RequiredMark required={required} />
      </label>
      <input
        id={id}
        name={id}
        type={type}
        className={`form-control ${error ? 'is-invalid' : ''} ${className}`}
        aria-required={required || undefined}
        {...aria}
        {...input}
      />
      <FieldMessages help={help} helpId={helpId} error={error} errorId={errorId} />
    </div>
  );
}
