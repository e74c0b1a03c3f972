import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { t } from '../../i18n';
import { ToastContext, type Toast, type ToastApi, type ToastKind } from './toast-context';

const AUTO_CLOSE_MS = 8_000;
const MAX_SHOWN = 3;
const alertClass: Record<ToastKind, string> = { success: 'alert-success', info: 'alert-info', error: 'alert-danger' };

/**
 * Notifications for the outcome of actions. Both live regions are always in the page, so screen readers
 * announce what is added: successes politely, errors at once. Errors stay until closed; the others
 * close themselves after 8 s. At most three are shown.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const close = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (kind: ToastKind, text: string) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(1 - MAX_SHOWN), { id, kind, text }]);
      if (kind !== 'error') window.setTimeout(() => close(id), AUTO_CLOSE_MS);
    },
    [close],
  );
  const api = useMemo<ToastApi>(
    () => ({
      success: (text) => push('success', text),
      info: (text) => push('info', text),
      error: (text) => push('error', text),
    }),
    [push],
  );

  const render = (toast: Toast) => (
    <div key={toast.id} className={`alert ${alertClass[toast.kind]} alert-dismissible bg-white shadow-sm mb-2`}>
      <p className="mb-0 me-4">{toast.text}</p>
      <button type="button" className="btn-close" aria-label={t('common.dismiss')} onClick={() => close(toast.id)} />
    </div>
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toast-region" aria-label={t('common.notifications')}>
        <div role="status" aria-live="polite">
          {toasts.filter((x) => x.kind !== 'error').map(render)}
        </div>
        <div role="alert" aria-live="assertive">
          {toasts.filter((x) => x.kind === 'error').map(render)}
        </div>
      </section>
    </ToastContext.Provider>
  );
}
