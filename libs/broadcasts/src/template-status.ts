import type { TemplateStatus } from './whatsapp-template.entity';

/**
 * What a Meta template event means for whether we may send the template. Events about quality or
 * editing (FLAGGED, LOCKED, UNLOCKED, …) change nothing: the template is as usable as before.
 */
export function templateStatusAfter(event: string): TemplateStatus | undefined {
  switch (event) {
    case 'APPROVED':
    case 'REINSTATED':
      return 'APPROVED';
    case 'REJECTED':
      return 'REJECTED';
    case 'PAUSED':
      return 'PAUSED';
    case 'PENDING':
    case 'IN_APPEAL':
      return 'PENDING';
    case 'DISABLED':
    case 'DELETED':
    case 'ARCHIVED':
    case 'PENDING_DELETION':
      return 'DISABLED';
    default:
      return undefined;
  }
}
