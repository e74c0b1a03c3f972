import { useId } from 'react';

interface ProgressBarProps {
  /** What is going on, shown and announced ("Creazione del comune in corso…"). */
  label: string;
  /** Percentage done; without it the bar is indeterminate (the length of the action is unknown). */
  value?: number;
  className?: string;
}

/** Progress of a long action, with Bootstrap Italia's progress bar. */
export function ProgressBar({ label, value, className = '' }: ProgressBarProps) {
  const labelId = useId();
  const determinate = value !== undefined;
  const pct = determinate ? Math.max(0, Math.min(100, Math.round(value))) : undefined;
  return (
    <div className={`progress-bar-wrapper ${className}`} role="status">
      <div className="progress-bar-label text-start" id={labelId}>
        {label}
        {determinate && <span> {pct}%</span>}
      </div>
      <div className={`progress ${determinate ? '' : 'progress-indeterminate'}`}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-labelledby={labelId}
          {...(determinate
            ? { 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100, style: { width: `${pct}%` } }
            : {})}
        />
      </div>
    </div>
  );
}
