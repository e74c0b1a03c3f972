import { Badge } from 'design-react-kit';
import type { ComuneStatus } from '../../api/types';
import { t } from '../../i18n';

const COLOR: Record<ComuneStatus, string> = {
  onboarding: 'secondary',
  pre_launch: 'warning',
  active: 'success',
  suspended: 'danger',
};

/** A comune's status as a coloured badge; the text says it, the colour only repeats it. */
export function StatusBadge({ status }: { status: ComuneStatus }) {
  return (
    <Badge color={COLOR[status]} pill className="status-badge">
      {t(`status.${status}`)}
    </Badge>
  );
}
