import { useEffect } from 'react';
import { t } from '../i18n';

/** The browser tab's title: "<page> – Bacheca". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – ${t('app.titleSuffix')}`;
  }, [title]);
}
