import { Badge } from 'design-react-kit';
import type { BroadcastStatus, SubscriberStatus } from '../../api/types';
import { t } from '../../i18n';

const SUB: Record<SubscriberStatus, string> = { pending_confirmation: 'warning', active: 'success', unsubscribed: 'secondary' };
const BROADCAST: Record<BroadcastStatus, string> = {
  draft: 'secondary',
  awaiting_approval: 'warning',
  scheduled: 'primary',
  sending: 'primary',
  paused: 'warning',
  completed: 'success',
  cancelled: 'danger',
};

/** A subscriber's status as a badge: the text says it, the colour repeats it. */
export function SubscriberBadge({ status }: { status: SubscriberStatus }) {
  return (
    <Badge color={SUB[status]} pill className="status-badge">
      {t(`subStatus.${status}`)}
    </Badge>
  );
}

/** A broadcast's status as a badge. */
export function BroadcastBadge({ status }: { status: BroadcastStatus }) {
  return (
    <span data-testid="broadcast-status">
      <Badge color={BROADCAST[status]} pill className="status-badge">
        {t(`bStatus.${status}`)}
      </Badge>
    </span>
  );
}
