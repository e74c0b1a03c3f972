import { Foundation1764000000000 } from './1764000000000-foundation';
import { WhatsappChannel1764000100000 } from './1764000100000-whatsapp-channel';

/** In order; a new migration is appended here. */
export const migrations = [Foundation1764000000000, WhatsappChannel1764000100000];
