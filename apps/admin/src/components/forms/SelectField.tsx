import type { ReactNode, SelectHTMLAttributes } from 'react';
import { describedBy } from './field-a11y';
import { FieldMessages } from './FieldMessages';
import { RequiredMark } from './RequiredMark';

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'> {
  id: string;
  label: string;
  help?: string;
  error?: string;
  required?: boolean;
  children: ReactNode;
}

/** A labelled native select (keyboard and screen readers work as everywhere), Bootstrap Italia style. */
export function SelectField({ id, label, help, error, required, children, ...select }: SelectFieldProps) {
  const { helpId, errorId, aria } = describedBy(id, help, error);
  return (
    <div className="select-wrapper mb-4">
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <select
        id={id}
        name={id}
        className={error ? 'is-invalid' : undefined}
        aria-required={required || undefined}
        {...aria}
        {...select}
      >
        {children}
      </select>
      <FieldMessages help={help} helpId={helpId} error={error} errorId={errorId} />
    </div>
  );
}
