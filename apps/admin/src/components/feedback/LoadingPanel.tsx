import { t } from '../../i18n';
import { ProgressBar } from './ProgressBar';

/** What a page shows while its data loads. */
export function LoadingPanel({ label = t('common.loading') }: { label?: string }) {
  return (
    <div className="py-4" aria-busy="true">
      <ProgressBar label={label} />
    </div>
  );
}
