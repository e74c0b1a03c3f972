import { Badge } from 'design-react-kit';
import type { HealthLevel } from '../../api/types';
import { t } from '../../i18n';

const COLOR: Record<HealthLevel, string> = { ok: 'success', attention: 'warning', problem: 'danger' };

/** A comune's service health as a badge: the text says it, the colour repeats it. */
export function HealthBadge({ level }: { level: HealthLevel }) {
  return (
    <Badge color={COLOR[level]} pill className="status-badge">
      {t(`health.level.${level}`)}
    </Badge>
  );
}
