import { Foundation1764000000000 } from './1764000000000-foundation';

/** In order; a new migration is appended here. */
export const migrations = [Foundation1764000000000];
