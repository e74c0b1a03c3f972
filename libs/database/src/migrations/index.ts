import { Foundation1764000000000 } from './1764000000000-foundation';
import { WhatsappChannel1764000100000 } from './1764000100000-whatsapp-channel';
import { Subscriptions1764000200000 } from './1764000200000-subscriptions';
import { Broadcasts1764000300000 } from './1764000300000-broadcasts';
import { Digests1764000400000 } from './1764000400000-digests';
import { Feeds1764000500000 } from './1764000500000-feeds';
import { ProviderHealth1764000600000 } from './1764000600000-provider-health';
import { DeliveryRecovery1764000900000 } from './1764000900000-delivery-recovery';
import { StoppedNumberHold1764001000000 } from './1764001000000-stopped-number-hold';
import { CitizenIndexes1764001100000 } from './1764001100000-citizen-indexes';
import { Retention1764001200000 } from './1764001200000-retention';
import { BroadcastQueueIndex1764001500000 } from './1764001500000-broadcast-queue-index';
import { AuditPurpose1764001620000 } from './1764001620000-audit-purpose';
import { DetailsRequestMemory1764001700000 } from './1764001700000-details-request-memory';

/** In order; a new migration is appended here. */
export const migrations = [
  Foundation1764000000000,
  WhatsappChannel1764000100000,
  Subscriptions1764000200000,
  Broadcasts1764000300000,
  Digests1764000400000,
  Feeds1764000500000,
  ProviderHealth1764000600000,
  DeliveryRecovery1764000900000,
  StoppedNumberHold1764001000000,
  CitizenIndexes1764001100000,
  Retention1764001200000,
  BroadcastQueueIndex1764001500000,
  AuditPurpose1764001620000,
  DetailsRequestMemory1764001700000,
];
