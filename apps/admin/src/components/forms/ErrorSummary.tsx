import { useEffect, useRef } from 'react';
import { t } from '../../i18n';

export interface SummaryItem {
  /** The id of the control. */
  id: string;
  label: string;
  message: string;
}

/**
 * After a refused submit: the list of fields to fix, each a link that moves the focus to its control.
 * It takes the focus itself when it appears (or changes), so the user hears what went wrong.
 */
export function ErrorSummary({ items, message, attempt }: { items: SummaryItem[]; message?: string; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = items.length > 0 || !!message;
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, attempt]);
  if (!visible) return null;
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-danger" role="alert">
      {message && <p className="mb-2">{message}</p>}
      {items.length > 0 && (
        <>
          <p className="fw-semibold mb-1">{t('error.summaryTitle')}</p>
          <ul className="mb-0">
            {items.map((item) => (
              <li key={item.id}>
                <a
                  href={`#${item.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(item.id)?.focus();
                  }}
                >
                  {item.label}: {item.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
