import { Button } from 'design-react-kit';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n';

interface OneTimeSecretProps {
  title: string;
  text: string;
  label: string;
  secret: string;
  onClose(): void;
}

/**
 * A password the API shows once (a new account's temporary password). It takes the focus when shown,
 * can be copied, and is gone once closed or when the page is left: it is never stored.
 */
export function OneTimeSecret({ title, text, label, secret, onClose }: OneTimeSecretProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator !== 'undefined' && !!navigator.clipboard;
  useEffect(() => ref.current?.focus(), [secret]);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-warning one-time-secret" role="region" aria-label={title}>
      <h3 className="h5">{title}</h3>
      <p>{text}</p>
      <p className="mb-3">
        <span className="me-2">{label}:</span>
        <code data-testid="temporary-password">{secret}</code>
      </p>
      <div className="d-flex flex-wrap gap-2">
        {canCopy && (
          <Button
            color="primary"
            size="sm"
            onClick={() => {
              void navigator.clipboard.writeText(secret).then(() => setCopied(true));
            }}
          >
            {t('common.copy')}
          </Button>
        )}
        <Button color="secondary" outline size="sm" onClick={onClose}>
          {t('common.close')}
        </Button>
      </div>
      <p className="visually-hidden" role="status">
        {copied ? t('common.copied') : ''}
      </p>
    </div>
  );
}
