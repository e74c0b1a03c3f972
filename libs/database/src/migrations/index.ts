import { Foundation1764000000000 } from './1764000000000-foundation';
import { WhatsappChannel1764000100000 } from './1764000100000-whatsapp-channel';
import { Subscriptions1764000200000 } from './1764000200000-subscriptions';

/** In order; a new migration is appended here. */
export const migrations = [Foundation1764000000000, WhatsappChannel1764000100000, Subscriptions1764000200000];
