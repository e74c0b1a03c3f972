import type { Ref, TextareaHTMLAttributes } from 'react';
import { describedBy } from './field-a11y';
import { FieldMessages } from './FieldMessages';
import { RequiredMark } from './RequiredMark';

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'> {
  id: string;
  label: string;
  help?: string;
  error?: string;
  required?: boolean;
  innerRef?: Ref<HTMLTextAreaElement>;
}

export function TextAreaField({ id, label, help, error, required, innerRef, ...area }: TextAreaFieldProps) {
  const { helpId, errorId, aria } = describedBy(id, help, error);
  return (
    <div className="form-group field">
      <label htmlFor={id} className="active">
        {label}
        <RequiredMark required={required} />
      </label>
      <textarea
        id={id}
        name={id}
        ref={innerRef}
        rows={3}
        className={`form-control ${error ? 'is-invalid' : ''}`}
        aria-required={required || undefined}
        {...aria}
        {...area}
      />
      <FieldMessages help={help} helpId={helpId} error={error} errorId={errorId} />
    </div>
  );
}
